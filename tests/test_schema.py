"""The validator's rules one by one, on a small schema written here (so each expectation is
read off this file, not off data/): booleans, lengths, patterns, enums, bounds and references,
the phase reference of events included."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.data import tables
from analysis.data.schema import validate_rows
from analysis.errors import DataError
from conftest import rehash

SCHEMA = {"fields": [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True,
                                                    "pattern": "[a-z]+-[0-9]{2}"}},
    {"name": "flag", "type": "boolean"},
    {"name": "note", "type": "string", "constraints": {"maxLength": 5}},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
    {"name": "size", "type": "integer", "constraints": {"minimum": 1, "maximum": 9}},
    {"name": "refs", "type": "string", "x-references": {"resource": "others",
                                                         "separator": ";"}},
]}
HEADER = [f["name"] for f in SCHEMA["fields"]]
GOOD = ["ab-01", "true", "short", "a", "3", "x;y"]
KNOWN = {"others": {"x", "y"}}


def check(row, known=KNOWN):
    return validate_rows(Path("t.csv"), HEADER, [row], SCHEMA, known)


def test_a_good_row_is_typed():
    frame = check(GOOD)
    assert frame.loc[0, "flag"] is True or frame.loc[0, "flag"] == True  # noqa: E712
    assert frame.loc[0, "size"] == 3 and frame.loc[0, "refs"] == "x;y"


@pytest.mark.parametrize("column,value,expected", [
    ("flag", "yes", "true or false"),
    ("note", "too long", "at most 5 characters"),
    ("id", "AB-1", "matching"),
    ("kind", "c", "one of a, b"),
    ("size", "0", ">= 1"),
    ("size", "10", "<= 9"),
    ("size", "2.5", "a whole number"),
    ("refs", "x;z", "an id listed in others"),
])
def test_each_rule_names_row_column_value_and_expectation(column, value, expected):
    row = list(GOOD)
    row[HEADER.index(column)] = value
    with pytest.raises(DataError) as info:
        check(row)
    error = info.value
    assert (error.row, error.column) == (1, column)
    assert expected in str(error), str(error)
    assert repr(value.split(";")[-1] if column == "refs" else value) in str(error)


def test_a_declared_reference_is_never_skipped():
    with pytest.raises(DataError, match="reference not checked"):
        check(GOOD, known={})


def test_events_refer_to_known_phases(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("phase")] = "siege"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(DataError) as info:
        tables.load_events(base=data_copy)
    assert (info.value.row, info.value.column, info.value.found) == (1, "phase", "siege")
