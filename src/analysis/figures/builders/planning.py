"""Figures of the chapter on planning and surprise page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

from ... import dates
from ...data import boundaries as geo
from ...evidence import comparisons, findings
from .. import charts, maps
from ..registry import register
from .common import (
    BOUNDARIES,
    CHRONOLOGY_CAPTION,
    DEEPSTATE,
    GEONAMES,
    area_claims,
    key,
    km2,
    on,
    peak_layers,
    timeline,
)


def _peak_map_finding() -> str:
    f = findings.planning_and_surprise()
    return (f"At its peak on {f['peak_date']} Ukraine held {km2(f['peak_km2'])} of Kursk oblast, "
            "around the town of Sudzha")


@register("fig-peak-map",
          title=_peak_map_finding,
          measure=("Area DeepState mapped as held by Ukraine and as grey zone on the day its held "
                   "area was largest; places as located by the sources cited, sized by population"),
          caption="Kursk oblast on the day DeepState's Ukrainian-held area was largest, with the "
                  "grey zone around it, the state border and every place in the oblast and "
                  "across the border that a source we read locates, sized by population (an "
                  "open circle where no source gives one) and named where a name fits. Of the "
                  "places of 1,000 people or more in GeoNames, only Sudzha lies inside the held "
                  "area; the other places inside it are villages.",
          alt="Map of Kursk oblast and the Ukrainian border: a blue area south-west of Kursk "
              "around Sudzha shows the territory Ukraine held at the peak, fringed by a grey "
              "zone; towns are marked as dots sized by population.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m; a place is one point (GeoNames or "
                      "the encyclopedia page cited for it).")
def peak_map():
    day, layers = peak_layers()
    places = geo.settlements_frame()
    places = places[places["oblast"].isin(["Kursk", "Sumy"])]
    chart = maps.control_map(geo.oblasts(display=True), geo.border(), layers, places,
                             title=f"Ukrainian-held area on {dates.short(day)} (DeepState)",
                             size_title="Population (as sourced)")
    data = layers.drop(columns="geometry").assign(date=day)
    return chart, data


def _area_aug_sep_finding() -> str:
    f, claim = findings.planning_and_surprise(), key("largest_area_claim")
    return (f"Ukraine's hold peaked at {km2(f['peak_km2'])} on {f['peak_date']} and never "
            f"reached the {km2(claim['value'])} {claim['claimant'].split(' (')[0]} claimed")


@register("fig-area-aug-sep",
          title=_area_aug_sep_finding,
          measure=("Area held by Ukraine in Kursk oblast, km²: DeepState's map (lines: held, and "
                   "held or grey zone) and the figures each side claimed (points)"),
          caption="The area each side said Ukraine held, beside the area DeepState mapped as held "
                  "(solid) and as held or contested (dashed).",
          alt="Line chart from 6 August to 30 September 2024: DeepState's held area rises "
              "steeply in the first two weeks and then levels off; claims by Ukrainian and "
              "Russian officials are shown as points.",
          sources=f"{DEEPSTATE}; claims as cited in data/claims.csv. Our computation.")
def area_aug_sep():
    return area_claims("2024-08-06", "2024-09-30")


def _peak_share_finding() -> str:
    f = findings.planning_and_surprise()
    return (f"At its peak Ukraine held {f['peak_share']:.0f} % of Kursk oblast; the largest "
            f"claim, {km2(f['largest_claim_km2'])}, would have been {f['largest_claim_share']:.0f} %")


@register("fig-peak-share",
          title=_peak_share_finding,
          measure=("Area, km², on one linear scale: Kursk oblast, the largest area a Ukrainian "
                   "official claimed, and DeepState's held area at the peak"),
          caption="Kursk oblast's area beside the largest area a Ukrainian official claimed in "
                  "August-September 2024 and the area DeepState mapped at the peak, each with its "
                  "share of the oblast; hover a bar for its source.",
          alt="Horizontal bar chart: Kursk oblast at about 30,000 km² dwarfs the Ukrainian claim "
              "of 1,300 km² and the roughly 900 km² DeepState mapped as held at the peak, "
              "which is about 3 percent of the oblast.",
          sources=f"{BOUNDARIES}; {DEEPSTATE}; claims as cited in data/claims.csv. "
                  "Our computation.")
def peak_share():
    table = comparisons.peak_share_table()
    chart = charts.comparison_bars(table, title="Area in km² (share of Kursk oblast in tooltip)",
                                   x_title="km²", share="share_pct")
    return chart, table


def _first_weeks_finding() -> str:
    f = findings.planning_and_surprise()
    return (f"Ukraine crossed the border on {on('ev-014')}; three weeks later, on 27 August, "
            f"DeepState showed it holding {km2(f['measured_0827_km2'])}")


@register("fig-first-weeks-timeline",
          title=_first_weeks_finding,
          measure=("The events of chapter 1 (data/events.csv), one line each, dated as precisely as "
                   "the sources give them"),
          caption=CHRONOLOGY_CAPTION,
          alt="Chronology from July to September 2024: planning reports in July, then a dense "
              "run of offensive events and statements between 6 and 27 August 2024.",
          sources="Events as cited in data/events.csv.")
def first_weeks_timeline():
    return timeline("planning_and_surprise", "Planning and the first weeks: a chronology")
