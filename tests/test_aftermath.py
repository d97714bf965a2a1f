"""The aftermath: DeepState's occupied-area record, its split by Natural Earth's border, the
monthly series and its cache, the findings and figures built on it. Expected values come from
tests/reference_values.py (geodesic re-measurements) or from the shared record's README."""
from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest
from pyproj import Geod

from analysis import config
from analysis.data import external
from analysis.errors import DataError
from analysis.evidence import aftermath as zone
from reference_values import SUMY_LATEST

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def monthly():
    return zone.monthly()


def test_the_record_spans_the_days_its_readme_gives():
    # shared/data/README.md: 769 days from 2024-07-08 to 2026-08-22, a few days missing
    frame = external.occupied_daily()
    assert len(frame) == 769
    assert frame["date"].min() == pd.Timestamp("2024-07-08")
    assert frame["date"].max() == pd.Timestamp("2026-08-22")
    assert frame["date"].is_monotonic_increasing


def test_the_latest_sumy_area_matches_a_geodesic_measurement():
    # the package measures in its equal-area CRS; here the same clip on the ellipsoid
    day, geometry = external.occupied_on("2026-08-22")
    sumy = zone.regions()["sumy"]
    geodesic = abs(GEOD.geometry_area_perimeter(geometry.intersection(sumy))[0]) / 1e6
    assert geodesic == pytest.approx(SUMY_LATEST, abs=0.1)
    assert zone.latest()["sumy_km2"] == pytest.approx(geodesic, abs=0.1)
    assert day == pd.Timestamp("2026-08-22")


def test_the_monthly_series_has_one_row_a_month_at_its_last_day(monthly):
    # July 2024 to August 2026: 26 months; March 2025's last day in the record is the 30th
    assert len(monthly) == 26
    assert list(monthly["month"]) == list(pd.date_range("2024-07-01", "2026-08-01", freq="MS"))
    row = monthly.set_index("month").loc["2025-03-01"]
    assert row["date"] == pd.Timestamp("2025-03-30")
    assert monthly["date"].iloc[-1] == pd.Timestamp("2026-08-22")


def test_the_parts_add_up_and_nothing_is_dropped(monthly):
    parts = monthly[["sumy_km2", "kharkiv_border_km2", "outside_border_km2", "elsewhere_km2"]]
    assert (parts.sum(axis=1) - monthly["total_km2"]).abs().max() <= 0.2
    outside = monthly[["outside_border_sumy_km2", "outside_border_kharkiv_km2",
                       "outside_border_elsewhere_km2"]].sum(axis=1)
    assert (outside - monthly["outside_border_km2"]).abs().max() <= 0.2
    # reference_values.py: 352.9 km2 of DeepState's occupied area lies in Russia by our border
    assert monthly["outside_border_km2"].iloc[-1] == pytest.approx(352.9, abs=0.1)


def test_russia_held_nothing_in_sumy_oblast_before_may_2025(monthly):
    before = monthly[monthly["month"] < "2025-05-01"]
    assert (before["sumy_km2"] == 0).all()
    assert monthly.set_index("month").loc["2025-05-01", "sumy_km2"] > 0


def test_the_monthly_series_is_cached_once_per_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    zone._daily.cache_clear()
    calls = []
    real = zone.compute_daily

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(zone, "compute_daily", counted)
    first = zone.monthly()
    zone._daily.cache_clear()                     # a new kernel: only the disk cache is left
    second = zone.monthly()
    assert len(calls) == 1 and zone.cache_path().exists()
    assert zone.cache_path().name.startswith("occupied-")
    pd.testing.assert_frame_equal(first, second)
    zone._daily.cache_clear()


def test_a_bad_feature_names_the_file_row_and_column():
    features = [{"type": "Feature", "properties": {"date": "2025-01-01"},
                 "geometry": {"type": "Polygon", "coordinates": [[[34, 51], [35, 51],
                                                                  [35, 52], [34, 51]]]}},
                {"type": "Feature", "properties": {"date": "01/02/2025"},
                 "geometry": {"type": "Polygon", "coordinates": [[[34, 51], [35, 51],
                                                                  [35, 52], [34, 51]]]}}]
    with pytest.raises(DataError) as info:
        external.occupied_frame(features, "occupied.geojson.gz")
    message = str(info.value)
    assert "occupied.geojson.gz" in message and "row 2" in message
    assert "column 'date'" in message and "YYYY-MM-DD" in message
    features[1]["properties"]["date"] = "2025-01-02"
    features[1]["geometry"] = {"type": "Point", "coordinates": [34, 51]}
    with pytest.raises(DataError, match="column 'geometry'.*Polygon or MultiPolygon"):
        external.occupied_frame(features, "occupied.geojson.gz")


