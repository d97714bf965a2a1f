"""Briefing decks (analysis.publish.slides): the key findings as the pages write them, with the
numbers they glue; and, in the built book, every deck opened and read slide by slide."""
from __future__ import annotations

import hashlib
import re
import zipfile

import pytest

from analysis import figures, toc
from analysis.figures import REGISTRY
from analysis.publish import cite as citation
from analysis.publish import slides
from reference_values import REFERENCE

#: Bullets under "## Key findings" in each chapter's notebook (counted in notebooks/0N_*.md).
FINDINGS_PER_CHAPTER = {"1": 4, "2": 4, "3": 4, "4": 5, "5": 4, "6": 5, "7": 4}


def reference(function: str, key: str) -> float:
    return next(r.value for r in REFERENCE if (r.function, r.key) == (function, key))


def test_each_chapter_has_its_key_findings():
    counts = {page.number: len(slides.key_findings(page)) for page in toc.chapters()}
    assert counts == FINDINGS_PER_CHAPTER
    assert slides.key_findings(toc.page("place_index")) == []  # an appendix has none


def test_a_finding_reads_as_the_page_writes_it_with_its_glued_numbers():
    first = slides.key_findings(toc.page("04_russian_counteroffensive"))[0]
    # notebooks/04: "The winter was slow attrition, the March collapse was not: through the
    # autumn and winter Ukraine lost an average of {glue:text}`rate_attrition:.1f` km² a day"
    assert first["title"] == "The winter was slow attrition, the March collapse was not"
    rate = reference("russian_counteroffensive", "rate_attrition")     # 545 km2 over 176 days: 3.1
    collapse = reference("russian_counteroffensive", "rate_collapse")  # 233.2 km2 over 10 days: 23.3
    assert first["body"].startswith(f"Through the autumn and winter Ukraine lost an average of "
                                    f"{rate:.1f} km² a day, in the ten days of 6–16 March 2025 "
                                    f"{collapse:.1f} km² a day")
    # the {fig} reference as the page numbers it (fig-loss-rate is the third figure of ch. 4)
    assert first["figures"] == ["fig-loss-rate"] and first["body"].endswith("(Figure 4.3).")
    # the {footcite} keys, in order, and nothing of the role left in the text
    assert first["sources"] == ["deepstatemap-archive", "pravda-20250307-breach-near-sudzha"]
    assert "{" not in first["text"] and "`" not in first["text"]


def test_plain_text_fills_glue_drops_citations_and_names_figures():
    page = toc.page("04_russian_counteroffensive")
    text, labels, sources = slides.plain_text(
        "**Fell** from {glue:text}`a:,.0f` km² on {glue:text}`day` {footcite:p}`x,y`\n"
        "  ({fig}`fig-loss-rate`); see {doc}`the methods <../book/sources_and_methods>` "
        "and {doc}`../book/place_index` {footcite:p}`y`.", page,
        {"a": 1234.5, "day": "6 September 2024"})
    assert text == ("Fell from 1,234 km² on 6 September 2024 (Figure 4.3); see the methods "
                    "and Places.")
    assert labels == ["fig-loss-rate"] and sources == ["x", "y"]


@pytest.mark.parametrize("text,title,body", [
    ("Kyiv spoke first: Zelensky said so.", "Kyiv spoke first", "Zelensky said so."),
    ("A held 5 km²; B held 6.", "A held 5 km²", "B held 6."),
    ("One sentence only (Figure 2.3).", "One sentence only", ""),
    # a first clause longer than TITLE_CHARS is cut at its last comma within it, and the
    # body is then the whole finding
    ("x" * 100 + ", " + "y" * 60 + ", z.", "x" * 100, "X" + "x" * 99 + ", " + "y" * 60 + ", z."),
])
def test_a_title_states_the_finding(text, title, body):
    assert slides.headline(text) == (title, body)


def test_a_deck_plan_has_title_findings_figures_and_sources():
    plan = slides.plan("04_russian_counteroffensive")
    kinds = [s["kind"] for s in plan]
    assert kinds[0] == "title" and kinds[-1] == "sources"
    assert plan[0]["title"] == "4. The Russian counteroffensive"
    assert citation.version() in plan[0]["version"] and plan[0]["citation"].startswith(
        "Cite as: The Kursk report team")
    # five findings (two with a figure), then the two figures no finding shows, in page order
    assert [s.get("figure") for s in plan[1:8]] == [
        "fig-loss-rate", "fig-sudzha-collapse", None, None, None, "fig-area-full",
        "fig-small-multiples"]
    closing = [line for s in plan if s["kind"] == "sources" for line in s["lines"]]
    assert any(line.startswith("Meduza (2025-03-10).") for line in closing)
    assert f"Figure 4.3: {REGISTRY['fig-loss-rate'].sources}" in closing


