"""Orientation: the map frames and label placement, the places table and where it is named, the
day-by-day frames, the labelled chronologies and event lanes, and the order of battle."""
from __future__ import annotations

import json
import re

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from pyproj import Geod

from analysis import config, toc
from analysis.data import boundaries as geo
from analysis.data import gazetteer
from analysis.data.tables import load_events, load_phases, load_settlements, load_units
from analysis.errors import DataError
from analysis.evidence import campaign
from analysis.evidence import events as event_data
from analysis.evidence import places as place_data
from analysis.figures import charts, maps, placement
from analysis.figures.placement import MapFrame, place_labels
from conftest import rehash

# --- frames: Python's pixels are the browser's pixels ---------------------------------------

def test_a_frame_puts_a_point_where_vega_draws_it():
    # draw a mark at Sudzha's GeoNames point with the frame's projection and read back where
    # vl-convert (vega) put it; the frame's own arithmetic must agree to a tenth of a pixel
    frame = MapFrame(maps.LOCATOR, 450)
    lon, lat = 35.26335, 51.19891
    chart = alt.Chart(alt.Data(values=[{"lon": lon, "lat": lat}])).mark_point(
        shape="square", size=4).encode(longitude="lon:Q", latitude="lat:Q") \
        .project(**frame.projection()).properties(width=frame.width, height=frame.height)
    svg = vlc.vegalite_to_svg(json.dumps(chart.to_dict()))
    x, y = map(float, re.search(r'transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*d="M',
                                 svg).groups())
    px, py = frame.to_px(lon, lat)
    # the mark's translate is relative to the plot's group, as the frame's pixels are
    assert abs(x - float(px)) < 0.1 and abs(y - float(py)) < 0.1


def test_pixels_and_degrees_round_trip():
    frame = MapFrame(maps.SALIENT, 640)
    lon, lat = frame.to_lonlat(*frame.to_px([34.9, 35.5], [51.0, 51.4]))
    np.testing.assert_allclose(lon, [34.9, 35.5], atol=1e-9)
    np.testing.assert_allclose(lat, [51.0, 51.4], atol=1e-9)


def test_the_scale_bar_is_true_at_the_frames_centre():
    # a bar of scale_bar_km() drawn from the frame's centre spans that many km on the
    # ellipsoid, within 0.5 % (the projection is spherical and equal-area, not conformal)
    frame = MapFrame(maps.LOCATOR, 450)
    km = placement.scale_bar_km(frame)
    assert km == 20  # 1, 2 or 5 times a power of ten, at most 90 px: 20 km at this scale
    x, y = frame.width / 2, frame.height / 2
    lons, lats = frame.to_lonlat([x, x + km / frame.km_per_px()], [y, y])
    _, _, metres = Geod(ellps="WGS84").inv(lons[0], lats[0], lons[1], lats[1])
    assert abs(metres / 1000 - km) / km < 0.005


# --- label placement --------------------------------------------------------------------

def _boxes(placed: pd.DataFrame, frame: MapFrame, size: float = 10) -> list[tuple]:
    xs, ys = frame.to_px(placed["label_lon"].to_numpy(float), placed["label_lat"].to_numpy(float))
    out = []
    for x, y, text, align in zip(xs, ys, placed["label"], placed["align"]):
        width = placement.text_width(text, size)
        left = x if align == "left" else x - width if align == "right" else x - width / 2
        out.append((left, y - size * 0.65, left + width, y + size * 0.65))
    return out


