"""Sphinx extension of the Kursk report: ships the vega bundle and the chart script locally.

Added to the book through ``sphinx.extra_extensions`` in ``book/_config.yml``. It makes
``vega-bundle.js`` (vega, vega-lite and vega-embed, produced by vl-convert at the vega-lite
version altair targets; cached beside the build) and copies it with the chart script and
stylesheet into the output's ``_static``, so every page loads one local copy, never a CDN. It
also regenerates ``book/references.bib`` from ``data/sources.csv`` before each build.
"""
from __future__ import annotations

import shutil
from importlib import metadata, resources
from pathlib import Path

import altair as alt

BUNDLE_NAME = "vega-bundle.js"


def vega_lite_version() -> str:
    """The vega-lite minor version altair targets, e.g. 'v6.4'."""
    return ".".join(alt.SCHEMA_VERSION.split(".")[:2])


def write_bundle(folder: Path) -> Path:
    """Write the vega bundle into ``folder`` unless an identical-version one is there."""
    import vl_convert as vlc

    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / (BUNDLE_NAME + ".version")
    wanted = (f"wrapped vl-convert {metadata.version('vl-convert-python')} "
              f"vega-lite {vega_lite_version()}")
    path = folder / BUNDLE_NAME
    if not path.exists() or not stamp.exists() or stamp.read_text() != wanted:
        # Wrapped in a function: the bundle's top-level const names would otherwise collide
        # with other classic scripts' globals on the page. It sets window.vegaEmbed itself.
        bundle = vlc.javascript_bundle(vl_version=vega_lite_version())  # type: ignore[call-arg]
        path.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
        stamp.write_text(wanted)
    return path


def _static_folder(app) -> Path:
    return Path(app.doctreedir).parent / "_kursk_static"


def _copy_static(app) -> None:
    """Copy the bundle and the package's script and stylesheet into the output's _static
    before any page is written, overwriting older copies. Sphinx gives a static link a
    ``?v=<checksum>`` when the file is already in the output as the page is written: copied
    only after the build, the files were absent from a cold build's pages and present on a
    rebuild's, so a rebuilt page differed from the cold build's."""
    if app.builder.format != "html":
        return
    # myst-nb copies its stylesheet only when the build finishes, so a cold build's pages would
    # link it without the ?v= checksum and a rebuild's with it; copy it first, as ours are
    from myst_nb.sphinx_ext import add_global_html_resources

    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    add_global_html_resources(app, None)
    shutil.copyfile(write_bundle(_static_folder(app)), target / BUNDLE_NAME)
    package_static = resources.files("analysis").joinpath("static")
    for name in ("kursk-charts.js", "kursk.css"):
        (target / name).write_bytes(package_static.joinpath(name).read_bytes())


def _on_config_inited(app, config) -> None:
    from .. import config as paths
    from .bibliography import write_bibtex

    write_bibtex(paths.BOOK_DIR / "references.bib")
    # Every page shows the version, put in when the page is written (not when it is read).
    # Registered as an "html" config value, a new version makes Sphinx rewrite every page
    # without re-reading or re-executing any notebook.
    from .cite import base_url, version

    config.kursk_version = version()
    config.html_baseurl = (base_url() + "/") if base_url() else ""  # canonical links
    # Figure links read their number when a page is written; if any page reorders its
    # figures, this value changes and every page is rewritten with the new numbers.
    from ..figures import REGISTRY, number

    config.kursk_figure_numbers = ";".join(f"{label}={number(label)}" for label in REGISTRY)


def _default_mode(app, pagename, templatename, context, doctree) -> None:
    """The theme leaves its colour mode empty here, which its script reports as an error."""
    if not context.get("default_mode"):
        context["default_mode"] = "light"


def _page_parts(pagename: str) -> tuple[int | None, str]:
    """(chapter number or None, stem) of a Sphinx page name, from the table of contents."""
    from .. import toc

    page = toc.page(pagename)
    return (int(page.number) if page.kind == "chapter" else None), page.stem


