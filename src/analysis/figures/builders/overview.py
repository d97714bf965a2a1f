"""Figures of the overview page, in the order the page shows them (see
:mod:`analysis.figures.registry`). Each builder returns ``(chart, data)``."""
from __future__ import annotations

import pandas as pd

from ... import dates
from ...data import boundaries as geo
from ...evidence import aftermath as aftermath_zone
from ...evidence import axes as axis_data
from ...evidence import campaign, findings
from ...evidence import events as event_data
from ...evidence import series as measures
from .. import charts, maps
from ..registry import register
from .common import (
    BOUNDARIES,
    DEEPSTATE,
    GEONAMES,
    ISW,
    OCCUPIED,
    km2,
    panels_on,
    peak_layers,
)

#: Places the operation map marks besides those its axes pass through (settlement ids): the
#: villages the chapters' turning points name.
OPERATION_PLACES = ["korenevo", "malaya-loknya", "martynovka", "plekhovo", "guevo", "khotin",
                    "lebedevka", "kazachya-loknya"]
#: Cities marked on the locator inset (names as in data/settlements.csv).
INSET_CITIES = ["Kyiv", "Moscow", "Kursk", "Sumy"]


def _overview_map_finding() -> str:
    f = findings.overview()
    return (f"Ukraine's incursion held {km2(f['peak_km2'])} of Kursk oblast at its peak on "
            f"{f['peak_date']}, across the border from Sumy oblast")


@register("fig-overview-map",
          title=_overview_map_finding,
          measure=("Area DeepState mapped as held by Ukraine and as grey zone at its peak; every "
                   "place the book names that a source locates"),
          caption="The border area of Kursk oblast (Russia) and Sumy oblast (Ukraine) with the "
                  "area DeepState mapped as held by Ukraine at its peak in September 2024 and "
                  "the grey zone around it, every place the book names that a source we read "
                  "locates (towns as larger dots, villages as small ones, the Kursk nuclear "
                  "plant as a square) and a scale bar; the inset places the area in Ukraine "
                  "and European Russia. Places whose coordinates we could not source are "
                  "listed in the places appendix.",
          alt="Map of the Russian-Ukrainian border around Sudzha: a blue salient reaches into "
              "Kursk oblast around Sudzha; Korenevo, Glushkovo and Tyotkino lie to "
              "its west, Kurchatov and its nuclear plant to the north-east, Sumy to the south "
              "across the border. A small inset shows the area on the border between Ukraine "
              "and Russia, between Kyiv and Moscow.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}; village coordinates as cited in "
                  "data/settlements.csv. Our computation.",
          approximate="polygons simplified to about 100 m; the inset's borders to about 3 km. "
                      "Crimea is drawn within Ukraine's internationally recognised border.")
def overview_map():
    day, layers = peak_layers()
    places = geo.settlements_frame()
    cities = places[places["name"].isin(INSET_CITIES)]
    chart = maps.locator_map(geo.oblasts(display=True), geo.border(), layers, places,
                             geo.countries(), cities,
                             title=f"The border area, with the held area at its peak on "
                                   f"{dates.short(day)} (DeepState)")
    data = places.drop(columns="geometry")[["settlement_id", "name", "kind", "oblast",
                                             "lat", "lon", "coordinate_source_id"]]
    return chart, data


#: Days of the day-by-day map's still version (our choice: the first week, the peak, the
#: autumn, the eve of the March collapse, the fall of Sudzha, Russia's claim of full control),
#: then the Sumy border zone at the end of 2025 and on the occupied-area record's last day.
STILL_DATES = ["2024-08-12", "2024-09-06", "2024-11-20", "2025-03-05", "2025-03-16",
               "2025-04-26"]
STILL_SUMY_DATES = ["2025-12-31"]


def day_by_day_still():
    """The day-by-day map's still version: small multiples on :data:`STILL_DATES`, then
    Russia's occupied zone in Sumy oblast on :data:`STILL_SUMY_DATES` and the record's last
    day (the Sumy zone is drawn on every panel where DeepState shows one)."""
    panels, data = panels_on(STILL_DATES)
    latest = aftermath_zone.latest()["date"]
    for index, day in enumerate(STILL_DATES + STILL_SUMY_DATES + [f"{latest:%Y-%m-%d}"]):
        when, zone = aftermath_zone.sumy_zone_on(day)
        zone = zone[zone["layer"] == "occupied_sumy"].assign(
            source=f"DeepStateMap via deepstate-map-data, {when:%Y-%m-%d}")
        sumy_km2 = float(zone["area_km2"].sum())
        if index < len(panels):
            title, layers = panels[index]
            panels[index] = (title, pd.concat([layers, zone], ignore_index=True))
        else:
            panels.append((f"{dates.short(pd.Timestamp(day))}: {sumy_km2:,.0f} km² of Sumy "
                           "oblast occupied", zone))
        data = pd.concat([data, zone.drop(columns="geometry").assign(date=day)],
                         ignore_index=True)
    places = geo.settlements_frame()
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title=f"The campaign on {len(STILL_DATES)} days, and the "
                                       "Sumy border zone after it (DeepState)",
                                 landmarks=places[places["name"].isin(["Sudzha", "Korenevo",
                                                                      "Glushkovo"])])
    return chart, data