def test_placed_labels_never_overlap_and_stay_inside():
    frame = MapFrame(maps.LOCATOR, 450)
    places = maps.inside(geo.settlements_frame(), maps.LOCATOR)
    # as the locator map: sourced coordinates only, towns first
    places = places[places["position"] == "sourced"]
    places = places.assign(rank=places["kind"].ne("village")).sort_values(
        "rank", ascending=False, kind="stable")
    placed = place_labels(places[["name", "lon", "lat"]].assign(
        label=places["name"].str.replace("Nuclear Power Plant", "NPP", regex=False)), frame)
    shown = placed[placed["placed"]]
    boxes = _boxes(shown, frame)
    for i, a in enumerate(boxes):
        assert 0 <= a[0] and a[2] <= frame.width and 0 <= a[1] and a[3] <= frame.height
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    # every town and city of the border area is named; a village left unnamed where there is
    # no room keeps its marker (its chapter's map names it; the places appendix lists it)
    kinds = dict(zip(places["name"], places["kind"]))
    unnamed = set(placed["name"]) - set(shown["name"])
    assert {kinds[n] for n in unnamed} <= {"village"}
    assert len(shown) >= 0.7 * len(placed)


def test_a_label_with_no_room_is_left_off_not_forced():
    frame = MapFrame(maps.SALIENT, 200)
    crowd = pd.DataFrame({"name": [f"Village number {i}" for i in range(30)],
                          "lon": [35.2 + 0.001 * i for i in range(30)], "lat": [51.2] * 30})
    placed = place_labels(crowd, frame)
    assert placed["placed"].iloc[0] and not placed["placed"].all()
    assert placed.loc[~placed["placed"], "label_lon"].isna().all()


def test_a_name_is_never_nearer_another_marker_than_its_own():
    frame = MapFrame(maps.SALIENT, 640)
    two = pd.DataFrame({"name": ["West", "East"], "lon": [35.0, 35.02], "lat": [51.2, 51.2]})
    placed = place_labels(two, frame)
    xs, ys = frame.to_px(two["lon"], two["lat"])
    for box, own in zip(_boxes(placed, frame), range(2)):
        gaps = [placement._gap(box, x, y) for x, y in zip(xs, ys)]
        assert gaps[own] <= min(gaps)


# --- the places table ---------------------------------------------------------------------

def _prose() -> dict[str, str]:
    return {page.docname: page.source.read_text(encoding="utf-8") for page in toc.pages()}


#: Gazetteer names the prose uses only for a region, never for the town (checked by reading).
REGIONS_ONLY = {"Kharkiv": "'Kharkiv, Sumy and Chernihiv regions', 'Kharkiv and Zaporizhzhia "
                           "directions' (chapter 1), 'from Donetsk and Kharkiv' (methods)"}


def test_every_gazetteer_town_the_prose_names_is_a_place():
    # every GeoNames place of the mapped oblasts (1,000+ people) whose name the prose uses as
    # a place (not "Kursk oblast") is in data/settlements.csv
    names = set(load_settlements()["name"]) | set(REGIONS_ONLY)
    gazetteer_names = {r["name"] for code in ("RU", "UA") for r in gazetteer.places(code)}
    missing = set()
    for text in _prose().values():
        for name in gazetteer_names - names:
            if place_data._named(text, name):
                missing.add(name)
    assert missing == set()


def test_every_located_place_is_on_a_map():
    # the overview's locator covers the border area, the peak map the two oblasts, and the
    # wider map of the places appendix the rest (WIDER_PLACES)
    from analysis.figures.builders.places import WIDER_PLACES

    located = geo.settlements_frame()
    on_locator = set(maps.inside(located, maps.LOCATOR)["name"])
    on_peak_map = set(maps.inside(located[located["oblast"].isin(["Kursk", "Sumy"])],
                                  maps.FRAME)["name"])
    assert set(located["name"]) <= on_locator | on_peak_map | set(WIDER_PLACES)


def test_spellings_of_the_book_are_one():
    # the book spells each place one way: the variant spellings our sources use are not in
    # the prose (Tetkino was chapter 4's spelling of Tyotkino)
    for docname, text in _prose().items():
        assert "Tetkino" not in text, docname


