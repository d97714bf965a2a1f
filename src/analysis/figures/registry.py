"""The registry of the book's figures: label, caption, alt text, source line and the function
that builds the chart from ``data/`` (and the external control records).

A page shows a figure with ``book.figure("fig-…")`` (:mod:`analysis.pages.book`). Which page a
figure belongs to, and so its number (page number, then order of appearance: "4.2"), is read
from the pages the table of contents lists (:mod:`analysis.toc`), never written here. This
module imports no builder: :mod:`analysis.figures.builders` registers them.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import inspect
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import altair as alt
import pandas as pd
from altair import TopLevelMixin

from .. import toc
from . import render

#: How a page shows a figure; the pattern that finds a page's figures in its source.
SHOW_CALL = re.compile(r'\bbook\.figure\("([^"]+)"\)')


#: Characters per line of a chart's title (15 px bold) and subtitle (12 px) at the charts'
#: width (:data:`analysis.figures.theme.WIDTH`, 640 px), so neither runs past the chart.
TITLE_CHARS = 72
SUBTITLE_CHARS = 100


@dataclass(frozen=True)
class Figure:
    """One figure. ``build()`` returns ``(chart, data)`` where ``data`` is the table the chart
    draws (exported as CSV), the chart carrying the figure's title and subtitle (see
    :func:`titled`). ``finding`` is the title: a sentence saying what the figure shows, or a
    function returning it from the data (so a number in it is the data's, never typed).
    ``measure`` says what is drawn and in what units; the subtitle gives it and ``sources``,
    the attribution line shown under the figure."""
    label: str
    finding: str | Callable[[], str] = field(repr=False)
    measure: str
    caption: str
    alt: str
    sources: str
    build: Callable[[], tuple[TopLevelMixin, pd.DataFrame]] = field(repr=False)
    approximate: str = ""
    #: For an interactive figure: a builder of its still version (the page's print and PDF,
    #: and the PNG and SVG of the figure pack), returning ``(chart, data)`` like ``build``.
    static: Callable[[], tuple[TopLevelMixin, pd.DataFrame]] | None = field(default=None,
                                                                           repr=False)

    @property
    def title(self) -> str:
        """The finding as a sentence without its final full stop (computed once per data)."""
        return _finding(self.label, self.finding) if callable(self.finding) \
            else self.finding.rstrip(".")

    @property
    def subtitle(self) -> list[str]:
        """The chart's subtitle lines: what is measured (units), then the source."""
        return (textwrap.wrap(self.measure, SUBTITLE_CHARS)
                + textwrap.wrap(f"Source: {self.sources}", SUBTITLE_CHARS))


@lru_cache(maxsize=None)
def _finding(label: str, finding: Callable[[], str]) -> str:
    return finding().rstrip(".")


def titled(figure: Figure, chart: TopLevelMixin) -> TopLevelMixin:
    """``chart`` with the figure's finding as its title and measure and source as subtitle,
    so a chart taken alone (a PNG on a slide) still says its point and its source."""
    return chart.properties(title=alt.TitleParams(
        text=textwrap.wrap(figure.title + ".", TITLE_CHARS), subtitle=figure.subtitle,
        anchor="start"))


REGISTRY: dict[str, Figure] = {}
#: Figures written ahead of their page: registered with ``awaiting`` (what page will show
#: them) and shown on no page of the toc yet. They build and are tested like the others but
#: are left out of the book (no number, export or pack) until a page shows them, when they
#: join :data:`REGISTRY` like any other.
AWAITING: dict[str, Figure] = {}


def _shown_anywhere(label: str) -> bool:
    return any(label in shown_on(page) for page in toc.pages())


def register(label: str, *, title, measure: str, caption: str, alt: str, sources: str,
             approximate: str = "", static=None, awaiting: str = ""):
    """Decorator adding a builder to :data:`REGISTRY` under ``label``: ``title`` is the
    finding (a sentence, or a function of no arguments returning it from the data),
    ``measure`` what is drawn in what units (``static``: the builder of an interactive
    figure's still version). ``awaiting`` says which page, not yet written, will show it:
    until a page of the toc shows it, it is kept in :data:`AWAITING`."""
    def decorate(build):
        known = REGISTRY.get(label) or AWAITING.get(label)
        # the same builder registered again (its module reloaded in a running kernel, as
        # autoreload does) replaces itself; another builder under the label is an error
        if known is not None and (known.build.__module__, known.build.__qualname__) != \
                (build.__module__, build.__qualname__):
            raise ValueError(f"figure label {label} registered twice: by "
                             f"{known.build.__module__}.{known.build.__qualname__} and "
                             f"{build.__module__}.{build.__qualname__}")
        required = [p for p in inspect.signature(build).parameters.values()
                    if p.default is inspect.Parameter.empty]
        if required:
            raise TypeError(f"figure {label}: its builder {build.__name__} must take no "
                            f"arguments (it takes {', '.join(p.name for p in required)})")
        figure = Figure(label, title, measure, caption, alt, sources, build, approximate,
                        static)
        figure = dataclasses.replace(figure, build=_titling(figure, build),
                                     static=_titling(figure, static) if static else None)
        if awaiting and not _shown_anywhere(label):
            AWAITING[label] = figure
        else:
            REGISTRY[label] = figure
        return build
    return decorate


def _titling(figure: Figure, build):
    """``build`` returning its chart :func:`titled` (keeping the builder's name)."""
    @functools.wraps(build)
    def built():
        chart, data = build()
        return titled(figure, chart), data
    return built


@lru_cache(maxsize=None)
def _shown_on(source: str, mtime: float) -> tuple[str, ...]:
    text = Path(source).read_text(encoding="utf-8")
    return tuple(SHOW_CALL.findall(text))


def shown_on(page: toc.Page) -> tuple[str, ...]:
    """The labels ``page`` shows, in the order it shows them."""
    if not page.source.exists():
        return ()
    return _shown_on(str(page.source), page.source.stat().st_mtime)


def page_of(label: str) -> toc.Page:
    """The page that shows figure ``label``; LookupError if no page of the toc shows it or
    more than one does."""
    pages = [p for p in toc.pages() if label in shown_on(p)]
    if len(pages) != 1:
        raise LookupError(f"figure {label} is shown on {len(pages)} pages of the toc "
                          f"({', '.join(p.docname for p in pages) or 'none'}); a figure "
                          "belongs to exactly one page")
    return pages[0]


def chapter_figures(page: toc.Page) -> list[Figure]:
    """The registered figures ``page`` shows, in the order it shows them."""
    return [REGISTRY[label] for label in dict.fromkeys(shown_on(page)) if label in REGISTRY]


def number(label: str) -> str:
    """The figure's number, e.g. '1.2': its page's number (see :mod:`analysis.toc`; the
    overview's figures are 'O.1', 'O.2'), then its order of appearance on that page, so numbers
    always run upwards as a reader scrolls."""
    page = page_of(label)
    same = [f.label for f in chapter_figures(page)]
    return f"{page.number}.{same.index(label) + 1}"


def figure_html(label: str, chart: alt.TopLevelMixin,
                still: alt.TopLevelMixin | None = None) -> str:
    """The figure element: chart, number, caption, note on what is approximate, source line.
    With ``still`` (an interactive figure's still version), the page shows the chart on
    screen and the still version in print. A figure still awaiting its page (see
    :data:`AWAITING`) is numbered "(draft)"."""
    figure = REGISTRY[label] if label in REGISTRY else AWAITING[label]
    shown_number = number(label) if label in REGISTRY else "(draft)"
    approx = (f' <span class="kursk-approx">Approximate: {html.escape(figure.approximate)}</span>'
              if figure.approximate else "")
    return (f'<figure class="kursk-figure" id="figure-{html.escape(label)}">'
            + (render.chart_html(chart, alt_text=figure.alt, element_id=f"chart-{label}")
               if still is None else
               render.chart_html(chart, alt_text=figure.alt, element_id=f"chart-{label}",
                                 classes="kursk-screen-only", role="group")
               + render.chart_html(still, alt_text=figure.alt, element_id=f"still-{label}",
                                   classes="kursk-print-only"))
            + f'<figcaption><span class="kursk-figure-number">Figure {shown_number}.</span> '
            f'<strong>{html.escape(figure.title)}.</strong> {html.escape(figure.caption)}'
            f'{approx}<span class="kursk-source">Source: {html.escape(figure.sources)}</span>'
            f'<span class="kursk-figure-links">Download: '
            + " · ".join(f'<a href="../figures/{label}/{label}.{ext}">{name}</a>'
                         for ext, name in (("png", "PNG"), ("svg", "SVG"), ("csv", "data (CSV)"),
                                           ("txt", "caption and citation")))
            + '</span></figcaption></figure>')


def show(label: str) -> render.FigureOutput:
    """Build figure ``label`` and return it for display in a notebook cell (unknown labels
    raise KeyError naming the registry)."""
    if label not in REGISTRY and label not in AWAITING:
        raise KeyError(f"unknown figure {label!r}: register it in analysis.figures.builders")
    figure = REGISTRY[label] if label in REGISTRY else AWAITING[label]
    chart, _ = figure.build()
    still = figure.static()[0] if figure.static else None
    shown_number = number(label) if label in REGISTRY else "(draft)"
    return render.FigureOutput(figure_html(label, chart, still), render.chart_spec(chart),
                               f"Figure {shown_number}. {figure.title}. {figure.caption} "
                               f"Source: {figure.sources}")


