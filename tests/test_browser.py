"""Open every built page in headless Chromium with the network cut: every chart draws, the
console stays clean and no request leaves the machine."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis import dates
from analysis.publish import pdf

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = pdf.CHROMIUM_ARGS
_executable = pdf.chromium_executable


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("search.html", "genindex.html")
                  and "reports" not in p.parts)


def open_offline(browser, page_path: Path):
    """Load a page with every non-file request aborted; return (page, console errors,
    blocked requests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, blocked = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))

    def route(route):
        if route.request.url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.goto(page_path.as_uri())
    page.wait_for_function("document.documentElement.dataset.chartsDrawn !== undefined",
                           timeout=20_000)
    return page, errors, blocked


def test_every_page_renders_offline(browser, built_html):
    checked = pages(built_html)
    assert len(checked) >= 8, "expected the overview, five chapters and the appendices"
    charts_seen = 0
    for path in checked:
        page, errors, blocked = open_offline(browser, path)
        containers = page.locator(".kursk-chart")
        count = containers.count()
        for i in range(count):
            chart = containers.nth(i)
            assert chart.locator("svg, canvas").count() >= 1, f"{path.name}: chart {i} not drawn"
            assert "kursk-chart-drawn" in chart.get_attribute("class")
        charts_seen += count
        # nothing a chart draws may hide behind a horizontal scroll bar (1280 px window)
        wider = page.evaluate("""() => [...document.querySelectorAll('.kursk-chart')]
            .filter(el => el.scrollWidth > el.clientWidth + 1)
            .map(el => `${el.id}: ${el.scrollWidth} px in ${el.clientWidth} px`)""")
        assert wider == [], f"{path.name}: charts wider than the page column: {wider}"
        # nor any table, toggled ones included
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        wide_tables = page.evaluate("""() => [...document.querySelectorAll('table.kursk-table')]
            .filter(t => t.offsetParent)
            .filter(t => t.getBoundingClientRect().width > t.closest('section').clientWidth + 1)
            .map(t => t.querySelector('caption').textContent)""")
        assert wide_tables == [], f"{path.name}: tables wider than the page column: {wide_tables}"
        assert errors == [], f"{path.name}: console errors {errors}"
        assert blocked == [], f"{path.name}: tried to load {blocked}"
        page.context.close()
    assert charts_seen >= 3


def test_built_html_names_no_remote_script_or_font(built_html):
    import re

    remote = re.compile(r"""<(script|link|img|iframe)[^>]+(src|href)=["']https?://""", re.I)
    for path in pages(built_html):
        text = path.read_text(encoding="utf-8")
        hits = [m.group(0) for m in remote.finditer(text)
                if not m.group(0).lower().startswith("<link rel=\"canonical")]
        assert hits == [], f"{path.name} loads remote resources: {hits[:3]}"
    assert "unpkg.com" not in (built_html / "index.html").read_text(encoding="utf-8")


#: The script that lists overlapping or cut texts in every drawn chart (tests/text_boxes.js).
TEXT_BOXES = (Path(__file__).parent / "text_boxes.js").read_text(encoding="utf-8")


def test_no_chart_text_overlaps_crowds_or_is_cut_and_no_point_leaves_its_plot(browser, built_html):
    # every text of every drawn chart on every page, measured in the browser that draws it:
    # labels placed by the package (map names, event lanes, chronologies) and vega's own
    # (axes hide overlapping labels themselves; hidden ones are skipped). Two texts on one
    # line must be 2 px apart or more (the gap is measured, not only overlap); no text may be
    # cut by the chart's edge or its panel's clip, nor a data label leave its plot area; no
    # point's centre may lie outside its plot area (tests/text_boxes.js)
    problems = []
    for path in pages(built_html):
        page, _, _ = open_offline(browser, path)
        problems += [f"{path.name}: {p}" for p in page.evaluate(TEXT_BOXES)]
        page.context.close()
    assert problems == []


def test_no_text_collides_in_the_exported_svgs(browser, built_html):
    # the figure packs' SVGs (the PNGs are rasterised from them, so they show the same layout)
    svgs = sorted((built_html / "figures").glob("*/*.svg"))
    assert len(svgs) >= 20
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems = []
    for svg in svgs:
        page.goto(svg.as_uri())
        problems += [f"{svg.name}: {p}" for p in page.evaluate(TEXT_BOXES)]
    context.close()
    assert problems == []


def test_the_day_by_day_map_plays_offline_and_answers_the_keyboard(browser, built_html):
    page, errors, blocked = open_offline(browser, built_html / "book" / "intro.html")
    chart = page.locator("#chart-fig-day-by-day")
    slider = chart.locator(".vega-bind input[type=range]")
    assert slider.count() == 1 and slider.get_attribute("aria-label")
    heading = chart.locator("svg text").first

    def shown() -> str:
        return page.evaluate("""() => [...document.querySelectorAll(
            '#chart-fig-day-by-day svg text')].map(t => t.textContent)
            .find(t => t.includes('km² held by Ukraine'))""")

    start = shown()
    assert heading.count() == 1 and "km² held by Ukraine" in start
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(200)
    after_key = shown()
    assert after_key != start                       # the arrow key moved the map a frame on
    play = chart.locator("button.kursk-player")
    assert play.count() == 1 and play.inner_text() == "Play"
    value = int(slider.input_value())
    play.focus()
    page.keyboard.press("Enter")                     # the button works from the keyboard too
    page.wait_for_timeout(1800)
    assert int(slider.input_value()) > value and shown() != after_key
    assert play.inner_text() == "Pause"
    play.click()
    assert play.inner_text() == "Play"
    assert errors == [] and blocked == []
    page.context.close()