def test_status_on_the_map_matches_the_measured_peak():
    # Sudzha lies inside DeepState's held layer at the peak and on the eve of the collapse,
    # and outside it after the town fell (reference: the held polygons of those days, and
    # chapter 4's account of Sudzha given up on 15-16 March 2025)
    status = place_data.status_on_map().set_index("settlement_id")
    days = [c for c in status.columns]
    assert status.loc["sudzha", days[0]] == "held" and status.loc["sudzha", "2025-03-05"] == "held"
    assert status.loc["sudzha", "2025-03-16"] == "neither"
    assert status.loc["kursk", days[0]] == "neither"          # the city was never reached
    assert pd.isna(status.loc["pokrovsk", days[0]])            # outside Kursk oblast


def test_a_place_named_as_its_oblast_is_not_counted():
    assert place_data._named("fighting in Kursk oblast went on", "Kursk") is False
    assert place_data._named("Kursk's governor said", "Kursk") is False
    assert place_data._named("troops reached Kursk.", "Kursk") is True
    assert place_data._named("Kupiansk-Svatove-Kreminna line", "Kreminna") is False


# --- day by day ---------------------------------------------------------------------------

def test_the_frames_are_weekly_and_daily_in_the_fast_phases():
    days = campaign.frame_days()
    gaps = pd.Series(days).diff().dt.days.dropna()
    assert gaps.max() <= 7 and gaps.min() >= 1
    for first, last in campaign.DAILY_SPANS:
        span = [d for d in days if pd.Timestamp(first) <= d <= pd.Timestamp(last)]
        expected = pd.date_range(max(pd.Timestamp(first), days[0]), last, freq="D")
        assert list(span) == list(expected)
    # from the incursion's first day (data/phases.csv) to the occupied record's last day
    # (the shared record's README: 769 days to 2026-08-22), through the Kursk record's end
    assert days[0] == pd.Timestamp("2024-08-06") and days[-1] == pd.Timestamp("2026-08-22")
    assert pd.Timestamp("2025-06-08") in days


def test_the_events_listed_on_a_frame_are_all_those_since_the_previous_frame():
    days = campaign.frame_days()
    listed = campaign.listed_events(days)
    events = load_events()
    for frame in range(len(days)):
        rows = listed[listed["frame"] == frame]
        since = days[frame - 1] if frame else pd.Timestamp.min
        expected = events[(events["date"] > since) & (events["date"] <= days[frame])]
        assert len(rows) == len(expected), days[frame]       # all of them, never "N more"
    # every event of data/events.csv is listed once (the frames run to August 2026, past the
    # last event, of March 2026)
    assert events["date"].max() <= days[-1]
    assert len(listed) == len(events)
    assert not listed["text"].str.contains("more in the").any()


def test_month_only_events_are_listed_as_during_their_month():
    listed = campaign.listed_events(campaign.frame_days())
    events = load_events().sort_values("date", kind="stable")
    month = events[events["date_precision"] == "month"].iloc[0]
    row = listed[listed["headline"] == month["headline"]].iloc[0]
    assert row["when"] == f"during {month['date']:%B %Y}" and not row["when"][7].isdigit()
    day = events[events["date_precision"] == "day"].iloc[0]
    assert listed[listed["headline"] == day["headline"]].iloc[0]["when"] == \
        f"{day['date']:%d %b %Y}"


def test_the_day_by_day_map_reads_dates_and_shows_the_sumy_zone():
    from analysis.figures import REGISTRY

    chart, frames = REGISTRY["fig-day-by-day"].build()
    spec = chart.to_dict()
    meta = spec["usermeta"]["kursk"]
    assert meta["dates"][0] == "6 Aug 2024" and meta["dates"][-1] == "22 Aug 2026"
    assert len(meta["dates"]) == len(frames) and len(meta["events"]) == len(load_events())
    binding = spec["params"][0]["bind"]
    assert "frame" not in binding["name"]            # the page script shows the date instead
    last = frames.iloc[-1]
    # the occupied zone in Sumy oblast on the record's last day (see test_aftermath.py)
    assert last["sumy_occupied_km2"] == pytest.approx(213.8, abs=0.05)
    assert "Kursk record ended on 8 Jun 2025" in last["heading"]
    text = str(spec)
    assert "Occupied by Russia (DeepState)" in text and " km'" in text   # the scale bar


