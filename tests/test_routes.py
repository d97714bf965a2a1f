"""The gas-pipeline raid's route: modelled from claimed distances, drawn as a schematic."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import Point

from analysis.data import tables as data
from analysis.errors import DataError
from analysis.evidence import findings, routes
from analysis.figures.builders import counteroffensive as figure_builders
from conftest import rehash

SUDZHA = (35.26335, 51.19891)  # GeoNames lon, lat (data/settlements.csv)


def test_offset_is_a_geodesic_of_the_claimed_length():
    lon, lat = routes.offset(*SUDZHA, 0, 20)
    assert lon == pytest.approx(SUDZHA[0], abs=1e-9)  # due north keeps the meridian
    assert lat == pytest.approx(51.37868, abs=1e-4)   # ~0.18 degrees of latitude for 20 km
    assert routes.geodesic_km(Point(SUDZHA), Point(lon, lat)) == pytest.approx(20.0, abs=1e-6)
    east = routes.offset(*SUDZHA, 90, 10)
    assert east[0] > SUDZHA[0] and routes.geodesic_km(Point(SUDZHA), Point(east)) == \
        pytest.approx(10.0, abs=1e-6)


def test_compass_words():
    assert routes.compass(0) == "north" and routes.compass(225) == "south-west"
    assert routes.compass(360) == "north" and routes.compass(10) == "bearing 10°"


def test_pipeline_ends_as_claimed():
    ends = routes.ends(routes.PIPELINE_RAID)
    assert list(ends["role"]) == ["entry", "exit"]
    assert list(ends["distance_km"]) == [20.0, 2.0]
    assert set(ends["claimant_side"]) == {"Russia"}
    assert ends.crs.to_epsg() == 4326
    assert list(ends["date"].dt.strftime("%Y-%m-%d")) == ["2025-03-01", "2025-03-08"]
    assert all("rentv-20250308-potok-details" in ids for ids in ends["source_ids"])
    line = routes.schematic_line(ends)
    assert line["length_km"].iloc[0] == pytest.approx(18.0, abs=1e-3)
    summary = routes.summary()
    assert list(summary["claim"]) == ["about 20 km north of Sudzha", "about 2 km north of Sudzha"]


def test_pipeline_findings_check_the_placing():
    out = findings.pipeline_route()
    assert out["pipe_walked_km"] == 15.0            # REN TV / Izvestia, claims cl-091
    assert out["pipe_line_km"] > out["pipe_walked_km"]  # the two distances cannot both be exact
    assert (out["pipe_entry_held"], out["pipe_exit_held"]) == (False, True)
    assert (out["pipe_entry_where"], out["pipe_exit_where"]) == ("outside", "inside")


def test_collapse_map_draws_the_route_as_schematic():
    chart, frame = figure_builders.sudzha_collapse()
    spec = json.dumps(chart.to_dict())
    assert "Entry (claimed)" in spec and "Exit (claimed)" in spec
    assert '"pipe, schematic"' in spec and "strokeDash" in spec
    first, second = chart.to_dict()["concat"][:2]
    assert "Entry (claimed)" in json.dumps(first)
    assert "Entry (claimed)" not in json.dumps(second)   # first panel only
    modelled = frame[frame["layer"].str.startswith("pipeline_")]
    assert list(modelled["layer"]) == ["pipeline_entry_modelled", "pipeline_exit_modelled"]
    assert list(modelled["lat"]) == [51.3787, 51.2169]


def _edit(base, old, new):
    path = base / "route_points.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    rehash(base)


def test_duplicate_route_end_is_refused(data_copy):
    _edit(data_copy, "pipeline-raid,exit,", "pipeline-raid,entry,")
    with pytest.raises(DataError) as info:
        data.load_route_points(base=data_copy)
    err = info.value
    assert (err.row, err.column) == (2, "role") and "route_points.csv" in str(err)
    assert "one entry per route (row 1 has it)" in str(err)


def test_route_without_exit_is_refused(data_copy):
    _edit(data_copy, "pipeline-raid,exit,", "other-route,exit,")
    with pytest.raises(DataError, match=r"route 'other-route' has no entry"):
        data.load_route_points(base=data_copy)


def test_unknown_anchor_and_bad_bearing_are_refused(data_copy):
    _edit(data_copy, "2025-03-08,sudzha,0,", "2025-03-08,sudja,0,")
    with pytest.raises(DataError) as info:
        data.load_route_points(base=data_copy)
    assert (info.value.row, info.value.column) == (2, "anchor_settlement_id")
    assert "an id listed in settlements" in str(info.value)
    _edit(data_copy, "2025-03-08,sudja,0,", "2025-03-08,sudzha,400,")
    with pytest.raises(DataError) as info:
        data.load_route_points(base=data_copy)
    assert info.value.column == "bearing_deg" and "<= 360" in str(info.value)
