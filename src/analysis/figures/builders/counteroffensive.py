"""Figures of the chapter on the Russian counteroffensive page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

import pandas as pd

from ...data import boundaries as geo
from ...evidence import findings, routes
from ...evidence import series as measures
from .. import charts, maps
from ..registry import register
from .common import (
    BOUNDARIES,
    DEEPSTATE,
    GEONAMES,
    ISW,
    area_claims,
    key,
    km2,
    panels_on,
)


def _area_full_finding() -> str:
    f, end = findings.russian_counteroffensive(), key("held_at_claim")
    return (f"From its peak of {km2(f['peak_km2'])} on {f['peak_date']}, Ukraine's hold fell "
            f"to {end['text']} by {end['as_of_text']}, when Russia claimed full control")


@register("fig-area-full",
          title=_area_full_finding,
          measure=("Area in Kursk oblast, km²: DeepState's held area and grey zone, ISW's cumulative"
                   " Russian advances, and the figures each side claimed"),
          caption="DeepState's measured held area and grey zone, ISW's cumulative Russian "
                  "advances and each claimant's figures, with the campaign's turning points "
                  "labelled and the March 2025 collapse shaded.",
          alt="Line chart from August 2024 to April 2025: the Ukrainian-held area peaks in "
              "early September 2024, shrinks slowly through the winter and collapses in March "
              "2025; ISW's Russian-advance area rises as the held area falls.",
          sources=f"{DEEPSTATE}; {ISW}; claims as cited in data/claims.csv. Our computation.")
def area_full():
    return area_claims("2024-08-06", "2025-04-30", title="Area in Kursk oblast (km²)",
                       measures=("held_by_ukraine_km2", "held_or_grey_km2",
                                 "isw_retaken_by_russia_km2"), turning_points=True)


#: Dates of the small-multiple maps (our choice: the peak, then the state before and after each
#: turning point the chapters discuss).
SMALL_MULTIPLE_DATES = ["2024-09-06", "2024-11-20", "2025-01-15", "2025-03-05", "2025-03-16",
                        "2025-04-26"]


def _small_multiples_finding() -> str:
    peak, end = key("peak_held"), key("held_at_claim")
    return (f"Six days of Ukraine's hold: {peak['text']} at its peak, {end['text']} on the "
            f"day Russia claimed full control")


@register("fig-small-multiples",
          title=_small_multiples_finding,
          measure=("DeepState's held area and grey zone in Kursk oblast on six days, km² in each "
                   "panel's title"),
          caption="DeepState's layers on six chosen days: the peak in September 2024, late "
                  "November, mid-January, the eve of the March collapse, the day after Sudzha "
                  "fell and the day Russia claimed full control.",
          alt="Six small maps of the Sudzha area showing the blue Ukrainian-held area large in "
              "September 2024, smaller by January 2025, and almost gone by late April 2025.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def small_multiples():
    panels, data = panels_on(SMALL_MULTIPLE_DATES)
    places = geo.settlements_frame()
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title="Area held by Ukraine (blue) and grey zone (DeepState)",
                                 landmarks=places[places["name"].isin(["Sudzha", "Korenevo"])])
    return chart, data


def _loss_rate_finding() -> str:
    f = findings.russian_counteroffensive()
    return (f"In the March 2025 collapse Ukraine lost {f['rate_collapse']:.0f} km² a day, "
            f"{f['rate_ratio']:.1f} times its rate of loss through the autumn and winter")


@register("fig-loss-rate",
          title=_loss_rate_finding,
          measure=("Average change per day of the area DeepState mapped as held by Ukraine, km² a "
                   "day, in each phase of data/phases.csv"),
          caption="Average daily change of DeepState's Ukrainian-held area over each phase of our "
                  "periodisation (data/phases.csv); negative values are losses.",
          alt="Bar chart: Ukraine gained about 24 km² a day during the August advance, lost "
              "about 3 km² a day through the autumn and winter, about 23 km² a day in the "
              "March 2025 collapse, and little after that.",
          sources=f"{DEEPSTATE}; phases as in data/phases.csv. Our computation.")
def loss_rate():
    rates = measures.loss_rate_by_phase(measures.measured_series())
    return charts.loss_rate_bars(rates, title="Change in area held by Ukraine (km² per day)"), rates


#: Days of the Sudzha-collapse panels: the eve of the breach, the day of Jeddah and the day
#: Ukraine's General Staff map showed the town given up (our choice, see chapter 4).
COLLAPSE_DATES = ["2025-03-05", "2025-03-11", "2025-03-16"]
#: Places marked on the collapse maps when data/settlements.csv holds them.
COLLAPSE_PLACES = ["Sudzha", "Lebedevka", "Kurilovka", "Malaya Loknya", "Martynovka",
                   "Kazachya Loknya", "Makhnovka", "Gornal", "Guevo", "Novenke", "Basivka"]


def _sudzha_collapse_finding() -> str:
    eve, end = key("collapse_eve"), key("collapse_end")
    return (f"In the March 2025 collapse Ukraine's hold fell from {eve['text']} on "
            f"{eve['as_of_text']} to {end['text']} on {end['as_of_text']}, Sudzha with it")


@register("fig-sudzha-collapse",
          title=_sudzha_collapse_finding,
          measure=("DeepState's held area and grey zone around Sudzha on three days; the pipeline "
                   "raid drawn as a schematic line"),
          caption="DeepState's held area and grey zone around Sudzha on the eve of the Russian "
                  "breach, on 11 March and on 16 March 2025, with the places the chapter "
                  "names. The first panel adds the gas-pipeline raid of 1–8 March as a "
                  "schematic: its two ends placed where one Russian account (Izvestia, relayed "
                  "by REN TV) puts them, about 20 km and about 2 km north of Sudzha, joined by "
                  "a straight dashed line.",
          alt="Three small maps of the Sudzha area: a sizeable blue Ukrainian-held pocket "
              "around Sudzha on 5 March 2025 shrinks by 11 March and is reduced to a thin strip "
              "near the border by 16 March. On the first map a dashed orange line runs from a "
              "claimed pipe entry north of the pocket to a claimed exit just north of Sudzha.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}; pipeline ends as claimed by "
                  "Izvestia via REN TV. Our computation.",
          approximate="polygons simplified to about 100 m; the pipeline route is schematic. "
                      "No source names the villages where the pipe was entered and left: each "
                      "end is a point at the claimed distance due north of Sudzha's GeoNames "
                      "coordinate, and the pipe's real course between them is not known.")
def sudzha_collapse():
    panels, data = panels_on(COLLAPSE_DATES)
    places = geo.settlements_frame()
    places = places[places["name"].isin(COLLAPSE_PLACES)]
    ends = routes.ends(routes.PIPELINE_RAID)
    # short enough to sit beside its end inside a third of the page
    ends["label"] = ends["role"].str.capitalize() + " (claimed)"
    route, taken = maps.route_layer(ends, routes.schematic_line(ends),
                                    maps.panel_frame(maps.SUDZHA))
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title="Held by Ukraine (blue) and grey zone around Sudzha "
                                       "(DeepState)",
                                 frame=maps.SUDZHA, landmarks=places, overlays={0: route},
                                 overlay_boxes={0: taken})
    route_rows = pd.DataFrame({
        "layer": "pipeline_" + ends["role"] + "_modelled", "date": ends["date"].dt.strftime("%Y-%m-%d"),
        "lat": ends["lat"].round(4), "lon": ends["lon"].round(4),
        "claimed_distance_km": ends["distance_km"], "bearing_deg": ends["bearing_deg"],
        "claimant": ends["claimant"], "source_ids": ends["source_ids"]})
    return chart, pd.concat([data, route_rows], ignore_index=True)
