"""The measured control series from DeepState and ISW, and the boundary they are clipped to.
Expected values come from tests/reference_values.py, which says how each was obtained."""
from __future__ import annotations

import pandas as pd
import pytest
from pyproj import Geod

from analysis.data import boundaries as geo
from analysis.data import external as control
from analysis.errors import DataError
from analysis.evidence import series as measures
from reference_values import PEAK


@pytest.fixture(scope="module")
def series():
    return measures.measured_series()


def test_kursk_area_within_two_percent_of_official():
    area = geo.kursk_area_km2()
    assert abs(area - geo.KURSK_OFFICIAL_AREA_KM2) / geo.KURSK_OFFICIAL_AREA_KM2 < 0.02
    assert area == pytest.approx(30_092.3, abs=1)


def test_equal_area_matches_geodesic_area():
    geodesic = abs(Geod(ellps="WGS84").geometry_area_perimeter(geo.kursk_oblast())[0]) / 1e6
    assert geo.kursk_area_km2() == pytest.approx(geodesic, rel=1e-4)


def test_series_is_continuous_and_never_negative(series):
    assert series["date"].min() == pd.Timestamp("2024-08-08")
    assert series["date"].max() == pd.Timestamp("2025-06-08")
    assert (series["date"].diff().dropna() == pd.Timedelta(days=1)).all()
    for column in ("held_by_ukraine_km2", "grey_zone_km2", "retaken_by_russia_km2"):
        assert series[column].notna().all() and (series[column] >= 0).all(), column
    isw = series["isw_retaken_by_russia_km2"].dropna()
    assert (isw >= 0).all() and series.loc[series["date"] >= "2024-09-11",
                                            "isw_retaken_by_russia_km2"].notna().all()


def test_peak_held_area_by_an_independent_method(series):
    # the package measures in an equal-area projection; here the same dissolved, clipped
    # polygon is measured on the ellipsoid, and both must give the reference value
    day, value = measures.peak(series)
    assert day == pd.Timestamp("2024-09-06")
    layers = control.deepstate_snapshot_polygons(geo.kursk_oblast(), day)
    held = layers[layers["layer"] == "held_by_ukraine"].geometry.union_all()
    geodesic = abs(Geod(ellps="WGS84").geometry_area_perimeter(held)[0]) / 1e6
    assert geodesic == pytest.approx(PEAK, abs=0.05)
    assert value == pytest.approx(geodesic, abs=0.1)


def test_late_april_2025_values(series):
    assert measures.value_on(series, "2025-04-26", "held_by_ukraine_km2") == pytest.approx(20.2, abs=0.5)
    assert measures.value_on(series, "2025-04-26", "grey_zone_km2") == pytest.approx(66.0, abs=0.5)
    assert measures.value_on(series, "2025-04-26", "isw_retaken_by_russia_km2") == \
        pytest.approx(1098.44, abs=0.01)


def test_one_snapshot_per_day_is_the_days_last(series):
    row = series.loc[series["date"] == "2025-04-26"].iloc[0]
    assert row["snapshot_utc"] == pd.Timestamp("2025-04-26 14:17:17", tz="UTC")


def test_snapshot_polygons_match_series():
    layers = control.deepstate_snapshot_polygons(geo.kursk_oblast(), "2024-09-06")
    held = layers.set_index("layer")["area_km2"]
    assert held["held_by_ukraine"] == pytest.approx(PEAK, abs=0.05)
    assert held["grey_zone"] == pytest.approx(338.1, abs=0.5)


def test_no_area_exceeds_the_oblast(series):
    total = series["held_by_ukraine_km2"] + series["grey_zone_km2"]
    assert (total < geo.kursk_area_km2()).all()


def test_loss_rate_by_phase(series):
    rates = measures.loss_rate_by_phase(series).set_index("phase")
    assert rates.loc["collapse", "change_km2"] == pytest.approx(-233.2, abs=0.5)
    assert rates.loc["incursion", "km2_per_day"] > 0 > rates.loc["attrition", "km2_per_day"]


