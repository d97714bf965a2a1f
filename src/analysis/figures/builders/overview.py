"""Figures of the overview page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

from ...evidence import series as measures
from .. import charts
from ..registry import register
from .common import BOUNDARIES, DEEPSTATE, GEONAMES, ISW
from .planning import peak_map


@register("fig-overview-map",
          title="The campaign in one map",
          caption="The area DeepState mapped as held by Ukraine at its peak in September 2024, "
                  "over Kursk oblast and the border with Sumy oblast, with the main towns sized "
                  "by population (an open circle where GeoNames gives none).",
          alt="Map of Kursk oblast with the Ukrainian-held salient around Sudzha at its largest "
              "extent, next to the Ukrainian border.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def overview_map():
    return peak_map()


@register("fig-overview-series",
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
