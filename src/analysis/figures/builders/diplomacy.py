"""Figures of the chapter on the diplomatic stakes page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

from ... import dates
from ...evidence import comparisons, findings
from ...evidence import events as event_data
from .. import charts
from ..registry import register
from .common import (
    CHRONOLOGY_CAPTION,
    DEEPSTATE,
    area_with_events,
    on,
    timeline,
)


def _battlefield_diplomacy_finding() -> str:
    f = findings.diplomatic_stakes()
    return (f"Between the Oval Office clash ({on('ev-195')}) and {dates.long('2025-03-16')}, "
            f"Ukraine lost {f['lost_0228_0316_pct']:.0f} % of its hold in Kursk")


@register("fig-battlefield-diplomacy",
          title=_battlefield_diplomacy_finding,
          measure=("Area held by Ukraine in Kursk oblast, km² (DeepState), with chapter 5's "
                   "diplomatic events"),
          caption="DeepState's measured area held by Ukraine, with the diplomatic events of "
                  "this chapter labelled above the chart, each with a dated rule across it; "
                  "hover a label for the event's summary and sources.",
          alt="Line chart of the Ukrainian-held area from November 2024 to May 2025 with "
              "vertical rules at the White House meeting of 28 February 2025, the pause and "
              "resumption of US aid, and Russia's claim of full control in late April.",
          sources=f"{DEEPSTATE}; events as cited in data/events.csv. Our computation.")
def battlefield_diplomacy():
    return area_with_events(event_data.diplomatic_events(), "2024-11-01", "2025-05-31",
                            "Area held by Ukraine (km², DeepState) and diplomatic events")


def _exchange_arithmetic_finding() -> str:
    f = findings.diplomatic_stakes()
    return (f"As Kyiv floated a land swap, Russia held about {round(f['ratio_reported'], -1):,.0f} "
            "times as much of Ukraine as Ukraine held of Russia")


@register("fig-exchange-arithmetic",
          title=_exchange_arithmetic_finding,
          measure=("Area, km², on one linear scale, 12 February 2025: Ukraine occupied by Russia and"
                   " Kursk oblast held by Ukraine as Reuters reported them, and DeepState's measure"),
          caption="On 12 February 2025, as Kyiv floated swapping land: the area of Ukraine "
                  "occupied by Russia and the area Ukraine held in Kursk oblast, as Reuters "
                  "reported them, and DeepState's measured area that day, on one linear scale.",
          alt="Horizontal bar chart: a bar of about 112,000 km² for Ukrainian land occupied by "
              "Russia next to bars of about 450 and 424 km² for the area Ukraine held in Kursk, "
              "barely visible at this scale.",
          sources=f"Claims as cited in data/claims.csv; {DEEPSTATE}. Our computation.")
def exchange():
    table = comparisons.exchange_arithmetic("2025-02-12")
    chart = charts.comparison_bars(table, title="Area in km², 12 February 2025", x_title="km²")
    return chart, table


def _diplomacy_timeline_finding() -> str:
    return (f"Zelensky offered held Kursk land in a territorial swap on {on('ev-189')}; "
            f"the Kremlin rejected it on {on('ev-190')}")


@register("fig-diplomacy-timeline",
          title=_diplomacy_timeline_finding,
          measure=("The events of chapter 5 (data/events.csv), one line each, dated as precisely as "
                   "the sources give them"),
          caption=CHRONOLOGY_CAPTION,
          alt="Chronology from August 2024 to June 2025 of Ukrainian, Russian and US "
              "statements and diplomatic events, clustered in August 2024, February to March "
              "2025 and late April 2025.",
          sources="Events as cited in data/events.csv.")
def diplomacy_timeline():
    return timeline("diplomatic_stakes", "The diplomatic stakes: a chronology")
