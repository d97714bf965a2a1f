"""Sphinx extension of the Kursk report: ships the vega bundle and the chart script locally.

Added to the book through ``sphinx.extra_extensions`` in ``book/_config.yml``. At
``builder-inited`` it writes ``vega-bundle.js`` (vega, vega-lite and vega-embed, produced by
vl-convert at the vega-lite version altair targets) into a build-side folder that is added to
``html_static_path``, so every page loads the same local copy and nothing from a CDN.
"""
from __future__ import annotations

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
    wanted = f"vl-convert {vlc.__version__} vega-lite {vega_lite_version()}"
    path = folder / BUNDLE_NAME
    if not path.exists() or not stamp.exists() or stamp.read_text() != wanted:
        path.write_text(vlc.javascript_bundle(vl_version=vega_lite_version()), encoding="utf-8")
        stamp.write_text(wanted)
    return path


def _static_folder(app) -> Path:
    return Path(app.doctreedir).parent / "_kursk_static"


def _on_builder_inited(app) -> None:
    folder = _static_folder(app)
    write_bundle(folder)
    package_static = resources.files("analysis").joinpath("static")
    for name in ("kursk-charts.js", "kursk.css"):
        (folder / name).write_text(package_static.joinpath(name).read_text(encoding="utf-8"),
                                   encoding="utf-8")
    app.config.html_static_path.append(str(folder))


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    app.add_js_file(BUNDLE_NAME)
    app.add_js_file("kursk-charts.js", defer="defer")
    app.add_css_file("kursk.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
