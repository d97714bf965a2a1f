"""The map of the operation: each axis of data/axes.csv is a schematic line through places that
have a position, cites its source and its words, and is numbered on the map and in its list."""
from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import Point

from analysis.data import boundaries as geo
from analysis.data.tables import load_axes
from analysis.errors import DataError
from analysis.evidence import axes as axis_data
from analysis.figures import (
    builders,  # noqa: F401  (registers the figures)
    registry,
    render,
)
from conftest import rehash


def test_every_axis_quotes_its_source_and_runs_through_places_with_a_position():
    table = load_axes()
    assert table["quote"].str.len().min() > 40
    assert set(table["kind"]) <= {"advance", "withdrawal", "road"}
    lines = axis_data.axis_lines()
    assert len(lines) == len(table)
    assert all(line.length > 0 for line in lines.geometry)


def test_a_border_point_lies_on_the_state_border():
    # ax-01 starts where the straight line from Yunakivka to Sudzha crosses the border
    line = axis_data.axis_lines().set_index("axis_id").loc["ax-01", "geometry"]
    start = Point(line.coords[0])
    border = geo.border(display=False).union_all()
    assert border.distance(start) < 1e-6
    # and it lies between the two places, so the arrow runs from Ukraine into Russia
    sudzha = Point(line.coords[-1])
    assert start.distance(sudzha) < Point(35.03944, 51.12028).distance(sudzha)


def test_an_axis_through_an_unknown_place_is_refused(data_copy):
    path = data_copy / "axes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "points"] = "sumy;atlantis"
    frame.to_csv(path, index=False)
    rehash(data_copy)
    with pytest.raises(DataError) as error:
        load_axes(data_copy)
    text = str(error.value)
    assert "axes.csv" in text and "atlantis" in text and "points" in text


def test_the_operation_map_numbers_every_axis_and_lists_it_with_its_source():
    chart, data = registry.REGISTRY["fig-operation-map"].build()
    spec = render.chart_spec(chart)
    main, listing = spec["vconcat"]
    rows = listing["data"]["values"]
    lines = [r["line"] for r in rows]
    assert len(lines) == len(data)
    for number, label in zip(data["number"], data["label"]):
        assert any(line.startswith(f"{number}.") and label in line for line in lines)
    details = [" ".join(r["detail"]) for r in rows]
    assert all("Source:" in d for d in details)
