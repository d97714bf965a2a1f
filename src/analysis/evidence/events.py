"""Events joined to their sources and places, and the selections figures and tables mark."""
from __future__ import annotations

import pandas as pd

from .. import dates
from ..data import boundaries
from ..data.tables import load_events, load_settlements, load_sources
from .sources import describe_sources

#: Kinds of chapter-3 events marked on the front-line chart (combat and deployments).
NK_MARKED_TYPES = ("deployment", "counterattack", "offensive")
#: What a numbered rule on a line chart carries: its date, number, and the event's text and
#: sources for the tooltip.
MARK_COLUMNS = ["date", "label", "when", "summary", "sources"]


def events_with_sources(chapter: str | None = None, events: pd.DataFrame | None = None) \
        -> pd.DataFrame:
    """Events (optionally of one chapter, by its key: see :attr:`analysis.toc.Page.key`) with ``sources``: "Publisher, YYYY-MM-DD; …" for
    tooltips and tables, ``when``: the date as precise as the sources give it ("2024-08-06",
    or "January 2025" for a month), and the settlement's ``lat``/``lon`` (degrees, EPSG:4326)
    where one is named."""
    events = load_events() if events is None else events
    if chapter is not None:
        events = events[events["chapter"] == chapter]
    sources = load_sources().set_index("source_id")
    out = events.assign(sources=[describe_sources(ids, sources) for ids in events["source_ids"]],
                        when=[dates.cell(d, p)
                              for d, p in zip(events["date"], events["date_precision"])])
    places = load_settlements()[["settlement_id", "lat", "lon"]]
    return out.merge(places, on="settlement_id", how="left").sort_values(["date", "event_id"]) \
        .reset_index(drop=True)


def events_at_district_centres(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose place is a district ("Glushkovo district", "Rylsk and Khomutovka
    districts") placed at the district centre of the same name where the gazetteer has it
    (``lat``/``lon`` in degrees, EPSG:4326), with ``place`` set to that centre, so they count
    with the events at the town itself; events at a named settlement keep theirs. A schematic
    placement, which the map's note must say."""
    places = boundaries.settlements_frame().set_index("name")
    rows = []
    for _, event in events.iterrows():
        if pd.notna(event["lat"]):
            rows.append(event)
            continue
        text = str(event["place"])
        if not text.endswith((" district", " districts")):
            continue
        names = text.rsplit(" ", 1)[0].split(" and ")
        for name in (n.strip() for n in names):
            if name in places.index:
                moved = event.copy()
                moved["place"] = name
                moved["lat"], moved["lon"] = places.at[name, "lat"], places.at[name, "lon"]
                rows.append(moved)
    return pd.DataFrame(rows).reset_index(drop=True)


def numbered(events: pd.DataFrame) -> pd.DataFrame:
    """Number events (1, 2, ...) in date order, for charts that label each rule with its
    number and tables that explain the numbers."""
    events = events.sort_values(["date", "event_id"]).reset_index(drop=True)
    return events.assign(number=[str(i + 1) for i in range(len(events))],
                         label=events["headline"])


def diplomatic_events() -> pd.DataFrame:
    """Chapter 5's diplomacy and statement events from November 2024 to May 2025, numbered as
    on the battlefield-diplomacy figure."""
    events = events_with_sources("diplomatic_stakes")
    events = events[(events["date"] >= "2024-11-01") & (events["date"] <= "2025-05-31")
                    & events["type"].isin(["diplomacy", "statement"])]
    return numbered(events)


def nk_front_events() -> pd.DataFrame:
    """Chapter 3's deployment and combat events of October 2024 to April 2025, numbered in
    date order as on the North Korean front-line figure."""
    events = events_with_sources("north_korean_role")
    events = events[events["type"].isin(NK_MARKED_TYPES)
                    & events["date"].between("2024-10-01", "2025-04-30")]
    return numbered(events)


#: The campaign's turning points, as annotated on the campaign charts: (phase, which boundary,
#: our label). Their dates are the phase boundaries of data/phases.csv.
PHASE_TURNS = [("incursion", "start", "Ukraine crosses the border"),
               ("attrition", "start", "First large Russian counterattack"),
               ("endgame", "end", "Russia claims full control")]
#: The event marking North Korean units reported in Kursk: Ukraine's military intelligence
#: (HUR) recording the first units there (chapter 3).
NK_ARRIVAL_EVENT = "ev-128"
#: The shaded period: the March collapse.
COLLAPSE_PHASE = "collapse"


def turning_points() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The campaign charts' annotations: (marks: ``date``, ``label``, ``when``, ``summary``,
    ``sources``; spans: ``date``, ``end``, ``label``). Dates come from data/phases.csv and
    from event :data:`NK_ARRIVAL_EVENT`; the labels are ours."""
    from ..data.tables import load_phases

    phases = load_phases().set_index("phase")
    sources = load_sources().set_index("source_id")
    rows = []
    for phase, boundary, label in PHASE_TURNS:
        row = phases.loc[phase]
        rows.append({"date": row[boundary], "label": label, "summary": row["basis"],
                     "sources": describe_sources(row["source_ids"], sources)})
    nk = events_with_sources("north_korean_role").set_index("event_id").loc[NK_ARRIVAL_EVENT]
    rows.append({"date": nk["date"], "label": "North Korean units reported in Kursk",
                 "summary": nk["summary"], "sources": nk["sources"]})
    marks = pd.DataFrame(rows).sort_values("date").reset_index(drop=True)
    marks["when"] = [dates.short(d) for d in marks["date"]]
    collapse = phases.loc[COLLAPSE_PHASE]
    spans = pd.DataFrame([{"date": collapse["start"], "end": collapse["end"],
                           "label": f"{collapse['label']} ({collapse['start']:%d %b} to "
                                    f"{collapse['end']:%d %b %Y})",
                           "sources": "Our periodisation (data/phases.csv), after "
                                      + describe_sources(collapse["source_ids"], sources)}])
    return marks, spans
