"""Merge sourcing staged by researchers (one folder per chapter, the CSV layout of the sourcing
brief) into data/: new sources, events and claims get ids, events get their phase from
data/phases.csv and their settlement id where the place is in data/settlements.csv; claims get
a qualifier from their notes. Rows already present (same source URL, same event summary, same
claim) are skipped; a staged source whose URL is already in data/ is cited under its existing
id. Then run scripts/update_manifest.py and the tests.

Usage: python scripts/import_staging.py STAGING_DIR [STAGING_DIR ...]

Each STAGING_DIR holds three CSV files (header row as shown):

- sources.csv: source_id,publisher,title,author,published,url,kind,language,title_basis,notes
  and optionally retrieved (the day the page was read, YYYY-MM-DD; default below)
- events.csv: date,date_precision,chapter,actor,type,place,settlement,summary,source_ids,status
  (settlement: the place's name when the event happened at one settlement; source_ids
  separated by ";")
- claims.csv: metric,date,value,low,high,unit,claimant,claimant_side,source_id,notes

Allowed values are those of the field schemas in data/datapackage.json. A fact is staged only
from a page actually read; each side's figure is its own row, never an average.
"""
from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KURSK_DATA_DIR") or ROOT / "data")  # a copy of data/ in tests
RETRIEVED = "2026-11-24"  # the day most stored copies were read (a staged row may say otherwise)
QUALIFIERS = ["more than", "at least", "up to", "less than", "nearly", "about"]


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def phase_of(day: str, phases: list[dict]) -> str:
    for phase in phases:
        if phase["start"] <= day <= phase["end"]:
            return phase["phase"]
    raise ValueError(f"no phase for {day}")


def qualifier(notes: str) -> str:
    text = notes.lower()
    for word in QUALIFIERS:
        if re.search(rf"\b{word}\b", text):
            return word
    if re.search(r"\bover\b", text):
        return "more than"
    return "about" if re.search(r"\b(approximately|around|roughly|some)\b", text) else ""


def main(folders: list[str]) -> None:
    fields = {name: next(csv.reader(open(DATA / f"{name}.csv", encoding="utf-8")))
              for name in ("sources", "events", "claims")}
    sources, events, claims = (read(DATA / f"{n}.csv") for n in ("sources", "events", "claims"))
    phases = read(DATA / "phases.csv")
    places = {r["name"].lower(): r["settlement_id"] for r in read(DATA / "settlements.csv")}
    known_urls = {s["url"] for s in sources if s["url"]}
    known_ids = {s["source_id"] for s in sources}
    summaries = {e["summary"] for e in events}
    claim_keys = {(c["metric"], c["date"], c["claimant"], c["source_id"]) for c in claims}
    id_of_url = {s["url"]: s["source_id"] for s in sources if s["url"]}
    for folder in map(Path, folders):
        same = {}  # staged id -> existing id, for sources already present under another id
        for row in read(folder / "sources.csv"):
            if row["url"] in id_of_url and id_of_url[row["url"]] != row["source_id"]:
                same[row["source_id"]] = id_of_url[row["url"]]
            if row["url"] in known_urls or row["source_id"] in known_ids:
                continue
            row["retrieved"] = row.get("retrieved") or RETRIEVED
            sources.append({k: row.get(k, "") for k in fields["sources"]})
            known_urls.add(row["url"]), known_ids.add(row["source_id"])
            id_of_url.setdefault(row["url"], row["source_id"])
        for row in read(folder / "events.csv"):
            row["source_ids"] = ";".join(same.get(i, i) for i in row["source_ids"].split(";"))
            if row["summary"] in summaries:
                continue
            summaries.add(row["summary"])
            events.append({"date": row["date"], "date_precision": row["date_precision"],
                           "chapter": row["chapter"], "phase": phase_of(row["date"], phases),
                           "actor": row["actor"], "type": row["type"], "place": row["place"],
                           "settlement_id": places.get((row.get("settlement") or "").lower(), ""),
                           "summary": row["summary"], "source_ids": row["source_ids"],
                           "status": row["status"]})
        for row in read(folder / "claims.csv"):
            row["source_id"] = same.get(row["source_id"], row["source_id"])
            key = (row["metric"], row["date"], row["claimant"], row["source_id"])
            if key in claim_keys:
                continue
            if not "2024-06-01" <= row["date"] <= "2025-12-31":
                print("left out (outside the study window):", row["metric"], row["date"],
                      row["claimant"], row["source_id"])
                continue
            claim_keys.add(key)
            row["qualifier"] = qualifier(row.get("notes", ""))
            claims.append(row)
    events.sort(key=lambda e: (e["date"], e["summary"]))
    for number, event in enumerate(events, start=1):
        event["event_id"] = f"ev-{number:03d}"
    claims.sort(key=lambda c: (c["date"], c["metric"], c["claimant"]))
    for number, claim in enumerate(claims, start=1):
        claim["claim_id"] = f"cl-{number:03d}"
    write(DATA / "sources.csv", sorted(sources, key=lambda s: s["source_id"]), fields["sources"])
    write(DATA / "events.csv", events, fields["events"])
    write(DATA / "claims.csv", [{k: c.get(k, "") for k in fields["claims"]} for c in claims],
          fields["claims"])
    print(f"sources {len(sources)}, events {len(events)}, claims {len(claims)}")


if __name__ == "__main__":
    main(sys.argv[1:])
