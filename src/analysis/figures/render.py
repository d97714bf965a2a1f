"""How a chart reaches the page: a self-contained HTML fragment rendered by the vega bundle the
book ships (``_static/vega-bundle.js``), never a CDN.

A figure is emitted as ``<figure>`` with the chart's spec as inline JSON, its number, caption,
source line and alt text. The page script ``kursk-charts.js`` draws every ``.kursk-chart``.
"""
from __future__ import annotations

import hashlib
import html
import json

import altair as alt

from . import theme


def chart_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's vega-lite spec as a dict, with the report's theme applied."""
    theme.enable()
    return chart.to_dict()


def spec_json(spec: dict) -> str:
    """Deterministic JSON of a spec, safe inside a <script> element (no '</' sequences)."""
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def chart_html(chart: alt.TopLevelMixin, *, alt_text: str, element_id: str | None = None,
               classes: str = "", role: str = "img") -> str:
    """HTML for one chart: a container with role=img (``role="group"`` for a chart with
    controls, which must stay reachable), the alt text as its accessible name, a text
    fallback, and the spec as inline JSON (``classes``: extra CSS classes)."""
    spec = chart_spec(chart)
    payload = spec_json(spec)
    element_id = element_id or "chart-" + hashlib.sha256(payload.encode()).hexdigest()[:12]
    css = "kursk-chart" + (f" {classes}" if classes else "")
    return (f'<div class="{css}" id="{html.escape(element_id)}" role="{role}" '
            f'aria-label="{html.escape(alt_text)}">'
            f'<p class="kursk-chart-fallback">{html.escape(alt_text)}</p>'
            f'<script type="application/json" class="kursk-chart-spec">{payload}</script></div>')


#: Set (to anything) in the kernels and Sphinx process of a book build; elsewhere (JupyterLab,
#: VS Code, nbclient) figures carry the chart itself and a static picture instead of the HTML
#: that only the book's page script can draw.
BOOK_BUILD_ENV = "KURSK_BOOK_BUILD"


def in_book_build() -> bool:
    """True while the book is being built (see :data:`BOOK_BUILD_ENV`)."""
    import os

    return bool(os.environ.get(BOOK_BUILD_ENV))


class FigureOutput:
    """A figure as a notebook displays it. In the book: the page's HTML (``book_html``), drawn
    by the book's own renderer. Elsewhere: the vega-lite spec (for Jupyter's or VS Code's own
    renderer), a static SVG drawn offline by vl-convert, and an HTML figure holding that SVG
    with the number, caption and source, so every front end shows the chart without a
    network."""

    def __init__(self, book_html: str, spec: dict, caption: str):
        self.book_html, self.spec, self.caption = book_html, spec, caption

    @property
    def markup(self) -> str:
        return self.book_html

    def _repr_mimebundle_(self, include=None, exclude=None):
        if in_book_build():
            return {"text/html": self.book_html, "text/plain": self.caption}
        import vl_convert as vlc

        svg = vlc.vegalite_to_svg(spec_json(self.spec))
        version = alt.SCHEMA_VERSION.lstrip("v").split(".")[0]
        return {f"application/vnd.vegalite.v{version}+json": self.spec,
                "image/svg+xml": svg,
                "text/html": (f'<figure style="margin:0">{svg}<figcaption>'
                              f"{html.escape(self.caption)}</figcaption></figure>"),
                "text/plain": self.caption}


class HTMLFragment:
    """Something a notebook cell displays as raw HTML (myst-nb passes text/html through)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.markup, "text/plain": "<figure>"}