def test_the_day_by_day_map_prints_its_still_version(browser, built_html):
    page, _, _ = open_offline(browser, built_html / "book" / "intro.html")
    page.emulate_media(media="print")
    assert not page.locator("#chart-fig-day-by-day").is_visible()
    assert page.locator("#still-fig-day-by-day svg").is_visible()
    page.context.close()


def test_the_day_by_day_slider_reads_the_date_and_lists_every_event(browser, built_html):
    from analysis.evidence import campaign

    days = campaign.frame_days()
    listed = campaign.listed_events(days)
    page, errors, blocked = open_offline(browser, built_html / "book" / "intro.html")
    chart = page.locator("#chart-fig-day-by-day")
    slider = chart.locator(".vega-bind input[type=range]")
    date = chart.locator(".kursk-frame-date")

    def go(frame: int) -> None:
        slider.evaluate("(el, v) => { el.value = String(v); "
                        "el.dispatchEvent(new Event('input', {bubbles: true})); }", frame)
        page.wait_for_timeout(150)

    # the slider reads the frame's date, for the eye and for a screen reader
    value = int(slider.input_value())
    assert date.inner_text() == dates.short(days[value])
    assert slider.get_attribute("aria-valuetext") == dates.short(days[value])
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_timeout(150)
    assert date.inner_text() == "6 Aug 2024"         # the first frame: the incursion's first day
    page.keyboard.press("End")
    page.wait_for_timeout(150)
    assert date.inner_text() == "22 Aug 2026"        # the occupied record's last day
    texts = page.evaluate("""() => [...document.querySelectorAll(
        '#chart-fig-day-by-day svg text')].map(t => t.textContent)""")
    assert any("Sumy oblast: 214 km² occupied by Russia" in t for t in texts)
    # the busiest frame lists every one of its events in a box that scrolls, never "N more"
    busiest = int(listed.groupby("frame").size().idxmax())
    go(busiest)
    box = chart.locator(".kursk-frame-events")
    items = box.locator("li")
    assert items.count() == int((listed["frame"] == busiest).sum()) > 10
    assert box.evaluate("el => el.scrollHeight > el.clientHeight")
    assert box.get_attribute("tabindex") == "0"       # scrollable from the keyboard
    assert "more in the" not in box.inner_text()
    # a month-only event is listed as during its month, never with a day
    month = listed[listed["when"].str.startswith("during")].iloc[0]
    go(int(month["frame"]))
    assert month["when"] in box.inner_text()
    assert errors == [] and blocked == []
    page.context.close()


def test_the_overview_page_stays_within_its_weight_budget(built_html):
    # the page-weight budget (bench/run.py): 1.5 MB for a page, its charts inlined
    assert (built_html / "book" / "intro.html").stat().st_size <= 1_500_000

def axe_script() -> str:
    """axe-core as the test environment installs it (the axe-playwright-python package ships
    axe.min.js; requirements.txt pins it): never fetched from a CDN."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
        encoding="utf-8")


#: axe-core's tags for the WCAG 2.1 level A and AA success criteria.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: Every axe rule carrying one of those tags, experimental ones included (axe skips them by
#: default; "label-content-name-mismatch", WCAG 2.5.3, is one), then a run of exactly those.
RUN_AXE = """async (tags) => {
  const rules = axe.getRules(tags).map(rule => rule.ruleId);
  const result = await axe.run(document, {runOnly: {type: 'rule', values: rules}});
  return {rules: rules.length, version: axe.version,
          violations: result.violations.map(v => `${v.id} (${v.impact}): ` +
            v.nodes.map(n => n.target.join(' ')).join(', '))};
}"""


def test_every_page_passes_axe_wcag21_aa(browser, built_html):
    script = axe_script()
    found = {}
    for path in pages(built_html):
        page, _, _ = open_offline(browser, path)
        page.add_script_tag(content=script)
        result = page.evaluate(RUN_AXE, WCAG_21_AA)
        # the installed axe knows the WCAG 2.1 rules (about 60 in axe 4.x), 2.5.3's among them
        assert result["rules"] >= 50, result
        assert page.evaluate("() => axe.getRules().some(r => "
                             "r.ruleId === 'label-content-name-mismatch')")
        if result["violations"]:
            found[str(path.relative_to(built_html))] = result["violations"]
        page.context.close()
    assert found == {}


def test_every_chart_is_announced_with_its_description(browser, built_html):
    # each chart on screen is an image (a group, for the map with controls) whose accessible
    # name, as the browser computes it for a screen reader, is its registered alt text; the
    # drawing inside is hidden from assistive technology
    from analysis.figures import REGISTRY

    announced = set()
    for path in pages(built_html):
        page, _, _ = open_offline(browser, path)
        charts = page.evaluate("""() => [...document.querySelectorAll('.kursk-chart')]
            .filter(el => el.offsetParent !== null)
            .map(el => ({id: el.id, role: el.getAttribute('role'),
                         hidden: [...el.querySelectorAll('svg')]
                           .every(s => s.closest('[aria-hidden=true]') !== null)}))""")
        for chart in charts:
            label = chart["id"].removeprefix("chart-")
            assert chart["role"] in ("img", "group") and chart["hidden"], (path.name, chart)
            named = page.get_by_role(chart["role"], name=REGISTRY[label].alt, exact=True)
            assert named.count() == 1, (path.name, label)
            announced.add(label)
        page.context.close()
    assert announced == set(REGISTRY)  # every registered figure, on the page that shows it
