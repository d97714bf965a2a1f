"""The evidence base (issue 3): every row traces to a source that exists, values are coherent,
places lie where the table says, and the datasets are as large as the book needs."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import config, toc
from analysis.data import boundaries as geo
from analysis.data import manifest, tables
from analysis.data import tables as data
from analysis.publish import bibliography as citations


@pytest.fixture(scope="module")
def sources():
    return data.load_sources()


@pytest.fixture(scope="module")
def events():
    return data.load_events()


@pytest.fixture(scope="module")
def claims():
    return data.load_claims()


def _ids(cell) -> list[str]:
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def test_manifest_checksums_match():
    for entry in manifest.load_manifest()["resources"]:
        manifest.verify_file(entry)  # raises on a mismatch


def test_every_settlement_date_cites_a_source(sources):
    known = set(sources["source_id"])
    table = data.load_settlements()
    for _, row in table.iterrows():
        if pd.notna(row["lat"]):
            assert row["coordinate_source_id"] in known
        for when, cited in (("ukraine_claimed", "ukraine_claim_source_ids"),
                            ("russia_claimed", "russia_claim_source_ids")):
            if str(row[when]) not in ("", "nan", "NaT"):
                assert _ids(row[cited]) and set(_ids(row[cited])) <= known, row["name"]


def test_every_source_but_the_datasets_has_a_url(sources):
    web = sources[sources["kind"] != "dataset"]
    assert web["url"].str.match(r"https?://\S+$").all()


def test_the_seed_brief_is_cited_nowhere():
    # the project's brief (a paraphrase of AP's explainer) is not a source: AP is cited instead
    assert "seed" not in set(tables.load_sources()["source_id"])
    for page in toc.pages():
        assert "`seed" not in page.source.read_text(encoding="utf-8"), page.docname


def test_dates_in_the_study_window(events, claims):
    for frame in (events, claims):
        assert frame["date"].min() >= pd.Timestamp("2024-06-01")
        assert frame["date"].max() <= pd.Timestamp("2026-12-31")


def test_no_area_claim_exceeds_the_oblast(claims):
    oblast = geo.kursk_area_km2()
    kursk = claims[claims["metric"].isin(["area_held_by_ukraine", "area_retaken_by_russia"])]
    assert (kursk[["value", "low", "high"]].max(axis=1) <= oblast).all()


def test_every_settlement_lies_in_its_oblast():
    outside = geo.settlements_outside_their_oblast()
    assert outside.empty, outside.to_dict("records")


def test_events_cover_every_chapter(events):
    assert len(events) >= 80
    counts = events["chapter"].value_counts()
    for chapter in [page.key for page in toc.chapters()]:
        assert counts.get(chapter, 0) >= 10, f"chapter {chapter}: {counts.get(chapter, 0)}"


def test_area_claims_cover_august_to_april(claims):
    area = claims[(claims["metric"] == "area_held_by_ukraine")
                  & claims["date"].between(pd.Timestamp("2024-08-01"), pd.Timestamp("2025-04-30"))]
    assert len(area) >= 15
    months = set(area["date"].dt.to_period("M").astype(str))
    assert {"2024-08", "2025-03", "2025-04"} <= months


def test_bibliography_has_one_entry_per_source_row():
    import csv

    with open(config.DATA_DIR / "sources.csv", encoding="utf-8", newline="") as handle:
        ids = [row["source_id"] for row in csv.DictReader(handle)]
    keys = re.findall(r"^@misc\{([^,]+),", citations.bibtex(), re.M)
    assert keys == sorted(ids)


def test_bibtex_lists_several_authors_as_written():
    from analysis.publish.bibliography import bibtex_authors
    assert bibtex_authors("Olha Kyrylenko, Anastasia Protz") == \
        "{Olha Kyrylenko} and {Anastasia Protz}"
    assert bibtex_authors("Elena Giordano and Veronika Melkozerova") == \
        "{Elena Giordano} and {Veronika Melkozerova}"
    assert bibtex_authors("Alexander Andersson") == "{Alexander Andersson}"
    assert bibtex_authors("Guy Faulconbridge (Reuters)") == "{Guy Faulconbridge (Reuters)}"


def test_each_publisher_is_spelled_one_way():
    # "The Kyiv Independent" and "Kyiv Independent" are one publisher: one spelling each
    import collections

    names = collections.defaultdict(set)
    for publisher in tables.load_sources()["publisher"]:
        key = re.sub(r"^the\s+", "", publisher.strip().lower())
        names[key].add(publisher)
    assert not {k: v for k, v in names.items() if len(v) > 1}


def test_a_qualifier_in_the_notes_agrees_with_the_column(claims):
    # notes that open with the qualifier ("exact; ...", "about; ...") were written from the
    # page; the column must say the same (cl-166, cl-220 and cl-241 once did not)
    for row in claims.itertuples():
        head = str(row.notes).split(";", 1)[0].strip().lower() if ";" in str(row.notes) else ""
        if head in ("exact", "about", "more than", "at least", "up to", "less than", "nearly"):
            assert (row.qualifier if isinstance(row.qualifier, str) else "exact") == head, \
                row.claim_id
