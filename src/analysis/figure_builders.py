"""The builders behind every figure in the registry (see :mod:`analysis.figures`).

Each builder loads what it needs through the package and returns ``(chart, data)``.
"""
from __future__ import annotations

import pandas as pd

from . import charts, control, geo, maps, measures
from .figures import register

DEEPSTATE = "DeepStateMap.Live via the deepstatemaps-history archive (held area, grey zone)"
ISW = "Institute for the Study of War with AEI's Critical Threats Project (Russian advances)"
BOUNDARIES = "Natural Earth (boundaries)"
GEONAMES = "GeoNames (places, CC BY 4.0)"


def _peak_layers() -> tuple[pd.Timestamp, object]:
    series = measures.measured_series()
    day, _ = measures.peak(series)
    return day, control.deepstate_snapshot_polygons(geo.kursk_oblast(), day)


@register("fig-peak-map", "01_planning_and_surprise",
          title="The area Ukraine held at its measured peak",
          caption="Kursk oblast on the day DeepState's Ukrainian-held area was largest, with the "
                  "grey zone around it, the state border and the main towns of the area, sized "
                  "by population.",
          alt="Map of Kursk oblast and the Ukrainian border: a blue area south-west of Kursk "
              "around Sudzha shows the territory Ukraine held at the peak, fringed by a grey "
              "zone; towns are marked as dots sized by population.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m; village positions from GeoNames.")
def peak_map():
    day, layers = _peak_layers()
    places = geo.settlements_frame()
    places = places[places["oblast"].isin(["Kursk", "Sumy"])]
    chart = maps.control_map(geo.oblasts(display=True), geo.border(), layers, places,
                             title=f"Ukrainian-held area on {day:%d %B %Y} (DeepState)")
    data = layers.drop(columns="geometry").assign(date=day)
    return chart, data


@register("fig-area-aug-sep", "01_planning_and_surprise",
          title="Claimed and measured area, August-September 2024",
          caption="The area each side said Ukraine held, beside the area DeepState mapped as held "
                  "(solid) and as held or contested (dashed).",
          alt="Line chart from 6 August to 30 September 2024: DeepState's held area rises "
              "steeply in the first two weeks and then levels off; claims by Ukrainian and "
              "Russian officials are shown as points.",
          sources=f"{DEEPSTATE}; claims as cited in data/claims.csv. Our computation.")
def area_aug_sep():
    series = measures.measured_series()
    claims = measures.claims_with_sources("area_held_by_ukraine", "2024-08-06", "2024-09-30")
    chart = charts.claimed_vs_measured(series, claims, start="2024-08-06", end="2024-09-30",
                                       title="Area held by Ukraine in Kursk oblast (km²)")
    return chart, charts.measured_long(series, start="2024-08-06", end="2024-09-30")


@register("fig-area-full", "04_russian_counteroffensive",
          title="Area held by Ukraine, August 2024 to April 2025",
          caption="DeepState's measured held area and grey zone, ISW's cumulative Russian "
                  "advances and each claimant's figures.",
          alt="Line chart from August 2024 to April 2025: the Ukrainian-held area peaks in "
              "early September 2024, shrinks slowly through the winter and collapses in March "
              "2025; ISW's Russian-advance area rises as the held area falls.",
          sources=f"{DEEPSTATE}; {ISW}; claims as cited in data/claims.csv. Our computation.")
def area_full():
    series = measures.measured_series()
    claims = measures.claims_with_sources("area_held_by_ukraine", "2024-08-06", "2025-04-30")
    chart = charts.claimed_vs_measured(
        series, claims, start="2024-08-06", end="2025-04-30",
        measures=("held_by_ukraine_km2", "held_or_grey_km2", "isw_retaken_by_russia_km2"),
        title="Area in Kursk oblast (km²)")
    return chart, charts.measured_long(
        series, ("held_by_ukraine_km2", "held_or_grey_km2", "isw_retaken_by_russia_km2"),
        "2024-08-06", "2025-04-30")


#: Dates of the small-multiple maps (our choice: the peak, then the state before and after each
#: turning point the chapters discuss).
SMALL_MULTIPLE_DATES = ["2024-09-06", "2024-11-20", "2025-01-15", "2025-03-05", "2025-03-16",
                        "2025-04-26"]


@register("fig-small-multiples", "04_russian_counteroffensive",
          title="The held area and grey zone at six dates",
          caption="DeepState's layers on six chosen days: the peak in September 2024, late "
                  "November, mid-January, the eve of the March collapse, the day after Sudzha "
                  "fell and the day Russia claimed full control.",
          alt="Six small maps of the Sudzha area showing the blue Ukrainian-held area large in "
              "September 2024, smaller by January 2025, and almost gone by late April 2025.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def small_multiples():
    oblast = geo.kursk_oblast()
    panels, rows = [], []
    for day in SMALL_MULTIPLE_DATES:
        layers = control.deepstate_snapshot_polygons(oblast, day)
        held = layers.loc[layers["layer"] == "held_by_ukraine", "area_km2"].sum()
        panels.append((f"{pd.Timestamp(day):%d %b %Y}: {held:,.0f} km² held", layers))
        rows.append(layers.drop(columns="geometry").assign(date=day))
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title="Area held by Ukraine (blue) and grey zone (DeepState)")
    return chart, pd.concat(rows, ignore_index=True)


@register("fig-loss-rate", "04_russian_counteroffensive",
          title="How fast the held area changed in each phase",
          caption="Average daily change of DeepState's Ukrainian-held area over each phase of our "
                  "periodisation (data/phases.csv); negative values are losses.",
          alt="Bar chart: Ukraine gained about 24 km² a day during the August advance, lost "
              "about 3 km² a day through the autumn and winter, about 23 km² a day in the "
              "March 2025 collapse, and little after that.",
          sources=f"{DEEPSTATE}; phases as in data/phases.csv. Our computation.")
def loss_rate():
    rates = measures.loss_rate_by_phase(measures.measured_series())
    return charts.loss_rate_bars(rates, title="Change in area held by Ukraine (km² per day)"), rates


@register("fig-overview-map", "overview",
          title="The campaign in one map",
          caption="The area DeepState mapped as held by Ukraine at its peak in September 2024, "
                  "over Kursk oblast and the border with Sumy oblast.",
          alt="Map of Kursk oblast with the Ukrainian-held salient around Sudzha at its largest "
              "extent, next to the Ukrainian border.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def overview_map():
    return peak_map()


@register("fig-overview-series", "overview",
          title="The campaign in one chart",
          caption="DeepState's measured area held by Ukraine and the grey zone, and ISW's "
                  "cumulative area of Russian advances, from August 2024 to June 2025.",
          alt="Line chart: the Ukrainian-held area climbs to about 900 km² by early September "
              "2024, declines to about 400 km² by February 2025 and falls to near zero by May.",
          sources=f"{DEEPSTATE}; {ISW}. Our computation.")
def overview_series():
    series = measures.measured_series()
    columns = ("held_by_ukraine_km2", "held_or_grey_km2", "isw_retaken_by_russia_km2")
    long = charts.measured_long(series, columns)
    chart = charts.claimed_vs_measured(series, None, start=str(series["date"].min().date()),
                                       end=str(series["date"].max().date()), measures=columns,
                                       title="Area in Kursk oblast (km²)")
    return chart, long
