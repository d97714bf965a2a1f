"""Every number a chapter types into its prose (rather than gluing it from findings) is checked
against the data rows the same paragraph cites: a claim's value, range or quoted notes, or the
summary of an event citing one of those sources. Dates, years and small counts (12 or less)
are left out; appendices, which describe methods rather than quote rows, too."""
from __future__ import annotations

import re

import pytest

from analysis import toc
from analysis.data import tables

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
PAGES = [p for p in toc.pages() if p.kind != "appendix"]


def typed_numbers(paragraph: str) -> list[str]:
    """Numbers written out in the paragraph, without roles (glue, citations, links), dates and
    years."""
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", paragraph)
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(rf"\b\d{{1,2}}(?:[–-]\d{{1,2}})?\s+(?:{MONTHS})\b", "", text)
    text = re.sub(rf"\b(?:{MONTHS})\s+\d{{1,2}}\b", "", text)
    text = re.sub(r"\b(?:19|20)\d\d\b", "", text)
    return re.findall(r"(?<![\w.-])\d[\d,]*(?:\.\d+)?(?![\w-])", text)


def as_number(text: str) -> float:
    return float(text.replace(",", "").rstrip("."))


def test_the_number_finder_reads_what_a_reader_reads():
    paragraph = ("On 12 August 2024 Syrskyi said 1,000 km² {glue:text}`x:,.0f` and 28.5 % "
                 "{footcite:p}`a-20240812-b` (figure 4.2 is glued, not typed).")
    assert typed_numbers(paragraph) == ["1,000", "28.5", "4.2"]


@pytest.fixture(scope="module")
def rows():
    return tables.load_claims(), tables.load_events()


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_typed_numbers_match_the_cited_rows(page, rows):
    claims, events = rows
    text = re.sub(r"```.*?```", "", page.source.read_text(encoding="utf-8"), flags=re.S)
    unmatched = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.lstrip().startswith("#"):
            continue
        cited = {key.strip() for group in re.findall(r"\{footcite:p\}`([^`]+)`", paragraph)
                 for key in group.split(",")}
        mine = claims[claims["source_id"].isin(cited)]
        values = {float(v) for column in ("value", "low", "high") for v in mine[column].dropna()}
        words = " ".join(mine["notes"].fillna("")) + " " + " ".join(
            e.summary for e in events.itertuples() if cited & set(e.source_ids.split(";")))
        values |= {as_number(n) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", words)}
        for number in typed_numbers(paragraph):
            value = as_number(number)
            if value in values or ("." not in number and value <= 12):
                continue
            unmatched.append(f"{number} in: {' '.join(paragraph.split())[:120]}")
    assert not unmatched, unmatched
