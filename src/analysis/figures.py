"""The registry of the book's figures: label, chapter, caption, alt text, source line and the
function that builds the chart from ``data/`` (and the external control records).

A chapter notebook shows a figure with ``figures.show("fig-…")``; the figure's number comes
from the order in which its page shows it (chapter.n), its anchor from its label.
The same builders feed the exports (PNG, SVG, CSV), so a figure is defined exactly once.
"""
from __future__ import annotations

import html
import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import altair as alt
import pandas as pd

from . import config, render

CHAPTER_NUMBERS = {
    "overview": 0,
    "01_planning_and_surprise": 1,
    "02_russian_response": 2,
    "03_north_korean_role": 3,
    "04_russian_counteroffensive": 4,
    "05_diplomatic_stakes": 5,
}


@dataclass(frozen=True)
class Figure:
    """One figure. ``build()`` returns ``(chart, data)`` where ``data`` is the table the chart
    draws (exported as CSV). ``sources`` is the attribution line shown under the figure."""
    label: str
    chapter: str
    title: str
    caption: str
    alt: str
    sources: str
    build: Callable[[], tuple[alt.TopLevelMixin, pd.DataFrame]] = field(repr=False)
    approximate: str = ""


REGISTRY: dict[str, Figure] = {}


def register(label: str, chapter: str, *, title: str, caption: str, alt: str, sources: str,
             approximate: str = ""):
    """Decorator adding a builder to :data:`REGISTRY` under ``label``."""
    def decorate(build):
        if label in REGISTRY:
            raise ValueError(f"figure label {label} registered twice")
        required = [p for p in inspect.signature(build).parameters.values()
                    if p.default is inspect.Parameter.empty]
        if required:
            raise TypeError(f"figure {label}: its builder {build.__name__} must take no "
                            f"arguments (it takes {', '.join(p.name for p in required)})")
        REGISTRY[label] = Figure(label, chapter, title, caption, alt, sources, build, approximate)
        return build
    return decorate


def page_path(chapter: str) -> Path:
    """The source page of a chapter (``notebooks/<chapter>.md``; the overview is
    ``book/intro.md``)."""
    if chapter == "overview":
        return config.BOOK_DIR / "intro.md"
    return config.REPO_ROOT / "notebooks" / f"{chapter}.md"


@lru_cache(maxsize=None)
def _shown_on_page(chapter: str) -> tuple[str, ...]:
    """The labels the chapter's page shows, in the order it shows them."""
    path = page_path(chapter)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return tuple(re.findall(r'figures\.show\("([^"]+)"\)', text))


def chapter_figures(chapter: str) -> list[Figure]:
    """The chapter's figures in the order its page shows them (any registered but not shown
    follow in registration order)."""
    registered = [f.label for f in REGISTRY.values() if f.chapter == chapter]
    order = [l for l in _shown_on_page(chapter) if l in registered]
    order += [l for l in registered if l not in order]
    return [REGISTRY[l] for l in order]


def number(label: str) -> str:
    """The figure's number, e.g. '1.2' (chapter, then order of appearance on the chapter's
    page, so numbers always run upwards as a reader scrolls); the overview's figures are
    'O.1', 'O.2'."""
    figure = REGISTRY[label]
    same = [f.label for f in chapter_figures(figure.chapter)]
    chapter = CHAPTER_NUMBERS[figure.chapter]
    return f"{chapter if chapter else 'O'}.{same.index(label) + 1}"


def figure_html(label: str, chart: alt.TopLevelMixin) -> str:
    """The figure element: chart, number, caption, note on what is approximate, source line."""
    figure = REGISTRY[label]
    approx = (f' <span class="kursk-approx">Approximate: {html.escape(figure.approximate)}</span>'
              if figure.approximate else "")
    return (f'<figure class="kursk-figure" id="figure-{html.escape(label)}">'
            + render.chart_html(chart, alt_text=figure.alt, element_id=f"chart-{label}")
            + f'<figcaption><span class="kursk-figure-number">Figure {number(label)}.</span> '
            f'<strong>{html.escape(figure.title)}.</strong> {html.escape(figure.caption)}'
            f'{approx}<span class="kursk-source">Source: {html.escape(figure.sources)}</span>'
            f'<span class="kursk-figure-links">Download: '
            + " · ".join(f'<a href="../figures/{label}/{label}.{ext}">{name}</a>'
                         for ext, name in (("png", "PNG"), ("svg", "SVG"), ("csv", "data (CSV)"),
                                           ("txt", "caption and citation")))
            + '</span></figcaption></figure>')


def show(label: str) -> render.HTMLFragment:
    """Build figure ``label`` and return it for display in a notebook cell."""
    chart, _ = REGISTRY[label].build()
    return render.HTMLFragment(figure_html(label, chart))


from . import figure_builders  # noqa: E402,F401  (registers every builder at import)