def test_the_shared_record_is_checked_by_its_checksum(monkeypatch, tmp_path):
    import shutil

    source = external.locate_external()
    shutil.copytree(source, tmp_path / "ext")
    with gzip.open(tmp_path / "ext" / external.OCCUPIED_FILE, "wt") as handle:
        json.dump({"type": "FeatureCollection", "features": []}, handle)
    monkeypatch.setenv("KURSK_EXTERNAL_DATA", str(tmp_path / "ext"))
    with pytest.raises(DataError, match="checksum does not match the pinned original"):
        external.locate_external()


def test_findings_quote_the_latest_day_and_the_peak():
    from analysis.evidence import findings

    numbers = findings.aftermath()
    assert numbers["sumy_latest_date"] == "22 August 2026"
    assert numbers["sumy_peak_date"] == "4 August 2026"      # first day of the 213.8 km2 high
    assert numbers["sumy_first_date"] == "25 May 2025"
    assert numbers["sumy_end_2026_date"] == "22 August 2026"
    assert numbers["sumy_with_outside_latest_km2"] == pytest.approx(
        numbers["sumy_latest_km2"] + numbers["outside_border_sumy_latest_km2"])


def test_the_holds_chart_states_its_finding_with_computed_numbers():
    from analysis.figures import registry

    figure = registry.REGISTRY.get("fig-aftermath-holds") or \
        registry.AWAITING["fig-aftermath-holds"]
    chart, data = figure.build()
    spec = chart.to_dict()
    title = " ".join(spec["title"]["text"])
    # 213.8 km2 (reference) of 898.7 km2 (Ukraine's Kursk peak): 24 %
    assert title == ("After Kursk, Russia's hold in Sumy oblast grew to 214 km² by 22 August "
                     "2026, 24 % of Ukraine's Kursk peak.")
    assert "km²" in " ".join(spec["title"]["subtitle"])
    labels = " ".join(str(v) for v in data["label"].dropna())
    assert "Russia in Sumy oblast: 214 km²" in labels
    assert "Ukraine in Kursk oblast: peak 899 km² (6 Sep 2024)" in labels
    assert data.loc[data["series"] == "Ukraine in Kursk oblast", "date"].max() == \
        pd.Timestamp("2025-06-08")


def test_the_sumy_map_has_a_scale_bar_and_its_title_computed():
    from analysis.figures import registry

    figure = registry.REGISTRY.get("fig-aftermath-sumy-map") or \
        registry.AWAITING["fig-aftermath-sumy-map"]
    chart, data = figure.build()
    spec = chart.to_dict()
    assert " ".join(spec["title"]["text"]).startswith(
        "On 22 August 2026 Russia held 214 km² of Sumy oblast")
    assert "10 km" in json.dumps(spec)                          # the scale bar's label
    assert set(data["layer"]) >= {"occupied_sumy", "outside_border"}


def test_a_figure_awaiting_its_page_is_outside_the_book_until_a_page_shows_it():
    from analysis import toc
    from analysis.figures import registry

    shown = {label for page in toc.pages() for label in registry.shown_on(page)}
    for label in registry.AWAITING:
        assert label not in shown and label not in registry.REGISTRY
    # book.figure() still works for it in a kernel, numbered as a draft
    if "fig-aftermath-holds" in registry.AWAITING:
        output = registry.show("fig-aftermath-holds")
        assert "Figure (draft)." in output.markup


def test_the_kharkiv_map_states_the_border_area_latest():
    from analysis.figures import registry

    figure = registry.REGISTRY.get("fig-aftermath-kharkiv-map") or \
        registry.AWAITING["fig-aftermath-kharkiv-map"]
    chart, data = figure.build()
    spec = chart.to_dict()
    # reference_values.py: 404.0 km2 (geodesic 403.97) in Kharkiv oblast north of 49.9 N
    assert " ".join(spec["title"]["text"]) == ("On 22 August 2026 Russia held 404 km² of "
                                               "Kharkiv oblast north of 49.9° N, along the "
                                               "Russian border.")
    assert "20 km" in json.dumps(spec)
    assert "Vovchansk" in json.dumps(spec)          # GeoNames town inside the occupied zone