def test_an_isw_layer_is_shown_only_while_fresh():
    days = campaign.frame_days()
    for row in campaign.isw_frames(days).itertuples():
        for frame in range(row.first_frame, row.last_frame + 1):
            assert 0 <= (days[frame] - row.published).days <= campaign.ISW_STALE_DAYS


# --- chronologies and event lanes -----------------------------------------------------------

def test_a_chronology_has_a_line_per_event_and_a_heading_per_phase():
    events = event_data.events_with_sources("planning_and_surprise")
    rows = charts.chronology_rows(events, load_phases())
    lines = rows[rows["kind"] == "event"]
    assert len(lines) == len(events)
    assert list(rows.loc[rows["kind"] == "phase", "text"].str.split(" \\(").str[0]) == \
        ["Planning in secret", "During August 2024", "Ukraine's advance",
         "Counterattacks and attrition"]
    # every line carries its date with the year, as precise as the sources give it
    assert lines["text"].str.match(r"^(\d{1,2} [A-Z][a-z]{2} |[A-Z][a-z]{2} )20\d\d   ").all()


def test_event_labels_in_a_lane_never_overlap():
    marks = event_data.diplomatic_events()
    laid = charts.lane_layout(marks, "2024-11-01", "2025-05-31")
    for _, tier in laid.groupby("tier"):
        spans = []
        for x, left, text in zip(tier["x_px"], tier["text_px"], tier["label"]):
            width = placement.text_width(text, charts.LANE_FONT)
            spans.append((left, left + width))
            assert 0 <= left and left + width <= charts.PLOT_WIDTH
            # the label starts or ends at its date, unless it is longer than either side
            assert abs(left - (x + 3)) < 1e-6 or abs(left + width - (x - 3)) < 1e-6 or (
                left == 0 and x + 3 + width > charts.PLOT_WIDTH)
        spans.sort()
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_every_time_axis_names_the_year_once_under_its_months():
    # two levels: "6 Aug" or "Aug" above, the year below the first tick and each January
    short = charts.date_axis("2024-08-06", "2024-09-30").to_dict()
    long = charts.date_axis("2024-08-06", "2025-06-08").to_dict()
    assert short["labelExpr"] == charts.TWO_LEVEL_DAYS and "%-d %b" in short["labelExpr"]
    assert long["labelExpr"] == charts.TWO_LEVEL_MONTHS
    for axis in (short, long):
        assert "%Y" in axis["labelExpr"] and "datum.index == 0" in axis["labelExpr"]
        assert axis["labelSeparation"] >= 2


def test_the_turning_points_come_from_the_phases_and_the_events():
    marks, spans = event_data.turning_points()
    phases = load_phases().set_index("phase")
    assert marks["date"].iloc[0] == phases.loc["incursion", "start"]    # 6 August 2024
    assert marks["date"].iloc[-1] == phases.loc["endgame", "end"]        # 26 April 2025
    assert pd.Timestamp("2024-10-24") in set(marks["date"])              # HUR, event ev-128
    assert "North Korean" in load_events().set_index("event_id").loc[
        event_data.NK_ARRIVAL_EVENT, "headline"]
    assert (spans["date"].iloc[0], spans["end"].iloc[0]) == (
        phases.loc["collapse", "start"], phases.loc["collapse", "end"])


def test_headlines_keep_who_made_a_claim():
    # a claimed or disputed event's headline names a speaker before a colon or with a verb of
    # saying, so a pasted chronology never states a claim as fact
    events = load_events()
    claimed = events[events["status"].isin(["claimed", "disputed"])]
    saying = r"(?::|\b(?:says?|said|claims?|claimed|reports?|reported|denies|denied|calls?|"\
             r"warns?|announces?|accuses?|insists?|rejects?|admits?|confirms?|tells?|"\
             r"promises?|vows?|estimates?|shows?)\b)"
    unattributed = claimed[~claimed["headline"].str.contains(saying, regex=True)]
    assert len(unattributed) <= 0.05 * len(claimed), unattributed["headline"].tolist()[:10]


