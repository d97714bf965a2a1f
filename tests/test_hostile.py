"""Hostile text in a data row shows as text in tables, tooltips and captions and never runs."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.tables import load_phases
from analysis.figures import charts, render
from analysis.pages import book

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def hostile_events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["ev-900", "ev-901"], "date": pd.to_datetime(["2024-08-06", "2024-08-07"]),
        "actor": ["Ukraine", "Russia"], "type": ["offensive", "statement"],
        "place": [HOSTILE, "Kursk"], "summary": [HOSTILE, "</script><script>window.__pwned=3"
                                                  "</script>"],
        "status": ["confirmed", "claimed"], "sources": [HOSTILE, "x"],
        "date_precision": ["day", "day"], "headline": [HOSTILE, "</script><b>bold</b>"]})


def test_spec_json_cannot_close_its_script_element():
    chart = charts.chronology(hostile_events(), load_phases(), title="t")
    markup = render.chart_html(chart, alt_text=HOSTILE)
    body = markup.split('class="kursk-chart-spec">', 1)[1]
    assert body.count("</script>") == 1 and body.endswith("</script></div>")
    assert "<script>window" not in markup.split("kursk-chart-spec")[0]
    assert "&lt;script&gt;" in markup  # the alt text, escaped


def test_table_escapes_every_cell():
    markup = book.table(hostile_events(), caption=HOSTILE).markup
    assert "<script>" not in markup and "<img" not in markup
    assert markup.count("&lt;script&gt;") >= 3


@pytest.mark.browser
def test_hostile_text_never_runs_in_the_browser(tmp_path, built_html):
    from playwright.sync_api import sync_playwright

    from test_browser import CHROMIUM_ARGS, _executable

    chart = charts.chronology(hostile_events(), load_phases(), title="Hostile")
    page_html = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<script src='{(built_html / '_static' / 'vega-bundle.js').as_uri()}'></script>"
        f"<script defer src='{(built_html / '_static' / 'kursk-charts.js').as_uri()}'></script>"
        "</head><body>" + render.chart_html(chart, alt_text=HOSTILE)
        + book.table(hostile_events(), caption=HOSTILE).markup
        + f"<figcaption>{__import__('html').escape(HOSTILE)}</figcaption></body></html>")
    path = tmp_path / "hostile.html"
    path.write_text(page_html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_executable(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(path.as_uri())
        page.wait_for_function("document.documentElement.dataset.chartsDrawn === '1'")
        shown = []
        for point in page.locator(".kursk-chart g.mark-symbol path").all():
            box = point.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(200)
            tooltip = page.locator("#vg-tooltip-element")
            if tooltip.count() and tooltip.is_visible():
                shown.append(tooltip.inner_text())
                assert tooltip.locator("img, script").count() == 0
        assert any("<script>" in text for text in shown), "no tooltip showed the hostile text"
        assert page.evaluate("window.__pwned") is None
        table = page.locator("table.kursk-table")
        assert table.locator("img, script").count() == 0
        assert "<script>window.__pwned = 1</script>" in table.inner_text()
        browser.close()
