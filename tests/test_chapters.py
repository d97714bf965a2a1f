"""The chapters: every registered figure is shown where it belongs, Key findings quote numbers
computed by analysis.findings (checked here against hand-checked values), prose cites sources
that exist, and figure links point at real figures."""
from __future__ import annotations

import re

import pytest

from analysis import config, data, figures, findings
from analysis.figures import REGISTRY

NOTEBOOKS = sorted((config.REPO_ROOT / "notebooks").glob("0*.md"))
PAGES = {**{p.stem: p for p in NOTEBOOKS}, "overview": config.BOOK_DIR / "intro.md"}


def test_five_chapters_in_notebooks():
    assert [p.stem[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("chapter", list(figures.CHAPTER_NUMBERS))
def test_each_page_shows_exactly_its_figures(chapter):
    text = PAGES[chapter].read_text(encoding="utf-8")
    shown = re.findall(r'figures\.show\("([^"]+)"\)', text)
    registered = [f.label for f in figures.chapter_figures(chapter)]
    assert sorted(shown) == sorted(registered)
    if chapter != "overview":
        assert len(registered) >= 3, "every chapter has at least three figures"


@pytest.mark.parametrize("page", list(PAGES.values()), ids=list(PAGES))
def test_citations_and_figure_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    ids = set(data.load_sources()["source_id"])
    for group in re.findall(r"\{footcite:p\}`([^`]+)`", text):
        for key in group.split(","):
            assert key.strip() in ids, key
    for label in re.findall(r"\{fig\}`([^`]+)`", text):
        assert label in REGISTRY, label


@pytest.mark.parametrize("page", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chapters_open_with_key_findings_from_findings(page):
    text = page.read_text(encoding="utf-8")
    assert "## Key findings" in text and "## References" in text
    section = text.split("## Key findings", 1)[1].split("\n## ", 1)[0]
    bullets = [b for b in section.split("\n- ") if b.strip()]
    assert 3 <= len(bullets) <= 5
    for bullet in bullets:
        # one sentence a bullet (so 3 to 5 sentences in all), each with a number or date and
        # its citation: a measured value cites the DeepState or ISW record it comes from
        prose = re.sub(r"`[^`]*`", "", " ".join(bullet.split()))
        assert not re.search(r"[.!?] +[A-Z]", prose), f"more than one sentence: {bullet[:60]}"
        assert "{footcite:p}" in bullet, bullet[:60]
        assert re.search(r"\{glue:text\}|\d", bullet), bullet[:60]
        if re.search(r"held_|isw_|rate_|peak", bullet):
            assert re.search(r"deepstatemap-archive|isw-ctp-kursk-layer", bullet), bullet[:60]
    glued = set(re.findall(r"\{glue:text\}`([a-z0-9_]+)", text))
    function = getattr(findings, f"chapter{int(page.stem[:2])}")
    assert glued <= set(function()), "every glued name is computed by analysis.findings"


def test_chapter1_numbers():
    numbers = findings.chapter1()
    assert numbers["peak_km2"] == pytest.approx(898.7, abs=0.05)
    assert numbers["peak_date"] == "6 September 2024"
    assert numbers["peak_share"] == pytest.approx(2.99, abs=0.01)
    assert numbers["largest_claim_km2"] == 1300 and numbers["pows_0827"] == 594
    assert numbers["largest_claim_over_peak"] == pytest.approx(401.3, abs=0.05)


def test_chapter5_numbers():
    numbers = findings.chapter5()
    assert numbers["occupied_km2"] == 112000 and numbers["kursk_reported_km2"] == 450
    assert numbers["ratio_reported"] == pytest.approx(248.9, abs=0.05)
    assert numbers["held_20250228"] == pytest.approx(413.7, abs=0.05)
    assert numbers["held_20250316"] == pytest.approx(112.9, abs=0.05)
    assert numbers["held_20250426"] == pytest.approx(20.2, abs=0.05)


def test_chapter2_numbers():
    numbers = findings.chapter2()
    assert numbers["held_20240910"] == pytest.approx(898.7, abs=0.05)
    assert numbers["held_20240916"] == pytest.approx(807.8, abs=0.05)
    assert numbers["held_20241122"] == pytest.approx(561.8, abs=0.05)
    assert numbers["held_20241231"] == pytest.approx(484.7, abs=0.05)
    assert numbers["lost_2024_pct"] == pytest.approx(46.1, abs=0.05)


def test_chapter3_numbers():
    numbers = findings.chapter3()
    assert (numbers["nis_first_1018"], numbers["nis_total_0430"]) == (1500, 15000)
    assert numbers["gap_1223"] == pytest.approx(3000 / 1100)
    assert numbers["nis_kw_share_0430"] == pytest.approx(31.3, abs=0.05)
    assert numbers["held_20250115"] == pytest.approx(427.0, abs=0.05)
    assert numbers["lost_1104_0115"] == pytest.approx(186.9, abs=0.05)


def test_chapter4_numbers():
    numbers = findings.chapter4()
    assert numbers["held_20250305"] == pytest.approx(353.7, abs=0.05)
    assert numbers["held_20250316"] == pytest.approx(112.9, abs=0.05)
    assert numbers["rate_attrition"] == pytest.approx(545.0 / 176)
    assert numbers["rate_collapse"] == pytest.approx(23.32)
    assert numbers["gerasimov_0312_km2"] == 1100 and numbers["isw_20250312"] == pytest.approx(943.9)
    assert numbers["gerasimov_0419_left_km2"] == 3 and numbers["held_20250419"] == pytest.approx(33.5)
    assert numbers["last_date"] == "8 June 2025"


def test_month_precision_events_show_the_month_only():
    from analysis import measures

    events = measures.events_with_sources(3)
    month = events[events["date_precision"] == "month"].iloc[0]
    assert month["when"] == f"{month['date']:%B %Y}"
    day = events[events["date_precision"] == "day"].iloc[0]
    assert day["when"] == f"{day['date']:%Y-%m-%d}"


def test_district_events_are_drawn_at_their_centres():
    from analysis.figure_builders import events_at_district_centres

    from analysis import measures

    placed = events_at_district_centres(measures.events_with_sources(2))
    counts = placed.groupby("place").size().to_dict()
    # five events in Glushkovo district and one in the town itself
    assert counts["Glushkovo"] == 6 and counts["Kurchatov"] == 4
    # one event for two districts is drawn at both centres
    assert counts["Rylsk"] == counts["Khomutovka"] == 1
    assert placed[["lat", "lon"]].notna().all().all()


def test_a_builder_that_needs_arguments_is_refused():
    from analysis.figures import register

    with pytest.raises(TypeError, match="must take no arguments"):
        register("fig-test-only", "overview", title="t", caption="c", alt="a",
                 sources="s")(lambda events: None)
    assert "fig-test-only" not in REGISTRY


def test_every_claim_metric_has_a_reader_label():
    from analysis.book import METRIC_LABELS

    from analysis import manifest

    fields = manifest.resource("claims")["schema"]["fields"]
    metric = next(f for f in fields if f["name"] == "metric")
    assert set(metric["constraints"]["enum"]) == set(METRIC_LABELS)


def test_a_claims_box_with_several_metrics_names_each_row():
    from analysis import book, measures

    box = book.claims_box(measures.claims_with_sources(["nk_killed", "nk_wounded"]),
                          title="t", note="n").markup
    assert ">What<" in box
    assert "North Korean killed" in box and "North Korean wounded" in box


#: Tooltip fields that name where a mark's row comes from.
SOURCE_TITLES = {"Source", "Sources", "Source and method", "Population (GeoNames)",
                 "Ends as claimed in"}


@pytest.mark.parametrize("label", list(REGISTRY))
def test_every_tooltip_names_its_source(label):
    chart, _ = REGISTRY[label].build()
    tooltips = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("tooltip"), list):
                tooltips.append([t.get("title") for t in node["tooltip"]])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(chart.to_dict())
    assert tooltips, "a figure without tooltips"
    for titles in tooltips:
        assert SOURCE_TITLES & set(titles), titles
        assert None not in titles, f"an untitled tooltip field in {titles}"


@pytest.mark.parametrize("chapter", list(figures.CHAPTER_NUMBERS))
def test_figure_numbers_run_in_page_order(chapter):
    text = PAGES[chapter].read_text(encoding="utf-8")
    shown = re.findall(r'figures\.show\("([^"]+)"\)', text)
    prefix = str(figures.CHAPTER_NUMBERS[chapter] or "O")
    assert [figures.number(label) for label in shown] == \
        [f"{prefix}.{n}" for n in range(1, len(shown) + 1)]
