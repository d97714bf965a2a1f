"""Sphinx extension of the Kursk report: ships the vega bundle and the chart script locally.

Added to the book through ``sphinx.extra_extensions`` in ``book/_config.yml``. It makes
``vega-bundle.js`` (vega, vega-lite and vega-embed, produced by vl-convert at the vega-lite
version altair targets; cached beside the build) and copies it with the chart script and
stylesheet into the output's ``_static``, so every page loads one local copy, never a CDN. It
also regenerates ``book/references.bib`` from ``data/sources.csv`` before each build.
"""
from __future__ import annotations

import shutil
from importlib import resources
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
    wanted = f"wrapped vl-convert {vlc.__version__} vega-lite {vega_lite_version()}"
    path = folder / BUNDLE_NAME
    if not path.exists() or not stamp.exists() or stamp.read_text() != wanted:
        # Wrapped in a function: the bundle's top-level const names would otherwise collide
        # with other classic scripts' globals on the page. It sets window.vegaEmbed itself.
        bundle = vlc.javascript_bundle(vl_version=vega_lite_version())
        path.write_text("(function () {\n" + bundle + "\n})();\n", encoding="utf-8")
        stamp.write_text(wanted)
    return path


def _static_folder(app) -> Path:
    return Path(app.doctreedir).parent / "_kursk_static"


def _on_build_finished(app, exception) -> None:
    """Copy the bundle and the package's script and stylesheet into the output's _static,
    overwriting older copies (Sphinx's own static copy does not overwrite)."""
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(write_bundle(_static_folder(app)), target / BUNDLE_NAME)
    package_static = resources.files("analysis").joinpath("static")
    for name in ("kursk-charts.js", "kursk.css"):
        (target / name).write_bytes(package_static.joinpath(name).read_bytes())


def _on_config_inited(app, config) -> None:
    from .citations import write_bibtex
    from . import config as paths

    write_bibtex(paths.BOOK_DIR / "references.bib")


def _drop_thebe_nodes(app, doctree, docname) -> None:
    """Remove sphinx-thebe's config block (it names a binder repository and a CDN script)."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "x-thebe-config" in node.astext():
            node.parent.remove(node)


def _drop_thebe_assets(app, pagename, templatename, context, doctree) -> None:
    """Keep thebe's scripts (which point at unpkg.com) out of every page: the book is read
    offline and never executes code in the browser."""
    def keep(asset) -> bool:
        name = str(getattr(asset, "filename", asset) or "")
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" not in name.lower() and "thebe" not in body.lower()

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if keep(asset)]
    # The theme leaves its colour mode empty here, which its script reports as an error.
    if not context.get("default_mode"):
        context["default_mode"] = "light"


def setup(app):
    app.connect("doctree-resolved", _drop_thebe_nodes, priority=900)
    app.connect("html-page-context", _drop_thebe_assets)
    app.connect("config-inited", _on_config_inited)
    app.connect("build-finished", _on_build_finished)
    app.add_js_file(BUNDLE_NAME)
    app.add_js_file("kursk-charts.js", defer="defer")
    app.add_css_file("kursk.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