def _day_by_day_finding() -> str:
    f, c = findings.overview(), findings.russian_counteroffensive()
    return (f"Ukraine's hold rose to {km2(f['peak_km2'])} and shrank to {km2(c['held_last'])} "
            f"by {c['last_date']}; by {f['sumy_latest_date']} Russia held "
            f"{km2(f['sumy_latest_km2'])} of Sumy oblast")


@register("fig-day-by-day",
          title=_day_by_day_finding,
          measure=("DeepState's held area and grey zone in force on each frame's day, ISW's Russian "
                   "advances while fresh, and Russia's occupied zone in Sumy oblast"),
          caption="Drag the slider, use the arrow keys on it, or press Play to step through "
                  "the campaign from its first day: every seventh day, every day of the first "
                  "week and of the March 2025 collapse, and on weekly after DeepState's Kursk "
                  "record ends (June 2025) to the end of its occupied-area record (August "
                  "2026). Each frame shows DeepState's held area and grey zone in force that "
                  "day, ISW's Russian-advance layer as last published within three weeks, "
                  "Russia's occupied zone in Sumy oblast (DeepState), the places and a scale "
                  "bar; below the map, every event of data/events.csv since the previous "
                  "frame (an event the sources date only to a month is listed as during that "
                  "month). Printed, the figure shows chosen days.",
          alt="Interactive map of the Sudzha salient with a slider over the days of the "
              "campaign: the blue Ukrainian-held area grows in August 2024, shrinks slowly "
              "through the winter and collapses in March 2025, while ISW's red Russian-advance "
              "area grows from September 2024.",
          sources=f"{DEEPSTATE}; {ISW}; {OCCUPIED}; {BOUNDARIES}; {GEONAMES}; events as cited "
                  "in data/events.csv. Our computation.",
          approximate="polygons simplified to about 300 m (about a pixel).",
          static=day_by_day_still)
def day_by_day():
    days = campaign.frame_days()
    control = campaign.control_frames(days)
    occupied = campaign.occupied_frames(days)
    areas = control.pivot_table(index="frame", columns="layer", values="area_km2",
                                aggfunc="sum").reindex(range(len(days)))
    sumy = occupied.set_index("frame")["area_km2"].reindex(range(len(days))).fillna(0)
    first, last = campaign.kursk_span()
    frames = pd.DataFrame({"frame": range(len(days)), "date": days,
                           "held_km2": areas.get("held_by_ukraine", pd.Series(dtype=float))
                           .reindex(range(len(days))).to_numpy(),
                           "grey_km2": areas.get("grey_zone", pd.Series(dtype=float))
                           .reindex(range(len(days))).to_numpy(),
                           "sumy_occupied_km2": sumy.to_numpy()})
    covered = frames["date"].between(first, last)
    frames[["held_km2", "grey_km2"]] = frames[["held_km2", "grey_km2"]].where(
        ~covered, frames[["held_km2", "grey_km2"]].fillna(0))
    frames["heading"] = [
        (f"{dates.short(d)}: {h:,.0f} km² held by Ukraine, {g:,.0f} km² grey zone (DeepState)"
         if inside else f"{dates.short(d)}: the incursion begins (DeepState's first map: "
                        f"{dates.short(first)})" if d < first else
         f"{dates.short(d)}: DeepState's Kursk record ended on {dates.short(last)}")
        for d, h, g, inside in zip(frames["date"], frames["held_km2"], frames["grey_km2"],
                                   covered)]
    frames["subheading"] = [f"Sumy oblast: {s:,.0f} km² occupied by Russia (DeepState)" if s
                            else "Sumy oblast: none occupied by Russia (DeepState)"
                            for s in frames["sumy_occupied_km2"]]
    peak_day, _ = peak_layers()
    start = int(min(range(len(days)), key=lambda i: abs((days[i] - peak_day).days)))
    chart = maps.day_by_day(geo.oblasts(display=True), geo.border(), control,
                            campaign.isw_frames(days), occupied, frames,
                            campaign.listed_events(days), geo.settlements_frame(), start=start,
                            title="The campaign day by day, and the Sumy border zone after it")
    return chart, frames.assign(date=frames["date"].dt.strftime("%Y-%m-%d"))


