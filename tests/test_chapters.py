"""The chapters: every registered figure is shown on exactly one page, Key findings quote
numbers computed by analysis.evidence.findings (checked against tests/reference_values.py),
prose cites sources that exist, and figure links point at real figures."""
from __future__ import annotations

import re

import pytest

from analysis import config, figures, toc
from analysis.data import tables as data
from analysis.evidence import findings
from analysis.figures import REGISTRY
from reference_values import REFERENCE

CHAPTERS = toc.chapters()
NOTEBOOKS = [p.source for p in CHAPTERS]
PAGES = {p.stem: p.source for p in toc.pages()}


def test_every_chapter_notebook_is_in_the_toc():
    # the toc is the one list of chapters: no notebook outside it, none listed twice
    on_disk = sorted((config.REPO_ROOT / "notebooks").glob("*.md"))
    assert sorted(NOTEBOOKS) == on_disk
    assert [p.number for p in CHAPTERS] == [str(n) for n in range(1, len(CHAPTERS) + 1)]


def test_every_figure_is_shown_on_exactly_one_page():
    for label in REGISTRY:
        figures.page_of(label)  # raises unless exactly one page of the toc shows it
    # a registered figure that no page shows is an error, as is a shown label never registered
    shown = [label for p in toc.pages() for label in figures.registry.shown_on(p)]
    assert sorted(shown) == sorted(REGISTRY)


@pytest.mark.parametrize("page", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_chapter_has_three_figures(page):
    assert len(figures.chapter_figures(page)) >= 3


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
    name = re.search(r'book\.glue_findings\("(\w+)"\)', text).group(1)
    from analysis.evidence import key_numbers

    computed = set(getattr(findings, name)()) | set(key_numbers.glue_values())
    assert glued <= computed, "every glued name is computed by findings or key_numbers"


@pytest.mark.parametrize("name", sorted({r.function for r in REFERENCE}))
def test_findings_match_the_reference_values(name):
    numbers = getattr(findings, name)()
    for ref in (r for r in REFERENCE if r.function == name):
        assert numbers[ref.key] == pytest.approx(ref.value, abs=ref.tolerance), \
            f"{name}()[{ref.key!r}]: {ref.reason}"


def test_month_precision_events_show_the_month_only():
    from analysis.evidence import events as event_data

    events = event_data.events_with_sources("north_korean_role")
    month = events[events["date_precision"] == "month"].iloc[0]
    assert month["when"] == f"{month['date']:%B %Y}"
    day = events[events["date_precision"] == "day"].iloc[0]
    assert day["when"] == f"{day['date']:%Y-%m-%d}"


def test_district_events_are_drawn_at_their_centres():
    from analysis.evidence import events as event_data

    placed = event_data.events_at_district_centres(event_data.events_with_sources("russian_response"))
    counts = placed.groupby("place").size().to_dict()
    # five events in Glushkovo district and one in the town itself
    assert counts["Glushkovo"] == 6 and counts["Kurchatov"] == 4
    # one event for two districts is drawn at both centres
    assert counts["Rylsk"] == counts["Khomutovka"] == 1
    assert placed[["lat", "lon"]].notna().all().all()


def test_a_builder_that_needs_arguments_is_refused():
    from analysis.figures.registry import register

    with pytest.raises(TypeError, match="must take no arguments"):
        register("fig-test-only", title="t", measure="m", caption="c", alt="a",
                 sources="s")(lambda events: None)
    assert "fig-test-only" not in REGISTRY


def test_every_claim_metric_has_a_reader_label():
    from analysis.data import manifest
    from analysis.pages.book import METRIC_LABELS

    fields = manifest.resource("claims")["schema"]["fields"]
    metric = next(f for f in fields if f["name"] == "metric")
    assert set(metric["constraints"]["enum"]) == set(METRIC_LABELS)


def test_a_claims_box_with_several_metrics_names_each_row():
    from analysis.pages import book

    box = book.claims_box(["nk_killed", "nk_wounded"], title="t", note="n").markup
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


@pytest.mark.parametrize("page", toc.pages(), ids=[p.stem for p in toc.pages()])
def test_figure_numbers_run_in_page_order(page):
    # read the page independently of the registry's own pattern: every code cell's
    # book.figure call, in order of appearance
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", page.source.read_text(encoding="utf-8"),
                       re.S)
    shown = [m for cell in cells for m in re.findall(r"figure\(\s*['\"](fig-[a-z0-9-]+)", cell)]
    assert [figures.number(label) for label in shown] == \
        [f"{page.number}.{n}" for n in range(1, len(shown) + 1)]


def test_largest_and_first_claims_in_key_findings_cite_their_rows():
    from analysis.evidence import claims as claim_data

    def bullet_with(page: str, key: str) -> str:
        text = toc.page(page).source.read_text(encoding="utf-8")
        section = text.split("## Key findings", 1)[1].split("\n## ", 1)[0]
        return next(b for b in section.split("\n- ") if key in b)

    # chapter 1: the largest Ukrainian area claim over every row, cited with its own source
    largest = claim_data.largest("area_held_by_ukraine", "Ukraine")
    assert largest["source_id"] in bullet_with("01_planning_and_surprise", "largest_claim_km2")
    # chapter 3: "Kyiv spoke first" holds over every troop-number claim and every event
    troops = claim_data.claims_with_sources("nk_troops_deployed")
    assert troops.iloc[0]["claimant_side"] == "Ukraine"
    events = data.load_events()
    nk = events[(events["chapter"] == "north_korean_role") & (events["date"] <= "2024-10-18")]
    kyiv = nk[(nk["actor"] == "Ukraine")]["date"].min()
    nis = nk[(nk["actor"] == "South Korea") & nk["summary"].str.contains("NIS")]["date"].min()
    assert kyiv < nis


def test_the_overview_states_the_bottom_line_before_any_figure():
    # a briefer reads the conclusion first: 3 to 5 cited bullets, glued numbers, and the
    # report in brief, all above the first map
    text = toc.pages()[0].source.read_text(encoding="utf-8")
    first_figure = text.index('book.figure("')
    assert text.index("## The bottom line") < text.index("## The report in brief") < first_figure
    section = text.split("## The bottom line", 1)[1].split("\n## ", 1)[0]
    bullets = [b for b in section.split("\n- ") if "{footcite:p}" in b]
    assert 3 <= len(bullets) <= 5
    assert all("{glue:text}" in b for b in bullets)
    assert "{glue:text}`measured_to`" in section  # the 'as of' dates stand beside it
