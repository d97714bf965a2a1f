"""The blocks pages call: number formatting in tables, the appendix numbers, BibTeX escaping."""
from __future__ import annotations

import csv
import re

import pandas as pd

from analysis import config
from analysis.evidence import findings
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
    for page, name in (("book/sources_and_methods.md", "methods"), ("book/intro.md", "overview")):
        text = (config.REPO_ROOT / page).read_text(encoding="utf-8")
        glued = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", text))
        assert glued and glued <= set(getattr(findings, name)()), page


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