def test_the_same_plan_gives_the_same_deck_bytes(tmp_path):
    plan = [{"kind": "title", "title": "T", "body": "B", "version": "Version 1",
             "citation": "Cite as: x"},
            {"kind": "finding", "title": "A finding", "body": "Its text.", "kicker": "",
             "source": "Sources: S, 2025-01-01", "sources": [], "notes": "n"},
            {"kind": "sources", "title": "Sources cited", "lines": ["S (2025-01-01). T."]}]
    first = slides.deck_bytes(plan, tmp_path, "Deck")
    assert first == slides.deck_bytes(plan, tmp_path, "Deck")
    import io

    from pptx import Presentation

    deck = Presentation(io.BytesIO(first))
    assert len(deck.slides) == 3 and deck.core_properties.title == "Deck"


# --- the built book ------------------------------------------------------------------------

def shapes(slide) -> dict[str, object]:
    return {shape.name: shape for shape in slide.shapes}


def texts(slide) -> dict[str, str]:
    return {name: shape.text_frame.text for name, shape in shapes(slide).items()
            if shape.has_text_frame}


@pytest.mark.parametrize("stem", slides.decks())
def test_every_deck_opens_with_its_slides_pictures_and_source_lines(built_html, stem):
    from pptx import Presentation

    deck = Presentation(built_html / "slides" / f"{stem}.pptx")
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.001
    plan = slides.plan(stem)
    assert len(deck.slides) == len(plan)
    first = texts(deck.slides[0])
    assert first["Citation"].startswith("Cite as: ") and citation.version() in first["Version"]
    pictures = 0
    for slide, spec in zip(deck.slides, plan):
        shown = texts(slide)
        assert shown["Title"] == spec["title"]
        if spec["kind"] == "figure":
            label = spec["figure"]
            picture = shapes(slide)[f"Figure {label}"]
            png = (built_html / "figures" / label / f"{label}.png").read_bytes()
            assert hashlib.sha1(picture.image.blob).hexdigest() == hashlib.sha1(png).hexdigest()
            assert picture._element.nvPicPr.cNvPr.get("descr") == REGISTRY[label].alt
            assert shown["Source"] == f"Source: {REGISTRY[label].sources}"
            assert shown["Citation"].startswith(
                f"Figure {figures.number(label)}. {REGISTRY[label].title}. Cite as: ")
            assert citation.version() in shown["Citation"]
            pictures += 1
        elif spec["kind"] == "finding":
            assert shown["Source"].startswith("Sources: ") and len(shown["Source"]) > 12
    assert texts(deck.slides[-1])["Title"].startswith("Sources cited")
    if stem == slides.BOOK_DECK:   # the overview's figures and every chapter finding's figure
        overview = toc.pages()[0]
        assert pictures == len(figures.chapter_figures(overview)) + sum(
            1 for c in toc.chapters() for f in slides.key_findings(c) if f["figures"])
    else:                          # every figure of the chapter, once
        assert pictures == len(figures.chapter_figures(toc.page(stem)))


def test_deck_findings_carry_the_numbers_the_page_shows(built_html):
    # each finding's numbers, as the deck fills them in, are the ones the built page's
    # "Key findings" list shows (myst-nb's glue), finding by finding
    number = re.compile(r"\d[\d,.]*\d|\d")
    for page in toc.chapters():
        html = (built_html / page.html).read_text(encoding="utf-8")
        section = html.split('id="key-findings"', 1)[1].split("</section>", 1)[0]
        items = [re.sub(r"<[^>]+>", "", item) for item in section.split("<li>")[1:]]
        found = slides.key_findings(page)
        assert len(items) == len(found)
        for item, finding in zip(items, found):
            shown = set(number.findall(item.replace("&#8211;", "–")))
            assert set(number.findall(finding["text"])) <= shown, (page.stem, finding["title"])


def test_each_page_links_its_deck_and_each_zip_carries_it(built_html):
    for page in toc.chapters():
        html = (built_html / page.html).read_text(encoding="utf-8")
        assert f'href="../slides/{page.stem}.pptx"' in html
        assert 'href="../slides/kursk-report.pptx"' in html
        with zipfile.ZipFile(built_html / "figures" / f"{page.stem}-figures.zip") as archive:
            assert archive.read(f"{page.stem}.pptx") == \
                (built_html / "slides" / f"{page.stem}.pptx").read_bytes()
    overview = toc.pages()[0]
    with zipfile.ZipFile(built_html / "figures" / f"{overview.stem}-figures.zip") as archive:
        assert "kursk-report.pptx" in archive.namelist()
