"""Figures of the chapter on the Russian response page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

import pandas as pd

from ...data import boundaries as geo
from ...evidence import events as event_data
from ...evidence import findings
from ...evidence import places as place_data
from ...evidence.sources import distinct_sources
from .. import maps
from ..registry import page_of, register
from .common import (
    BOUNDARIES,
    CHRONOLOGY_CAPTION,
    DEEPSTATE,
    GEONAMES,
    area_claims,
    km2,
    on,
    peak_layers,
    timeline,
)


def _response_timeline_finding() -> str:
    return (f"Russia declared a federal emergency on {on('ev-023')} and launched a local "
            f"counteroffensive in Korenevo district on {on('ev-090')}")


@register("fig-response-timeline",
          title=_response_timeline_finding,
          measure=("The events of chapter 2 (data/events.csv), one line each, dated as precisely as "
                   "the sources give them"),
          caption=CHRONOLOGY_CAPTION,
          alt="Chronology of Russian measures from August 2024: emergency regimes, "
              "evacuations and statements in August, counterattacks from September.",
          sources="Events as cited in data/events.csv.")
def response_timeline():
    return timeline("russian_response", "Russia's response: a chronology")


def _digest(events: pd.DataFrame, most: int = 4, chars: int = 110) -> str:
    """Up to ``most`` events as "date: summary" (each cut to ``chars`` with an ellipsis), and
    how many more there are, for a map tooltip."""
    lines = [f"{row.when}: {row.summary if len(row.summary) <= chars else row.summary[:chars].rstrip() + '…'}"
             for row in events.head(most).itertuples()]
    if len(events) > most:
        lines.append(f"and {len(events) - most} more (see the events table)")
    return " | ".join(lines)


def _response_map_finding() -> str:
    counts = event_data.events_at_district_centres(
        event_data.events_with_sources("russian_response"))["place"].value_counts()
    (first, n1), (second, n2) = list(counts.items())[:2]
    return (f"Russia's response was reported most often at {first} ({n1} events) and "
            f"{second} ({n2})")


@register("fig-response-map",
          title=_response_map_finding,
          measure=("Places of chapter 2's events (dot size: number of events) over the area "
                   "DeepState mapped as held by Ukraine at its peak"),
          caption="Places named in this chapter's events, sized by the number of events there, "
                  "over the area DeepState mapped as held by Ukraine at its peak, and the other "
                  "places the chapter names that a source we read locates (small dots). Events "
                  "reported only for a district are drawn at the district centre.",
          alt="Map of Kursk oblast with dots at the towns where the Russian response was "
              "reported: largest at Glushkovo, west of the Ukrainian-held area, and at "
              "Kurchatov, site of the nuclear plant; smaller at Korenevo, Sudzha, Rylsk and "
              "Khomutovka.",
          sources=f"Events as cited in data/events.csv; {DEEPSTATE}; {BOUNDARIES}; {GEONAMES}.",
          approximate="places are settlement points, not the exact site of each event; "
                      "district-level events are drawn at the district centre.")
def response_map():
    events = event_data.events_at_district_centres(
        event_data.events_with_sources("russian_response"))
    counts = (events.groupby(["place", "lat", "lon"])
              .apply(lambda g: pd.Series({"events": len(g), "note": _digest(g),
                                          "sources": distinct_sources(g["sources"])}),
                     include_groups=False)
              .reset_index().rename(columns={"place": "name", "events": "population"}))
    _, layers = peak_layers()
    located = geo.settlements_frame()
    named = place_data.named_on(page_of("fig-response-map"))
    landmarks = located[located["name"].isin(named) & ~located["name"].isin(counts["name"])]
    chart = maps.control_map(geo.oblasts(display=True), geo.border(), layers, counts,
                             title="Places of the Russian response (dot size: events)",
                             size_title="Events", landmarks=landmarks)
    return chart, counts.rename(columns={"population": "events"})


def _area_autumn_finding() -> str:
    f = findings.russian_response()
    return (f"Between its peak on {f['peak_date']} and the end of 2024 Ukraine lost "
            f"{f['lost_2024_pct']:.0f} % of its hold, down to {km2(f['held_20241231'])}")


@register("fig-area-autumn",
          title=_area_autumn_finding,
          measure=("Area held by Ukraine in Kursk oblast, km²: DeepState's map (lines: held, and "
                   "held or grey zone) and the figures each side claimed (points)"),
          caption="DeepState's held area (solid) and held-or-contested area (dashed) while "
                  "Russia counterattacked, beside the figures each side published.",
          alt="Line chart from September 2024 to January 2025: the area DeepState mapped as "
              "held by Ukraine falls from about 900 km² to roughly half that, with published "
              "figures shown as points.",
          sources=f"{DEEPSTATE}; claims as cited in data/claims.csv. Our computation.")
def area_autumn():
    return area_claims("2024-09-01", "2025-01-31")