# --- order of battle --------------------------------------------------------------------------

def test_the_order_of_battle_covers_every_phase_and_side():
    units = load_units()
    assert set(units["phase"]) == set(load_phases()["phase"])
    assert set(units["side"]) == {"Ukraine", "Russia", "North Korea"}
    # the first assault's brigades, as Forbes (via Censor.NET) named them on 9 August 2024
    first = units[(units["phase"] == "incursion") & (units["side"] == "Ukraine")]
    assert {"80th Air Assault Brigade", "22nd Mechanized Brigade",
            "88th Mechanized Brigade"} <= set(first["unit"])


@pytest.mark.parametrize("column", ["lat", "lon"])
def test_a_half_coordinate_is_refused(data_copy, column):
    from analysis.data.tables import load_settlements as load
    from analysis.errors import DataError

    path = data_copy / "settlements.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[frame["settlement_id"] == "sudzha", column] = ""
    frame.to_csv(path, index=False)
    rehash(data_copy)
    with pytest.raises(DataError, match="half a coordinate"):
        load(base=data_copy)


def test_config_points_at_the_project():
    assert (config.DATA_DIR / "units.csv").exists()


def test_every_folded_table_says_what_it_holds():
    # a folded output's toggle names its table (myst-nb's per-cell code_prompt_show), never
    # the book-wide default
    for page in toc.pages():
        cells = re.findall(r"```\{code-cell\}[^\n]*\n((?::[^\n]*\n)+)", page.source.read_text(
            encoding="utf-8"))
        for options in cells:
            if "hide-output" in options:
                assert '"code_prompt_show": "Show ' in options, (page.docname, options)


def test_a_layer_unchanged_on_the_map_is_stored_once_and_says_so():
    import geopandas as gpd
    from shapely.geometry import box

    from analysis.figures import maps

    square = box(34.5, 51.0, 34.6, 51.1)
    frame = gpd.GeoDataFrame({
        "layer_label": ["Held by Ukraine (DeepState)"] * 3,
        "first_frame": [0, 1, 2], "last_frame": [0, 1, 2],
        "source": ["DeepStateMap snapshot of 2024-08-12 19:56 UTC",
                   "DeepStateMap snapshot of 2024-08-13 11:26 UTC",
                   "DeepStateMap snapshot of 2024-08-14 09:00 UTC"]},
        geometry=[square, square, box(34.5, 51.0, 34.7, 51.1)], crs="EPSG:4326")
    merged = maps._merge_runs(frame)
    assert list(zip(merged["first_frame"], merged["last_frame"])) == [(0, 1), (2, 2)]
    assert merged["source"].iloc[0] == ("DeepStateMap snapshots of 2024-08-12 19:56 UTC to "
                                        "2024-08-13 11:26 UTC")


def test_an_approximate_position_lies_where_its_source_says():
    # data/settlements.csv: Russkoye Porechnoye "16 km north-east of Sudzha" (its cited page);
    # the modelled point is 16 km from Sudzha's sourced point, north-east of it, and says so
    frame = geo.settlements_frame().set_index("settlement_id")
    row = frame.loc["russkoye-porechnoye"]
    assert row["position"] == "approximate"
    assert geo.distance_km("Russkoye Porechnoye", "Sudzha") == pytest.approx(16, abs=0.01)
    sudzha = frame.loc["sudzha"]
    assert row["lat"] > sudzha["lat"] and row["lon"] > sudzha["lon"]
    assert row["position_text"].startswith("approximate: 16 km north-east of Sudzha")
    assert frame.loc["sudzha", "position"] == "sourced"


def test_an_incomplete_approximate_position_is_refused(data_copy):
    path = data_copy / "settlements.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = frame.index[frame["settlement_id"] == "guevo"][0]
    frame.loc[row, "approx_bearing"] = ""
    frame.to_csv(path, index=False)
    rehash(data_copy)
    with pytest.raises(DataError) as error:
        load_settlements(data_copy)
    assert "approx_bearing" in str(error.value) and "settlements.csv" in str(error.value)
