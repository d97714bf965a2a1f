"""The blocks pages call: number formatting in tables, the appendix numbers, BibTeX escaping."""
from __future__ import annotations

import csv
import re

import pandas as pd

from analysis import config
from analysis.evidence import findings, key_numbers
from analysis.pages import book
from analysis.publish import bibliography


def cells(markup: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", markup)


def test_table_formats_numbers_dates_and_gaps():
    frame = pd.DataFrame({"n": [1234.56, 12.345, 0.5, None],
                          "when": pd.to_datetime(["2024-08-06", "2025-03-16", None, None]),
                          "count": pd.array([3, 40000, None, 1], dtype="Int64"),
                          "text": ["a & b", "<b>", "", "x"]})
    got = cells(book.table(frame, caption="t").markup)
    # floats of 100 or more: thousands separator, no decimals; smaller: one decimal
    assert got[0::4] == ["1,235", "12.3", "0.5", ""]
    assert got[1::4] == ["2024-08-06", "2025-03-16", "", ""]
    assert got[2::4] == ["3", "40000", "", "1"]
    assert got[3::4] == ["a &amp; b", "&lt;b&gt;", "", "x"]


def test_methods_appendix_numbers():
    numbers = findings.methods()
    with open(config.DATA_DIR / "sources.csv", encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    assert numbers["n_sources"] == rows
    assert numbers["kursk_diff_pct"] == \
        100 * (numbers["kursk_km2"] / numbers["kursk_official_km2"] - 1)
    assert numbers["series_start"] == "8 August 2024" and numbers["series_end"] == "8 June 2025"


def test_every_number_the_appendix_pages_glue_is_computed():
    for page, names in (("book/sources_and_methods.md", ("methods", "places")),
                        ("book/intro.md", ("overview",)),
                        ("book/place_index.md", ("places",))):
        text = (config.REPO_ROOT / page).read_text(encoding="utf-8")
        glued = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", text))
        computed = set().union(*(getattr(findings, name)() for name in names),
                               key_numbers.glue_values())
        assert glued and glued <= computed, page


def test_bibtex_escapes_special_characters():
    assert bibliography._escape("AT&T 50% $5 #1 a_b {x} \\") == \
        r"AT\&T 50\% \$5 \#1 a\_b \{x\} \textbackslash{}"
    row = pd.Series({"source_id": "x-1", "title": "Kursk & {Sudzha}", "publisher": "P_Q",
                     "author": "", "published": pd.Timestamp("2025-03-13"), "url": "https://e.x/a_b",
                     "retrieved": pd.Timestamp("2026-11-30"), "notes": "100% sure"})
    entry = bibliography.bibtex_entry(row)
    assert "title = {{Kursk \\& \\{Sudzha\\}}}" in entry
    assert "howpublished = {P\\_Q}" in entry and "month = mar" in entry
    assert "url = {https://e.x/a_b}" in entry  # URLs are left as written
    assert "note = {Published 2025-03-13. Read 2026-11-30. 100\\% sure}" in entry


def test_one_version_number_shown_with_its_commit():
    from analysis.publish import cite

    assert cite.cff()["version"] == cite.package_version()  # CITATION.cff agrees with pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+ \([0-9a-f]{7}\)", cite.version()), cite.version()


def test_citations_are_absolute_with_a_base_url_and_plain_without(monkeypatch):
    from analysis.publish import cite

    page = "notebooks/06_assessment.html"
    monkeypatch.setenv("KURSK_BASE_URL", "")
    plain = cite.for_page(page, 6, "An assessment")
    assert plain.url == "" and "http" not in plain.text()
    assert plain.text().endswith(f"Page {page} of the report as built (no published address).")
    assert "url =" not in plain.bibtex("k") and f"note = {{Page {page}" in plain.bibtex("k")
    monkeypatch.setenv("KURSK_BASE_URL", "https://example.org/kursk/")
    published = cite.for_page(page, 6, "An assessment")
    assert published.text().endswith(f"https://example.org/kursk/{page}.")
    assert f"url = {{https://example.org/kursk/{page}}}" in published.bibtex("k")
    assert "chapter = {6}" in published.bibtex("k") and cite.version() in published.bibtex("k")


def test_the_base_url_is_configured_in_one_place():
    import yaml

    from analysis import config
    from analysis.publish import cite

    book = yaml.safe_load((config.BOOK_DIR / "_config.yml").read_text(encoding="utf-8"))
    base = book["html"]["baseurl"]
    # CITATION.cff carries the address only when the book has one, and then the same one
    assert cite.cff().get("url", "") == base


def test_the_publishing_workflow_runs_the_readme_commands():
    import yaml

    from analysis import config

    workflow = yaml.safe_load((config.REPO_ROOT / ".github" / "workflows" / "pages.yml")
                              .read_text(encoding="utf-8"))
    steps = [s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"]]
    readme = (config.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make book", "make test"):
        assert command in readme and any(command in run for run in steps), command
    assert any("analysis.data.external download" in run for run in steps)
    uses = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_a_row_citing_a_source_twice_counts_once():
    from analysis.evidence.sources import ids_per_row

    frame = pd.DataFrame({"source_ids": ["a;b; a", None], "coordinate_source_id": ["b", "c"],
                          "summary": ["a;z", "x"]})
    # only citing columns count, ids are trimmed, and each row gives a set
    assert ids_per_row(frame) == [{"a", "b"}, {"c"}]


def test_every_source_the_data_cites_exists_and_aims_count():
    from analysis.data import tables
    from analysis.evidence.sources import citing_rows

    counts = citing_rows()
    assert set(counts) <= set(tables.load_sources()["source_id"])
    # the scorecard's sources are counted with the rest: this page is cited only there
    assert counts["isw-ctp-front-layers"] == 2
