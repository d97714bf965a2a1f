"""The builders behind every figure in the registry (see :mod:`analysis.figures`).

Each builder loads what it needs through the package and returns ``(chart, data)``.
"""
from __future__ import annotations

import pandas as pd
import shapely

from . import charts, control, gazetteer, geo, maps, measures, routes
from .figures import register

DEEPSTATE = "DeepStateMap.Live via the deepstatemaps-history archive (held area, grey zone)"
ISW = "Institute for the Study of War with AEI's Critical Threats Project (Russian advances)"
BOUNDARIES = "Natural Earth (boundaries)"
GEONAMES = "GeoNames (places, CC BY 4.0)"


def _peak_layers() -> tuple[pd.Timestamp, object]:
    series = measures.measured_series()
    day, _ = measures.peak(series)
    return day, control.deepstate_snapshot_polygons(geo.kursk_oblast(), day)


def gazetteer_places_held_at_peak() -> list[str]:
    """Names of the GeoNames places (1,000+ people, Russia) inside DeepState's held polygon on
    the peak day (EPSG:4326 points in the EPSG:4326 polygon)."""
    _, layers = _peak_layers()
    held = layers[layers["layer"] == "held_by_ukraine"].geometry.union_all()
    return sorted(r["city"] for r in gazetteer.places("RU")
                  if held.contains(shapely.Point(r["longitude"], r["latitude"])))


@register("fig-peak-map", "01_planning_and_surprise",
          title="The area Ukraine held at its measured peak",
          caption="Kursk oblast on the day DeepState's Ukrainian-held area was largest, with the "
                  "grey zone around it, the state border and the main towns of the area, sized "
                  "by population (an open circle where GeoNames gives none). Of the places of 1,000 people or more in GeoNames, only "
                  "Sudzha lies inside the held area; the villages Ukraine reported taking are "
                  "smaller and are not mapped.",
          alt="Map of Kursk oblast and the Ukrainian border: a blue area south-west of Kursk "
              "around Sudzha shows the territory Ukraine held at the peak, fringed by a grey "
              "zone; towns are marked as dots sized by population.",
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m; towns are GeoNames points.")
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
          sources=f"{DEEPSTATE}; {BOUNDARIES}; {GEONAMES}. Our computation.",
          approximate="polygons simplified to about 100 m.")
def small_multiples():
    oblast = geo.kursk_oblast()
    panels, rows = [], []
    for day in SMALL_MULTIPLE_DATES:
        layers = control.deepstate_snapshot_polygons(oblast, day)
        held = layers.loc[layers["layer"] == "held_by_ukraine", "area_km2"].sum()
        panels.append((f"{pd.Timestamp(day):%d %b %Y}: {held:,.0f} km² held", layers))
        rows.append(layers.drop(columns="geometry").assign(date=day))
    places = geo.settlements_frame()
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title="Area held by Ukraine (blue) and grey zone (DeepState)",
                                 landmarks=places[places["name"].isin(["Sudzha", "Korenevo"])])
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


#: Days of the Sudzha-collapse panels: the eve of the breach, the day of Jeddah and the day
#: Ukraine's General Staff map showed the town given up (our choice, see chapter 4).
COLLAPSE_DATES = ["2025-03-05", "2025-03-11", "2025-03-16"]
#: Places marked on the collapse maps when data/settlements.csv holds them.
COLLAPSE_PLACES = ["Sudzha", "Lebedevka", "Kurilovka", "Malaya Loknya", "Martynovka",
                   "Kazachya Loknya", "Makhnovka", "Gornal", "Guevo", "Novenke", "Basivka"]


def collapse_panels() -> tuple[list, pd.DataFrame]:
    """(panel title, DeepState layers) for each collapse day, and their areas (km2)."""
    oblast = geo.kursk_oblast()
    panels, rows = [], []
    for day in COLLAPSE_DATES:
        layers = control.deepstate_snapshot_polygons(oblast, day)
        held = layers.loc[layers["layer"] == "held_by_ukraine", "area_km2"].sum()
        panels.append((f"{pd.Timestamp(day):%d %b %Y}: {held:,.0f} km² held", layers))
        rows.append(layers.drop(columns="geometry").assign(date=day))
    return panels, pd.concat(rows, ignore_index=True)


