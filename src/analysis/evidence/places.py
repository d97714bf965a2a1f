"""The places the book names: which pages name each, and where each stood on DeepState's map.

A page names a place when its source text contains the place's name (as data/settlements.csv
spells it) as a whole word, not followed by a word that makes it a region ("Kursk oblast") or
a possessive ("Kursk's"). The status on DeepState's map is measured at the place's sourced
point: inside the layer DeepState marked as held by Ukraine ("held"), inside its grey zone
("grey"), or in neither ("neither"); places outside Kursk oblast, or without a sourced
coordinate, are not measured.
"""
from __future__ import annotations

import re

import pandas as pd
from shapely.geometry import Point

from .. import toc
from ..data import boundaries
from ..data import external as control
from ..data.tables import load_settlements
from . import series as measures

#: Days on which the places' status is measured, besides the peak (our choice: late autumn,
#: the eve of the March collapse, the fall of Sudzha, Russia's claim of full control).
STATUS_DAYS = ["2024-11-20", "2025-03-05", "2025-03-16", "2025-04-26"]


#: Words after a place name that make it the name of a region or of the operation, not the
#: place ("Kursk oblast", "the Kursk incursion").
NOT_THE_PLACE = r"\s+(?:oblast|Oblast|region|Region|direction|operation|incursion|front|border)"


def _named(text: str, name: str) -> bool:
    """Whether ``text`` names the place ``name`` as a whole word (not a region of that name,
    nor part of a hyphenated name)."""
    pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-])(?!{NOT_THE_PLACE})(?!['’]s\b)"
    return re.search(pattern, text) is not None


def pages_naming() -> dict[str, list[toc.Page]]:
    """For each place name of data/settlements.csv, the pages of the toc whose text names it,
    in book order."""
    texts = {page: page.source.read_text(encoding="utf-8") for page in toc.pages()
             if page.source.exists()}
    return {name: [page for page, text in texts.items() if _named(text, name)]
            for name in load_settlements()["name"]}


def named_on(page: toc.Page) -> list[str]:
    """The place names ``page`` names (see :func:`pages_naming`)."""
    return [name for name, pages in pages_naming().items() if page in pages]


def status_days() -> list[pd.Timestamp]:
    """The days of the status columns: DeepState's peak, then :data:`STATUS_DAYS`."""
    peak, _ = measures.peak(measures.measured_series())
    return [pd.Timestamp(peak)] + [pd.Timestamp(d) for d in STATUS_DAYS]


def status_on_map(days: list[pd.Timestamp] | None = None) -> pd.DataFrame:
    """``settlement_id`` and, per day of ``days`` (default :func:`status_days`), a column
    named YYYY-MM-DD holding held / grey / neither, measured at the place's point on
    DeepState's layers in force that day; empty for places not measured (see the module
    docstring)."""
    days = days or status_days()
    oblast = boundaries.kursk_oblast()
    places = load_settlements()
    measured = places["lat"].notna() & places["oblast"].eq("Kursk")
    out = pd.DataFrame({"settlement_id": places["settlement_id"]})
    for day in days:
        snapshot = control.deepstate_snapshot_polygons(oblast, day)
        layers = dict(zip(snapshot["layer"], snapshot.geometry))
        column: list[str | None] = []
        for row, is_measured in zip(places.itertuples(index=False), measured):
            if not is_measured:
                column.append(None)
                continue
            point = Point(row.lon, row.lat)
            column.append("held" if "held_by_ukraine" in layers and
                          layers["held_by_ukraine"].covers(point) else
                          "grey" if "grey_zone" in layers and layers["grey_zone"].covers(point)
                          else "neither")
        out[f"{day:%Y-%m-%d}"] = column
    return out
