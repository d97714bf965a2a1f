"""Figures of the chapter on planning and surprise page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

from ...data import boundaries as geo
from ...evidence import comparisons
from .. import charts, maps
from ..registry import register
from .common import (
    BOUNDARIES,
    CHRONOLOGY_CAPTION,
    DEEPSTATE,
    GEONAMES,
    area_claims,
    peak_layers,
    timeline,
)


@register("fig-peak-map",
          title="The area Ukraine held at its measured peak",
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
                             title=f"Ukrainian-held area on {day:%d %b %Y} (DeepState)",
                             size_title="Population (as sourced)")
    data = layers.drop(columns="geometry").assign(date=day)
    return chart, data


@register("fig-area-aug-sep",
          title="Claimed and measured area, August-September 2024",
          caption="The area each side said Ukraine held, beside the area DeepState mapped as held "
                  "(solid) and as held or contested (dashed).",
          alt="Line chart from 6 August to 30 September 2024: DeepState's held area rises "
              "steeply in the first two weeks and then levels off; claims by Ukrainian and "
              "Russian officials are shown as points.",
          sources=f"{DEEPSTATE}; claims as cited in data/claims.csv. Our computation.")
def area_aug_sep():
    return area_claims("2024-08-06", "2024-09-30")


@register("fig-peak-share",
          title="What share of Kursk oblast Ukraine held",
          caption="Kursk oblast's area beside the largest area a Ukrainian official claimed in "
                  "August-September 2024 and the area DeepState mapped at the peak; hover a bar "
                  "for its source and its share of the oblast.",
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


@register("fig-first-weeks-timeline",
          title="The first weeks, event by event",
          caption=CHRONOLOGY_CAPTION,
          alt="Chronology from July to September 2024: planning reports in July, then a dense "
              "run of offensive events and statements between 6 and 27 August 2024.",
          sources="Events as cited in data/events.csv.")
def first_weeks_timeline():
    return timeline("planning_and_surprise", "Planning and the first weeks: a chronology")
