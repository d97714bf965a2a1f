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
