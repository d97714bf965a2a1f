"""The places appendix: every place the book names, where it is, how it is spelled, what each
side claimed about it and where it stood on DeepState's map."""
from __future__ import annotations

import html

import pandas as pd

from .. import toc
from ..data.tables import load_settlements, load_sources
from ..evidence import places as place_data
from ..evidence.sources import describe_sources
from ..figures.render import HTMLFragment
from .book import table


def _page_links(pages: list[toc.Page]) -> str:
    """Links from the places page (book/) to each page, named by its number."""
    names = {"overview": lambda p: "Overview", "chapter": lambda p: p.number,
             "appendix": lambda p: f"App. {p.number}"}
    return ", ".join(f'<a href="../{html.escape(p.html)}">{html.escape(names[p.kind](p))}</a>'
                     for p in pages)


def _places() -> pd.DataFrame:
    table_ = load_settlements()
    named = place_data.pages_naming()
    table_["named_on"] = [_page_links(named[n]) for n in table_["name"]]
    return table_.sort_values(["oblast", "name"], kind="stable")


def names_table(*, caption: str) -> HTMLFragment:
    """One row per place: the book's spelling, Ukrainian and Russian spellings, kind, oblast
    and district, and links to the pages naming it."""
    frame = _places()
    frame["where"] = [", ".join(str(v) for v in (o, d) if isinstance(v, str) and v)
                      for o, d in zip(frame["oblast"], frame["district"])]
    frame["spellings"] = [" / ".join(v for v in (uk, ru) if isinstance(v, str) and v)
                          for uk, ru in zip(frame["name_uk"], frame["name_ru"])]
    return table(frame, caption=caption, markup_columns=("named_on",),
                 columns={"name": "Place", "spellings": "Ukrainian / Russian", "kind": "Kind",
                          "where": "Oblast, district", "named_on": "Named on"})


def locations_table(*, caption: str) -> HTMLFragment:
    """One row per place: coordinates (degrees, EPSG:4326; "not located" where no source we
    read gives them; an approximate position says so, with the distance and direction its
    source gives) and the sources of the coordinates and of the spellings."""
    from ..data.boundaries import approximate_positions

    frame = approximate_positions(_places())
    sources = load_sources().set_index("source_id")
    frame["coordinates"] = ["not located" if pd.isna(lat) else
                            f"{lat:.4f}, {lon:.4f}" + (f" ({text})" if text else "")
                            for lat, lon, text in zip(frame["lat"], frame["lon"],
                                                      frame["position_text"])]
    frame["coordinates_from"] = [describe_sources(i, sources) if isinstance(i, str) else ""
                                 for i in frame["coordinate_source_id"]]
    frame["names_from"] = [describe_sources(i, sources) if isinstance(i, str) else ""
                           for i in frame["names_source_ids"]]
    return table(frame, caption=caption, breakable=("coordinates_from", "names_from"),
                 columns={"name": "Place", "coordinates": "Lat, lon",
                          "coordinates_from": "Coordinates from",
                          "names_from": "Spellings from"})


def claims_table(*, caption: str) -> HTMLFragment:
    """One row per place in Kursk oblast, or that either side claimed: the day each side's
    officials claimed to control it, with sources, and its status on DeepState's map on the
    days of :func:`analysis.evidence.places.status_days` (held / grey / neither, in day order;
    or why it was not measured)."""
    frame = _places()
    sources = load_sources().set_index("source_id")
    for side in ("ukraine", "russia"):
        frame[f"{side}_text"] = [
            f"{day:%d %b %Y} ({describe_sources(ids, sources)})" if pd.notna(day) else ""
            for day, ids in zip(frame[f"{side}_claimed"], frame[f"{side}_claim_source_ids"])]
    status = place_data.status_on_map()
    days = [c for c in status.columns if c != "settlement_id"]
    status["status"] = [" · ".join(row) if all(isinstance(v, str) for v in row) else ""
                        for row in status[days].itertuples(index=False)]
    frame = frame.merge(status[["settlement_id", "status"]], on="settlement_id", how="left")
    frame["status"] = [text or ("not measured: no coordinate" if pd.isna(lat)
                                else "not measured: outside Kursk oblast")
                       for text, lat in zip(frame["status"], frame["lat"])]
    shown = frame[(frame["oblast"] == "Kursk") | frame["ukraine_claimed"].notna()
                  | frame["russia_claimed"].notna()]
    heading = "On DeepState's map, " + " · ".join(f"{pd.Timestamp(d):%d %b %Y}" for d in days)
    return table(shown, caption=caption,
                 columns={"name": "Place", "ukraine_text": "Ukraine claimed control",
                          "russia_text": "Russia claimed control", "status": heading})