def briefing_header(pagename: str, title: str) -> str:
    """The block at the top of each page: version, evidence dates, the recommended citation
    (so it is on the first page of every PDF) and links to the PDFs, slide decks and figure
    pack."""
    import html as html_lib

    from .. import toc
    from ..dates import long as long_date
    from ..evidence.coverage import evidence_dates
    from ..figures import chapter_figures
    from . import cite as citation

    number, stem = _page_parts(pagename)
    cite = citation.for_page(pagename + ".html", number, title if number else None)
    dates = evidence_dates()
    from .slides import BOOK_DECK, FOLDER

    links = []
    if number is not None or toc.page(pagename).kind == "overview":
        links.append(f'<a href="../pdf/{stem}.pdf">PDF of this page</a>')
        if number is not None:
            links.append(f'<a href="../{FOLDER}/{stem}.pptx">slides of this chapter '
                         '(PowerPoint)</a>')
        if chapter_figures(toc.page(pagename)):
            links.append(f'<a href="../figures/{stem}-figures.zip">all figures (zip)</a>')
    links.append('<a href="../pdf/kursk-report.pdf">PDF of the whole book</a>')
    links.append(f'<a href="../{FOLDER}/{BOOK_DECK}.pptx">slides of the whole report '
                 '(PowerPoint)</a>')
    return (
        '<div class="kursk-briefing-header">'
        f'<p class="kursk-version">Version <strong>{html_lib.escape(cite.version)}</strong> · '
        f'built {html_lib.escape(cite.date)} · sources run to '
        f'<strong>{long_date(dates["sources"])}</strong>, measured control to '
        f'{long_date(dates["measured"])} (in Kursk oblast to '
        f'{long_date(dates["measured_kursk"])}) · '
        + " · ".join(links) + "</p>"
        f'<p class="kursk-cite-line">Cite as: {html_lib.escape(cite.text())}</p></div>')


def cite_box(pagename: str, title: str) -> str:
    """'Cite this chapter' with plain text and BibTeX, each with a copy button."""
    import html as html_lib

    from . import cite as citation

    number, stem = _page_parts(pagename)
    if number is None:
        return ""
    cite = citation.for_page(pagename + ".html", number, title)
    return ('<section class="kursk-cite-box" id="cite-this-chapter"><h2>Cite this chapter</h2>'
            '<p>Plain text:</p><div class="highlight"><pre>'
            + html_lib.escape(cite.text()) + '</pre></div><p>BibTeX:</p>'
            '<div class="highlight"><pre>' + html_lib.escape(cite.bibtex(f"kursk-{stem}"))
            + "</pre></div></section>")


def _inject_briefing(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or "body" not in context:
        return
    import re
    title = re.sub(r"<[^>]+>", "", context.get("title", ""))
    title = re.sub(r"^\d+\.\s*", "", title)
    context["body"] = briefing_header(pagename, title) + context["body"] + \
        cite_box(pagename, title)


def figure_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{fig}`label``` -> a link reading "Figure 1.2" to the figure in whichever chapter shows
    it. The number comes from the chapter's page order, so prose never types it; the link and
    its number are resolved per page, at writing, in :func:`_resolve_figure_links`."""
    from docutils import nodes

    from ..figures import REGISTRY, number

    label = text.strip()
    if label not in REGISTRY:
        message = inliner.reporter.error(f"unknown figure label {label!r}: register it in "
                                         "analysis.figures.builders", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    node = nodes.reference(rawtext, f"Figure {number(label)}", refuri="#figure-" + label,
                           classes=["kursk-figure-ref"])
    node["kursk_figure"] = label
    return [node], []


def _resolve_figure_links(app, doctree, docname):
    """Point each figure link at its chapter's page (relative URI) and the figure's anchor,
    and give it the figure's current number (taken now, when the page is written, so a link
    to another chapter never keeps a number that chapter has since changed)."""
    from docutils import nodes

    from ..figures import number, page_of

    for node in doctree.findall(nodes.reference):
        label = node.get("kursk_figure")
        if not label:
            continue
        target = page_of(label).docname
        page = "" if target == docname else app.builder.get_relative_uri(docname, target)
        node["refuri"] = f"{page}#figure-{label}"
        node.children = []
        node += nodes.Text(f"Figure {number(label)}")


def _cache_pybtex_plugin_lookups() -> None:
    """pybtex finds its plugins among every installed distribution's entry points, anew on each
    citation: about 1,200 scans a build, most of Sphinx's reading time. The installed set does
    not change during a build, so each (group, name) lookup is made once."""
    from functools import lru_cache

    import pybtex.plugin

    if getattr(pybtex.plugin.entry_points, "kursk_cached", False):
        return
    lookup = pybtex.plugin.entry_points

    @lru_cache(maxsize=None)
    def cached(group: str, name: str) -> tuple:
        return tuple(lookup(group=group, name=name))

    def entry_points(*, group: str, name: str) -> tuple:
        return cached(group, name)

    entry_points.kursk_cached = True  # type: ignore[attr-defined]
    pybtex.plugin.entry_points = entry_points  # type: ignore[assignment]


def setup(app):
    _cache_pybtex_plugin_lookups()
    app.add_role("fig", figure_role)
    app.connect("doctree-resolved", _resolve_figure_links)
    app.connect("html-page-context", _inject_briefing)
    app.connect("html-page-context", _default_mode)
    app.add_config_value("kursk_version", "", "html")
    app.add_config_value("kursk_figure_numbers", "", "html")
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _copy_static)
    app.add_js_file(BUNDLE_NAME)
    app.add_js_file("kursk-charts.js", defer="defer")
    app.add_css_file("kursk.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
