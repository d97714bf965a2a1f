"""scripts/import_staging.py on a copy of data/: new rows get ids, phases and qualifiers; a
staged source already known by URL is cited under its existing id; repeats are skipped."""
from __future__ import annotations

import csv
import os
import subprocess
import sys

from analysis import config

SCRIPT = config.REPO_ROOT / "scripts" / "import_staging.py"


def write(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(data_copy, staging):
    return subprocess.run([sys.executable, str(SCRIPT), str(staging)], capture_output=True,
                          text=True, env={**os.environ, config.DATA_DIR_ENV: str(data_copy)},
                          timeout=60, check=True)


def test_import_assigns_ids_phases_and_maps_known_urls(data_copy, tmp_path):
    known = read(data_copy / "sources.csv")[5]  # a source already in the data
    staging = tmp_path / "stage"
    staging.mkdir()
    write(staging / "sources.csv",
          ["source_id", "publisher", "title", "author", "published", "url", "kind", "language",
           "title_basis", "retrieved", "notes"],
          [["test-20250101-new", "Test Wire", "A new page", "", "2025-01-01",
            "https://example.org/new", "news agency", "en", "page", "2026-11-30", ""],
           ["test-20250101-dup", "Test Wire", "Same page", "", "", known["url"],
            "news agency", "en", "page", "", ""]])
    write(staging / "events.csv",
          ["date", "date_precision", "chapter", "actor", "type", "place", "settlement",
           "summary", "source_ids", "status"],
          [["2025-03-10", "day", "4", "Russia", "statement", "Sudzha", "Sudzha",
            "A test event.", "test-20250101-new;test-20250101-dup", "claimed"]])
    write(staging / "claims.csv",
          ["metric", "date", "value", "low", "high", "unit", "claimant", "claimant_side",
           "source_id", "notes"],
          [["civilians_evacuated", "2024-08-20", "5000", "", "", "count", "Test official",
            "Russia", "test-20250101-dup", "more than 5,000 people"]])
    before = {name: len(read(data_copy / f"{name}.csv")) for name in ("sources", "events",
                                                                         "claims")}
    run(data_copy, staging)
    sources, events, claims = (read(data_copy / f"{n}.csv") for n in ("sources", "events",
                                                                       "claims"))
    assert len(sources) == before["sources"] + 1          # the known URL is not added again
    assert len(events) == before["events"] + 1 and len(claims) == before["claims"] + 1
    event = next(e for e in events if e["summary"] == "A test event.")
    assert event["phase"] == "collapse"                    # 10 March 2025, per data/phases.csv
    assert event["settlement_id"] == "sudzha"
    assert event["source_ids"] == f"test-20250101-new;{known['source_id']}"
    claim = next(c for c in claims if c["claimant"] == "Test official")
    assert claim["qualifier"] == "more than" and claim["source_id"] == known["source_id"]
    # existing rows keep their ids (the chapters cite them); the new one takes the next free id
    highest = max(int(e["event_id"][3:]) for e in events if e is not event)
    assert event["event_id"] == f"ev-{highest + 1:03d}"
    assert len({e["event_id"] for e in events}) == len(events)
    # a second run finds everything present and changes nothing
    snapshot = (data_copy / "events.csv").read_bytes()
    run(data_copy, staging)
    assert (data_copy / "events.csv").read_bytes() == snapshot