def _overview_series_finding() -> str:
    f = findings.overview()
    return (f"Ukraine's hold rose to {km2(f['peak_km2'])} in a month, shrank by about "
            f"{f['rate_attrition']:.0f} km² a day through the winter and collapsed in March 2025")


@register("fig-overview-series",
          title=_overview_series_finding,
          measure=("Area held by Ukraine in Kursk oblast, km² (DeepState: held, and held or grey "
                   "zone), with the campaign's turning points"),
          caption="DeepState's measured area held by Ukraine and the grey zone, from August "
                  "2024 to June 2025, with the campaign's turning points labelled and the March "
                  "2025 collapse shaded. ISW's cumulative Russian advances are not drawn: they "
                  "measure ground retaken, not ground held.",
          alt="Line chart: the Ukrainian-held area climbs to about 900 km² by early September "
              "2024, declines to about 400 km² by February 2025 and falls to near zero by May.",
          sources=f"{DEEPSTATE}. Our computation.")
def overview_series():
    series = measures.measured_series()
    columns = ("held_by_ukraine_km2", "held_or_grey_km2")
    long = charts.measured_long(series, columns)
    marks, spans = event_data.turning_points()
    chart = charts.claimed_vs_measured(series, None, start=str(series["date"].min().date()),
                                       end=str(series["date"].max().date()), measures=columns,
                                       title="Area in Kursk oblast (km²)", events=marks,
                                       spans=spans)
    return chart, long


def _operation_finding() -> str:
    axes = axis_data.axis_lines().set_index("axis_id")
    return (f"Some Ukrainian units advanced along the R200 toward Sudzha on "
            f"{axes.loc['ax-01', 'when_long']} and were pulled back toward the border by "
            f"{axes.loc['ax-04', 'when_long']}")


@register("fig-operation-map",
          title=_operation_finding,
          measure=("The operation's axes as the sources describe them, drawn as straight "
                   "arrows between the places they name (schematic), over the area held at "
                   "the peak"),
          caption="Each numbered arrow is one movement a source describes in words "
                  "(data/axes.csv), drawn straight between the places it names: advances "
                  "solid, withdrawals dashed, in the colour of the side that moved; the grey "
                  "band is the Sumy–Sudzha road, the grouping's supply route. The list under "
                  "the map gives each axis's date, who described it and the source. An "
                  "open diamond is a village placed only by a distance and direction its "
                  "source gives. Rivers are not drawn: no river geometry is held offline.",
          alt="Map of the border between Sumy oblast and Kursk oblast: a grey road runs "
              "from Sumy through Yunakivka to Sudzha; a blue arrow crosses the border to "
              "Sudzha; another runs north-east from Sudzha toward Bolshoye Soldatskoye; an "
              "orange arrow points east toward Kazachya Loknya; a dashed blue arrow runs from "
              "Sudzha back to the border.",
          sources=f"Axes as cited in data/axes.csv; {DEEPSTATE}; {BOUNDARIES}; {GEONAMES}; "
                  "village positions as cited in data/settlements.csv.",
          approximate="every arrow is schematic: a straight line between the places its "
                      "source names, the border crossing where that line meets the border; "
                      "some villages are approximate positions.")
def operation_map():
    axes = axis_data.axis_lines()
    _, layers = peak_layers()
    held = layers[layers["layer"] == "held_by_ukraine"]
    located = geo.settlements_frame()
    on_axes = {p.removeprefix("border@") for points in axes["points"] for p in points.split(";")}
    places = located[located["settlement_id"].isin(on_axes | set(OPERATION_PLACES))]
    listing = charts.event_list(axes.assign(
        label=[f"{side}, {kind}: {label}" for side, kind, label in
               zip(axes["side"], axes["kind"], axes["label"])],
        detail=[f"Described by {c}. Source: {s}" for c, s in
                zip(axes["claimant"], axes["sources"])]), top=50)
    chart = maps.operation_map(geo.oblasts(display=True), geo.border(), held, axes, places,
                               title="The operation, schematic", listing=listing)
    return chart, axes.drop(columns="geometry").assign(
        line_wkt=[g.wkt for g in axes.geometry])
