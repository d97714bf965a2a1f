"""What several pages' figures share: source lines, the peak-day layers, event timelines."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ... import dates
from ...data import boundaries as geo
from ...data import external as control
from ...evidence import events as event_data
from ...evidence import series as measures
from .. import charts

DEEPSTATE = "DeepStateMap.Live via the deepstatemaps-history archive (held area, grey zone)"
ISW = "Institute for the Study of War with AEI's Critical Threats Project (Russian advances)"
BOUNDARIES = "Natural Earth (boundaries)"
OCCUPIED = ("DeepStateMap.Live via the deepstate-map-data archive (area occupied by Russia in "
            "Ukraine)")
GEONAMES = "GeoNames (places, CC BY 4.0)"
#: The caption every chapter chronology shares.
CHRONOLOGY_CAPTION = ("One line per event of this chapter in data/events.csv, in date order "
                      "under the phases of data/phases.csv: the date as precise as the sources "
                      "give it and a short headline of ours; the dot on the left places the "
                      "event in time, coloured by actor, its shape saying whether it is "
                      "confirmed, claimed by one side or disputed. Hover a line for the full "
                      "summary and its sources.")


def peak_layers() -> tuple[pd.Timestamp, object]:
    """(peak day, DeepState layers that day clipped to Kursk oblast, EPSG:4326)."""
    series = measures.measured_series()
    day, _ = measures.peak(series)
    return day, control.deepstate_snapshot_polygons(geo.kursk_oblast(), day)


def timeline(chapter: str, title: str):
    """(labelled chronology, its data) of one chapter's events (``chapter``: its page key),
    under the phases of data/phases.csv."""
    from ...data.tables import load_phases

    rows = event_data.events_with_sources(chapter)
    columns = ["event_id", "date", "date_precision", "when", "actor", "type", "place",
               "headline", "summary", "status", "sources"]
    return charts.chronology(rows[columns], load_phases(), title=title), rows[columns]


def area_claims(start: str, end: str, title: str = "Area held by Ukraine in Kursk oblast (km²)",
                **options):
    """(chart, data) of DeepState's measured held area between ``start`` and ``end``
    (YYYY-MM-DD) with every area claim of those dates beside it; ``options`` go to
    :func:`analysis.figures.charts.claimed_vs_measured` (``turning_points=True``: the
    campaign's turning points labelled above the chart, the March collapse shaded)."""
    from ...evidence import claims as claim_data

    series = measures.measured_series()
    claims = claim_data.claims_with_sources("area_held_by_ukraine", start, end)
    if options.pop("turning_points", False):
        options["events"], options["spans"] = event_data.turning_points()
    chart = charts.claimed_vs_measured(series, claims, start=start, end=end, title=title,
                                       **options)
    columns = options.get("measures")
    data = (charts.measured_long(series, columns, start=start, end=end) if columns
            else charts.measured_long(series, start=start, end=end))
    return chart, data


def area_with_events(marks, start: str, end: str, title: str):
    """(chart, data) of DeepState's measured held area between ``start`` and ``end`` with the
    numbered events ``marks`` (as from :func:`analysis.evidence.events.numbered`) drawn as
    dated rules."""
    series = measures.measured_series()
    chart = charts.claimed_vs_measured(series, None, start=start, end=end,
                                       events=marks[event_data.MARK_COLUMNS
                                                    + ["number", "date_precision"]],
                                       title=title)
    return chart, charts.measured_long(series, start=start, end=end)


def panels_on(days: list[str]) -> tuple[list, pd.DataFrame]:
    """(panel title, DeepState layers clipped to the oblast, EPSG:4326) for each of ``days``,
    and the layers' areas (km2) by day."""
    oblast = geo.kursk_oblast()
    panels, rows = [], []
    for day in days:
        layers = control.deepstate_snapshot_polygons(oblast, day)
        held = layers.loc[layers["layer"] == "held_by_ukraine", "area_km2"].sum()
        panels.append((f"{dates.short(day)}: {held:,.0f} km² held", layers))
        rows.append(layers.drop(columns="geometry").assign(date=day))
    return panels, pd.concat(rows, ignore_index=True)


# --- the figures' findings: the words and numbers their titles are made of -------------------

def km2(value: float) -> str:
    """An area as the titles give it: whole km² with a thousands separator ("899 km²")."""
    return f"{value:,.0f} km²"


def key(key_id: str) -> dict:
    """One key quantity's row of :func:`analysis.evidence.key_numbers.table` (value, text as
    given, as-of date at its precision as ``as_of_text``, claimant)."""
    return _key_table()[key_id]


@lru_cache(maxsize=1)
def _key_table() -> dict:
    from ...evidence import key_numbers

    return {row["key"]: row for row in key_numbers.table().to_dict("records")}


def on(event_id: str) -> str:
    """The date of event ``event_id`` of data/events.csv, at its precision ("9 August 2024",
    "January 2025")."""
    from ... import dates
    from ...data.tables import load_events

    row = load_events().set_index("event_id").loc[event_id]
    return dates.long(row["date"], row["date_precision"])