def test_missing_external_data_says_how_to_supply(monkeypatch, tmp_path):
    monkeypatch.setenv("KURSK_EXTERNAL_DATA", str(tmp_path / "nowhere"))
    monkeypatch.setenv("KURSK_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(DataError) as info:
        control.locate_external()
    message = str(info.value)
    assert "KURSK_EXTERNAL_DATA" in message and "python -m analysis.data.external download" in message


def test_tampered_external_file_is_refused(monkeypatch, tmp_path):
    import shutil

    source = control.locate_external()
    shutil.copytree(source, tmp_path / "ext")
    (tmp_path / "ext" / control.ISW_DAILY_FILE).write_text("[]")
    monkeypatch.setenv("KURSK_EXTERNAL_DATA", str(tmp_path / "ext"))
    with pytest.raises(DataError, match="checksum does not match the pinned original"):
        control.locate_external()


def test_download_derives_the_same_layers_and_the_cache_is_checked(tmp_path, monkeypatch):
    """The download path, fed by a fake fetch built from the shared files, reproduces them."""
    import gzip
    import json

    source = control.locate_external()
    with gzip.open(source / control.DEEPSTATE_FILE, "rt", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    by_time: dict[int, list] = {}
    for feature in features:
        by_time.setdefault(feature["properties"]["snapshot_unix"], []).append(feature)

    with gzip.open(source / control.OCCUPIED_FILE, "rt", encoding="utf-8") as handle:
        occupied = {f["properties"]["date"].replace("-", ""): f
                    for f in json.load(handle)["features"]}

    def fake_fetch(url: str) -> bytes:
        if "deepstate-map-data" in url:
            # the archive's file: the day's occupied area as a FeatureCollection
            day = url.rsplit("_", 1)[1].split(".")[0]
            return json.dumps({"type": "FeatureCollection",
                               "features": [occupied[day]]}).encode()
        if "deepstatemaps-history" in url:
            unix = int(url.rsplit("/", 1)[1].split(".")[0])
            return json.dumps({"type": "FeatureCollection",
                               "features": by_time.get(unix, [])}).encode()
        if url.endswith("daily_areas.json"):
            return (source / control.ISW_FRONT_FILE).read_bytes()
        return (source / control.ISW_POLYGON_DIR / url.rsplit("/", 1)[1]).read_bytes()

    # a sample of snapshots (every 25th, the first and the last) keeps the test fast
    stamps = sorted(by_time)
    sample = sorted(set(stamps[::25]) | {stamps[0], stamps[-1]})
    days = ["20240708", "20250601", "20260822"]
    target = control.download_originals(tmp_path / "cache" / "external", fetch=fake_fetch,
                                        stamps=[str(s) for s in sample], occupied_days=days)
    with gzip.open(target / control.DEEPSTATE_FILE, "rt", encoding="utf-8") as handle:
        derived = json.load(handle)["features"]
    features = [f for f in features if f["properties"]["snapshot_unix"] in set(sample)]
    assert len(derived) == len(features) > 0
    from shapely.geometry import shape

    def total_area(items, fill):
        return sum(shape(f["geometry"]).area for f in items if f["properties"]["fill"] == fill)

    for fill in ("#01579b", "#bdbdbd"):
        assert total_area(derived, fill) == pytest.approx(total_area(features, fill), rel=1e-6)
    assert json.loads((target / control.ISW_DAILY_FILE).read_text())[0]["areaKm2"] == 47.55
    # the occupied record: one feature a day, the same area as the shared file's
    with gzip.open(target / control.OCCUPIED_FILE, "rt", encoding="utf-8") as handle:
        derived_days = json.load(handle)["features"]
    assert [f["properties"]["date"] for f in derived_days] == \
        ["2024-07-08", "2025-06-01", "2026-08-22"]
    for feature in derived_days:
        original = occupied[feature["properties"]["date"].replace("-", "")]
        assert shape(feature["geometry"]).area == pytest.approx(
            shape(original["geometry"]).area, rel=1e-6)

    # the cache records what it downloaded, and the book then reads it from there
    monkeypatch.setenv("KURSK_EXTERNAL_DATA", str(tmp_path / "none"))
    monkeypatch.setenv("KURSK_CACHE_DIR", str(tmp_path / "cache"))
    assert control.locate_external() == target
    sums = (target / control.CACHE_SUMS).read_text().splitlines()
    assert len(sums) == 4 + len(control.ISW_POLYGON_DATES)
    # a cached file changed after download is refused, naming it
    polygon = target / control.ISW_POLYGON_DIR / f"{control.ISW_POLYGON_DATES[0]}.geojson"
    polygon.write_text("{}")
    with pytest.raises(DataError, match="differs from what was downloaded") as info:
        control.locate_external()
    assert polygon.name in str(info.value)

def test_only_sudzha_of_the_gazetteer_places_lies_in_the_peak_held_area():
    # the fig-peak-map caption says so
    from analysis.evidence.findings import gazetteer_places_held_at_peak

    assert gazetteer_places_held_at_peak() == ["Sudzha"]