@register("fig-sudzha-collapse", "04_russian_counteroffensive",
          title="The March 2025 collapse around Sudzha",
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
    panels, data = collapse_panels()
    places = geo.settlements_frame()
    places = places[places["name"].isin(COLLAPSE_PLACES)]
    ends = routes.ends(routes.PIPELINE_RAID)
    ends["label"] = "Pipe " + ends["role"] + " (claimed)"
    route = maps.route_layer(ends, routes.schematic_line(ends))
    chart = maps.small_multiples(geo.oblasts(display=True), geo.border(), panels,
                                 title="Held by Ukraine (blue) and grey zone around Sudzha "
                                       "(DeepState)",
                                 frame=maps.SUDZHA, landmarks=places, overlays={0: route})
    route_rows = pd.DataFrame({
        "layer": "pipeline_" + ends["role"] + "_modelled", "date": ends["date"].dt.strftime("%Y-%m-%d"),
        "lat": ends["lat"].round(4), "lon": ends["lon"].round(4),
        "claimed_distance_km": ends["distance_km"], "bearing_deg": ends["bearing_deg"],
        "claimant": ends["claimant"], "source_ids": ends["source_ids"]})
    return chart, pd.concat([data, route_rows], ignore_index=True)


@register("fig-overview-map", "overview",
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


def _timeline(chapter: int, title: str, lane: str = "type"):
    events = measures.events_with_sources(chapter)
    columns = ["event_id", "date", "actor", "type", "place", "summary", "status", "sources"]
    return charts.timeline(events[columns], title=title, lane=lane), events[columns]


@register("fig-response-timeline", "02_russian_response",
          title="Russia's measures, August 2024 to January 2025",
          caption="Each point is one event in data/events.csv for this chapter, by kind of "
                  "measure; the shape shows whether it is confirmed, claimed by one side or "
                  "disputed. Hover for the summary and its sources.",
          alt="Timeline chart of Russian measures from August 2024: emergency regimes, "
              "evacuations and statements cluster in August, counterattacks follow in September.",
          sources="Events as cited in data/events.csv.")
def response_timeline():
    return _timeline(2, "Russia's response: events by kind")


def events_at_district_centres(events: pd.DataFrame) -> pd.DataFrame:
    """Events whose place is a district ("Glushkovo district", "Rylsk and Khomutovka
    districts") placed at the district centre of the same name where the gazetteer has it
    (``lat``/``lon`` in degrees, EPSG:4326), with ``place`` set to that centre, so they count
    with the events at the town itself; events at a named settlement keep theirs. A schematic
    placement, which the map's note must say."""
    places = geo.settlements_frame().set_index("name")
    rows = []
    for _, event in events.iterrows():
        if pd.notna(event["lat"]):
            rows.append(event)
            continue
        text = str(event["place"])
        if not text.endswith((" district", " districts")):
            continue
        names = text.rsplit(" ", 1)[0].split(" and ")
        for name in (n.strip() for n in names):
            if name in places.index:
                moved = event.copy()
                moved["place"] = name
                moved["lat"], moved["lon"] = places.at[name, "lat"], places.at[name, "lon"]
                rows.append(moved)
    return pd.DataFrame(rows).reset_index(drop=True)


def _digest(events: pd.DataFrame, most: int = 4, chars: int = 110) -> str:
    """Up to ``most`` events as "date: summary" (each cut to ``chars`` with an ellipsis), and
    how many more there are, for a map tooltip."""
    lines = [f"{row.when}: {row.summary if len(row.summary) <= chars else row.summary[:chars].rstrip() + '…'}"
             for row in events.head(most).itertuples()]
    if len(events) > most:
        lines.append(f"and {len(events) - most} more (see the events table)")
    return " | ".join(lines)


@register("fig-response-map", "02_russian_response",
          title="Where Russia's response played out",
          caption="Places named in this chapter's events, sized by the number of events there, "
                  "over the area DeepState mapped as held by Ukraine at its peak. Events "
                  "reported only for a district are drawn at the district centre.",
          alt="Map of Kursk oblast with dots at the towns where the Russian response was "
              "reported: largest at Glushkovo, west of the Ukrainian-held area, and at "
              "Kurchatov, site of the nuclear plant; smaller at Korenevo, Sudzha, Rylsk and "
              "Khomutovka.",
          sources=f"Events as cited in data/events.csv; {DEEPSTATE}; {BOUNDARIES}; {GEONAMES}.",
          approximate="places are settlement points, not the exact site of each event; "
                      "district-level events are drawn at the district centre.")
def response_map():
    events = events_at_district_centres(measures.events_with_sources(2))
    counts = (events.groupby(["place", "lat", "lon"])
              .apply(lambda g: pd.Series({"events": len(g), "note": _digest(g),
                                          "sources": measures.distinct_sources(g["sources"])}),
                     include_groups=False)
              .reset_index().rename(columns={"place": "name", "events": "population"}))
    _, layers = _peak_layers()
    chart = maps.control_map(geo.oblasts(display=True), geo.border(), layers, counts,
                             title="Places of the Russian response (dot size: events)",
                             size_title="Events")
    return chart, counts.rename(columns={"population": "events"})


NK_METRICS = {"nk_troops_deployed": "Troops deployed",
              "nk_killed_and_wounded": "Killed and wounded",
              "nk_killed": "Killed",
              "nk_wounded": "Wounded"}


@register("fig-nk-estimates", "03_north_korean_role",
          title="Estimates of North Korean troops and casualties, by source",
          caption="Each point is one published estimate, coloured by who made it; vertical bars "
                  "show a range where one was given. Estimates are not averaged.",
          alt="Four panels of points over time from October 2024 to September 2025: estimates "
              "of North Korean troops rise from 1,500 in October 2024 to about 11,000-12,000 "
              "in November and 15,000 in April 2025; estimates of killed and wounded rise from "
              "tens in mid-December 2024 to between 4,500 and 6,000 by mid-2025, with "
              "Ukrainian and British figures above South Korean ones.",
          sources="Claims as cited in data/claims.csv.")
def nk_estimates():
    claims = measures.claims_with_sources(list(NK_METRICS))
    claims = claims.assign(metric_label=claims["metric"].map(NK_METRICS))
    chart = charts.estimates_over_time(claims, title="North Korean forces in the Kursk "
                                                     "campaign: published estimates",
                                       y_title="People")
    return chart, claims


@register("fig-nk-timeline", "03_north_korean_role",
          title="From the first reports to the official acknowledgements",
          caption="Events of this chapter by actor: reports, confirmations, combat and the "
                  "acknowledgements by Moscow and Pyongyang in April 2025.",
          alt="Timeline chart from October 2024 to April 2025 with South Korean, Ukrainian and "
              "US reports in the autumn and Russian and North Korean acknowledgements in late "
              "April 2025.",
          sources="Events as cited in data/events.csv.")
def nk_timeline():
    return _timeline(3, "North Korea's role: events by actor", lane="actor")


#: What a numbered rule on a line chart carries: its date, number, and the event's text and
#: sources for the tooltip.
MARK_COLUMNS = ["date", "label", "when", "summary", "sources"]


def diplomatic_markers(events: pd.DataFrame) -> pd.DataFrame:
    """Number the diplomatic events (1, 2, ...) in date order: the chart labels each rule with
    its number and the chapter's table explains them."""
    events = events.sort_values(["date", "event_id"]).reset_index(drop=True)
    return events.assign(label=[str(i + 1) for i in range(len(events))])


def diplomatic_events() -> pd.DataFrame:
    """The events marked on the battlefield-diplomacy figure, numbered as there."""
    events = measures.events_with_sources(5)
    events = events[(events["date"] >= "2024-11-01") & (events["date"] <= "2025-05-31")
                    & events["type"].isin(["diplomacy", "statement"])]
    return diplomatic_markers(events)


@register("fig-battlefield-diplomacy", "05_diplomatic_stakes",
          title="The battlefield line against the diplomatic calendar",
          caption="DeepState's measured area held by Ukraine, with the diplomatic events of "
                  "this chapter marked by dated rules; hover a rule for the event.",
          alt="Line chart of the Ukrainian-held area from November 2024 to May 2025 with "
              "vertical rules at the White House meeting of 28 February 2025, the pause and "
              "resumption of US aid, and Russia's claim of full control in late April.",
          sources=f"{DEEPSTATE}; events as cited in data/events.csv. Our computation.")
def battlefield_diplomacy():
    series = measures.measured_series()
    marks = diplomatic_events()
    chart = charts.claimed_vs_measured(series, None, start="2024-11-01", end="2025-05-31",
                                       events=marks[MARK_COLUMNS],
                                       title="Area held by Ukraine (km², DeepState) and "
                                             "diplomatic events")
    return chart, charts.measured_long(series, start="2024-11-01", end="2025-05-31")


@register("fig-peak-share", "01_planning_and_surprise",
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
    table = measures.peak_share_table()
    chart = charts.comparison_bars(table, title="Area in km² (share of Kursk oblast in tooltip)",
                                   x_title="km²", share="share_pct")
    return chart, table


@register("fig-first-weeks-timeline", "01_planning_and_surprise",
          title="The first weeks, event by event",
          caption="Each point is one event of this chapter in data/events.csv, by kind; the "
                  "shape shows whether it is confirmed or claimed by one side. Hover for the "
                  "summary and its sources.",
          alt="Timeline chart from July to September 2024: planning reports in July, a dense "
              "cluster of offensive events and statements between 6 and 27 August 2024.",
          sources="Events as cited in data/events.csv.")
def first_weeks_timeline():
    return _timeline(1, "Planning and the first weeks: events by kind")


@register("fig-area-autumn", "02_russian_response",
          title="Claimed and measured area, September 2024 to January 2025",
          caption="DeepState's held area (solid) and held-or-contested area (dashed) while "
                  "Russia counterattacked, beside the figures each side published.",
          alt="Line chart from September 2024 to January 2025: the area DeepState mapped as "
              "held by Ukraine falls from about 900 km² to roughly half that, with published "
              "figures shown as points.",
          sources=f"{DEEPSTATE}; claims as cited in data/claims.csv. Our computation.")
def area_autumn():
    series = measures.measured_series()
    claims = measures.claims_with_sources("area_held_by_ukraine", "2024-09-01", "2025-01-31")
    chart = charts.claimed_vs_measured(series, claims, start="2024-09-01", end="2025-01-31",
                                       title="Area held by Ukraine in Kursk oblast (km²)")
    return chart, charts.measured_long(series, start="2024-09-01", end="2025-01-31")


#: Kinds of chapter-3 events marked on the front-line chart (combat and deployments).
NK_MARKED_TYPES = ("deployment", "counterattack", "offensive")


@register("fig-nk-front", "03_north_korean_role",
          title="North Korean deployment against the front line",
          caption="DeepState's area held by Ukraine from October 2024 to April 2025, with this "
                  "chapter's deployment and combat events marked by numbered rules (the table "
                  "below the figure explains the numbers).",
          alt="Line chart of the Ukrainian-held area from October 2024 to April 2025 falling "
              "in steps, with dashed vertical rules at the reported arrival and first combat "
              "of North Korean troops and later deployments.",
          sources=f"{DEEPSTATE}; events as cited in data/events.csv. Our computation.")
def nk_front():
    series = measures.measured_series()
    marks = nk_front_events()
    chart = charts.claimed_vs_measured(series, None, start="2024-10-01", end="2025-04-30",
                                       events=marks[MARK_COLUMNS],
                                       title="Area held by Ukraine (km², DeepState) and North "
                                             "Korean deployment")
    return chart, charts.measured_long(series, start="2024-10-01", end="2025-04-30")


def nk_front_events() -> pd.DataFrame:
    """Chapter 3's deployment and combat events, numbered in date order as on fig-nk-front."""
    events = measures.events_with_sources(3)
    events = events[events["type"].isin(NK_MARKED_TYPES)
                    & events["date"].between("2024-10-01", "2025-04-30")]
    return diplomatic_markers(events)


@register("fig-exchange-arithmetic", "05_diplomatic_stakes",
          title="The arithmetic of a territorial exchange",
          caption="On 12 February 2025, as Kyiv floated swapping land: the area of Ukraine "
                  "occupied by Russia and the area Ukraine held in Kursk oblast, as Reuters "
                  "reported them, and DeepState's measured area that day, on one linear scale.",
          alt="Horizontal bar chart: a bar of about 112,000 km² for Ukrainian land occupied by "
              "Russia next to bars of about 450 and 424 km² for the area Ukraine held in Kursk, "
              "barely visible at this scale.",
          sources=f"Claims as cited in data/claims.csv; {DEEPSTATE}. Our computation.")
def exchange():
    table = measures.exchange_arithmetic("2025-02-12")
    chart = charts.comparison_bars(table, title="Area in km², 12 February 2025", x_title="km²")
    return chart, table


@register("fig-diplomacy-timeline", "05_diplomatic_stakes",
          title="The diplomatic calendar, by actor",
          caption="Each point is one event of this chapter in data/events.csv, by the actor who "
                  "spoke or acted; hover for the summary and its sources.",
          alt="Timeline chart from August 2024 to June 2025 with Ukrainian, Russian and US "
              "statements and diplomatic events; they cluster in August 2024, February to "
              "March 2025 and late April 2025.",
          sources="Events as cited in data/events.csv.")
def diplomacy_timeline():
    return _timeline(5, "The diplomatic stakes: events by actor", lane="actor")
