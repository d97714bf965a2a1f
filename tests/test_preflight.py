"""Bad input stops `make book`'s command before Sphinx starts, with one message as the last line
naming the file, row, column, the value found and what was expected. Each case edits a copy of
data/ (``$KURSK_DATA_DIR``), never data/ itself."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from conftest import rehash

BUILD = [sys.executable, "-m", "analysis.publish.build"]


def edit(base: Path, table: str, row: int, column: str, value: str, *, rehashed=True) -> None:
    """Set ``column`` of data row ``row`` (1-based) of ``table``.csv in the copy."""
    path = base / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[row][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    if rehashed:
        rehash(base)


def build(base: Path, **env) -> tuple[int, str]:
    """Run the build command on the copy; (exit code, last line of its output)."""
    environ = {**os.environ, config.DATA_DIR_ENV: str(base), **env}
    done = subprocess.run(BUILD, capture_output=True, text=True, env=environ, timeout=120,
                          cwd=config.REPO_ROOT)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode, lines[-1] if lines else ""


CASES = {
    "bad date": (("events", 3, "date", "2024-13-45"),
                 ["events.csv", "row 3", "column 'date'", "'2024-13-45'", "YYYY-MM-DD"]),
    "unknown source": (("events", 5, "source_ids", "no-such-source"),
                       ["events.csv", "row 5", "column 'source_ids'", "'no-such-source'",
                        "an id listed in sources"]),
    "unknown phase": (("events", 7, "phase", "siege"),
                      ["events.csv", "row 7", "column 'phase'", "'siege'",
                       "an id listed in phases"]),
    "non-numeric area": (("claims", 4, "value", "about 900"),
                         ["claims.csv", "row 4", "column 'value'", "'about 900'", "a number"]),
    "negative area": (("claims", 4, "value", "-12"),
                      ["claims.csv", "row 4", "column 'value'", "'-12'", ">= 0"]),
    "duplicated id": (("events", 2, "event_id", "ev-001"),
                      ["events.csv", "row 2", "column 'event_id'", "'ev-001'",
                       "a value not already used (row 1 has it)"]),
    "low above high": (("claims", 2, "low", "9999999"),
                       ["claims.csv", "row 2", "column 'low'", "low=9999999.0",
                        "low <= value <= high"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_stops_the_build_with_one_message(data_copy, case):
    (table, row, column, value), expected = CASES[case]
    edit(data_copy, table, row, column, value)
    code, last = build(data_copy)
    assert code == 2, last
    assert last.startswith("BUILD STOPPED: bad input:"), last
    for part in expected:
        assert part in last, (part, last)


def test_checksum_mismatch_stops_the_build(data_copy):
    edit(data_copy, "phases", 1, "label", "Planning", rehashed=False)
    code, last = build(data_copy)
    assert code == 2 and "phases.csv" in last and "checksum" in last, last
    assert "scripts/update_manifest.py" in last


def test_missing_external_record_stops_the_build(data_copy, tmp_path):
    code, last = build(data_copy, KURSK_EXTERNAL_DATA=str(tmp_path / "none"),
                       KURSK_CACHE_DIR=str(tmp_path / "cache"))
    assert code == 2, last
    assert "snapshots-study-area.geojson.gz" in last and "KURSK_EXTERNAL_DATA" in last


def test_an_event_of_a_chapter_the_toc_lacks_stops_the_build(data_copy):
    edit(data_copy, "events", 1, "chapter", "no_such_chapter")
    code, last = build(data_copy)
    assert code == 2 and "column 'chapter'" in last and "found 'no_such_chapter'" in last, last


def test_hostile_text_passes_preflight_and_is_escaped(data_copy):
    # hostile text is data to show, not an error: preflight accepts it, pages escape it
    hostile = '<script>alert("x")</script> & "quotes"'
    edit(data_copy, "events", 1, "summary", hostile)
    done = subprocess.run([sys.executable, "-m", "analysis.data.preflight"], capture_output=True,
                          text=True, env={**os.environ, config.DATA_DIR_ENV: str(data_copy)},
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("preflight:")


def test_the_real_data_passes_preflight():
    from analysis.data import preflight

    counts = preflight.check_all()
    assert counts["events"] >= 80 and counts["claims"] >= 100
