"""Figures of the chapter on the North Korean role page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd

from ... import config, dates
from ...data import boundaries as geo
from ...data import external as control
from ...evidence import claims as claim_data
from ...evidence import events as event_data
from ...evidence import findings
from ...evidence import places as place_data
from .. import charts, maps
from ..placement import MapFrame
from ..registry import page_of, register
from .common import (
    BOUNDARIES,
    CHRONOLOGY_CAPTION,
    DEEPSTATE,
    GEONAMES,
    ISW,
    area_with_events,
    key,
    km2,
    on,
    timeline,
)

#: The day of the map of the heavy North Korean losses of December 2024: the first day of the
#: weekend of 14 and 15 December on which Ukraine's military intelligence reported them near
#: Plekhovo, Vorobzha and Martynovka (chapter 3), and a day ISW published its Russian-advance
#: layer. (Earlier casualties were claimed in November; these were the first reported heavy.)
HEAVY_LOSSES_DAY = "2024-12-14"

NK_METRICS = {"nk_troops_deployed": "Troops deployed",
              "nk_killed_and_wounded": "Killed and wounded",
              "nk_killed": "Killed",
              "nk_wounded": "Wounded"}


def _nk_estimates_finding() -> str:
    sent, hurt = key("nk_deployed_nis"), key("nk_casualties_uk")
    return (f"South Korea counted {sent['text']} North Korean troops sent to Russia by "
            f"{sent['as_of_text']}; UK intelligence estimated {hurt['text']} by "
            f"{hurt['as_of_text']}")


@register("fig-nk-estimates",
          title=_nk_estimates_finding,
          measure=("North Korean troops and casualties, people: every published estimate, by who "
                   "made it (a range as a bar)"),
          caption="Each point is one published estimate, coloured by who made it; vertical bars "
                  "show a range where one was given. Estimates are not averaged.",
          alt="Four panels of points over time from October 2024 to November 2025: estimates "
              "of North Korean troops rise from 1,500 in October 2024 to about 11,000-12,000 "
              "in November and 15,000 in April 2025; estimates of killed and wounded rise from "
              "tens in mid-December 2024 to between 4,500 and 6,000 by mid-2025, with "
              "Ukrainian and British figures above South Korean ones; estimates of the dead "
              "rise from about 2,000 (South Korea, September 2025) to more than 6,000 "
              "(sources to Reuters, November 2025).",
          sources="Claims as cited in data/claims.csv.")
def nk_estimates():
    claims = claim_data.claims_with_sources(list(NK_METRICS))
    claims = claims.assign(metric_label=claims["metric"].map(NK_METRICS))
    chart = charts.estimates_over_time(claims, title="North Korean forces in the Kursk "
                                                     "campaign: published estimates",
                                       y_title="People")
    return chart, claims


def _nk_timeline_finding() -> str:
    return (f"Seoul said on {on('ev-117')} that North Korea had begun military participation "
            "in the war; Russia and "
            f"North Korea acknowledged its troops only on {on('ev-249')} and {on('ev-256')}")


@register("fig-nk-timeline",
          title=_nk_timeline_finding,
          measure=("The events of chapter 3 (data/events.csv), one line each, dated as precisely as "
                   "the sources give them"),
          caption=CHRONOLOGY_CAPTION,
          alt="Chronology from October 2024: South Korean, Ukrainian and US reports of the "
              "deployment in the autumn, combat from November, and the Russian and North "
              "Korean acknowledgements in late April 2025.",
          sources="Events as cited in data/events.csv.")
def nk_timeline():
    return timeline("north_korean_role", "North Korea's role: a chronology")


def _nk_front_finding() -> str:
    f = findings.north_korean_role()
    return (f"While North Korean troops fought in Kursk, Ukraine's hold fell from "
            f"{km2(f['held_20241104'])} on {on('ev-134')} to {km2(f['held_20250115'])} on "
            f"{dates.long('2025-01-15')}")


@register("fig-nk-front",
          title=_nk_front_finding,
          measure=("Area held by Ukraine in Kursk oblast, km² (DeepState), with chapter 3's "
                   "deployment and combat events"),
          caption="DeepState's area held by Ukraine from October 2024 to April 2025, with this "
                  "chapter's deployment and combat events labelled above the chart, each with a "
                  "dated rule across it (an event known only to the month is drawn on the "
                  "month's first day).",
          alt="Line chart of the Ukrainian-held area from October 2024 to April 2025 falling "
              "in steps, with dashed vertical rules at the reported arrival and first combat "
              "of North Korean troops and later deployments.",
          sources=f"{DEEPSTATE}; events as cited in data/events.csv. Our computation.")
def nk_front():
    return area_with_events(event_data.nk_front_events(), "2024-10-01", "2025-04-30",
                            "Area held by Ukraine (km², DeepState) and North Korean deployment")


def _nk_places_finding() -> str:
    return (f"Ukraine's military intelligence reported significant North Korean losses near "
            f"Plekhovo, in the Sudzha salient, over the weekend from {on('ev-159')}")


@register("fig-nk-places",
          title=_nk_places_finding,
          measure=("DeepState's held area and grey zone and ISW's Russian advances on the day the "
                   "losses were reported; places as located by the sources cited"),
          caption="The Sudzha salient on 14 December 2024, the first day of the weekend on "
                  "which Ukraine's military intelligence reported heavy North Korean losses: "
                  "DeepState's held area and grey zone, ISW's Russian advances as published "
                  "that day, and the places this chapter names that a source we read locates.",
          alt="Map of the Sudzha salient in mid-December 2024: the Ukrainian-held area around "
              "Sudzha, with Russian advances on its northern edge; Plekhovo and Martynovka "
              "are marked near its south-eastern edge.",
          sources=f"{DEEPSTATE}; {ISW}; {BOUNDARIES}; {GEONAMES}; village coordinates as cited "
                  "in data/settlements.csv. Our computation.",
          approximate="polygons simplified to about 100 m.")
def nk_places():
    oblast = geo.kursk_oblast()
    layers = control.deepstate_snapshot_polygons(oblast, HEAVY_LOSSES_DAY)
    advances = control.isw_polygons(HEAVY_LOSSES_DAY).geometry.make_valid().union_all()
    isw = gpd.GeoDataFrame({"layer": ["russian_advances"], "source": [
                               f"ISW/CTP layer published {dates.short(pd.Timestamp(HEAVY_LOSSES_DAY))}"]},
                           geometry=[advances.intersection(oblast)], crs=config.CRS_GEOGRAPHIC)
    both = gpd.GeoDataFrame(pd.concat([isw, layers], ignore_index=True), geometry="geometry",
                            crs=config.CRS_GEOGRAPHIC)
    located = geo.settlements_frame()
    named = place_data.named_on(page_of("fig-nk-places"))
    chart = maps.control_map(geo.oblasts(display=True), geo.border(), both, None,
                             landmarks=located[located["name"].isin(named)],
                             frame=MapFrame(maps.SALIENT, maps.WIDTH),
                             title=f"The Sudzha salient on {dates.short(pd.Timestamp(HEAVY_LOSSES_DAY))}")
    data = layers.drop(columns="geometry").assign(date=HEAVY_LOSSES_DAY)
    return chart, data
