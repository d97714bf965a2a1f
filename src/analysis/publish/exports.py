"""Figure packs for briefings: for every registered figure a PNG (3x, slide-ready), an SVG,
the exact data behind it as CSV and a text file with caption, source line and citation, all
from the same chart spec as the web page; plus one zip per chapter, which also carries the
chapter's briefing deck (:mod:`analysis.publish.slides`; the overview's, the whole report's).

Written into the built book at ``figures/<label>/`` and ``figures/<page stem>-figures.zip``.
Deterministic: same spec and data give byte-identical files (sorted JSON, fixed zip times), and
files whose content would not change are not rewritten.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import vl_convert as vlc

from .. import toc
from ..figures import render, theme
from ..figures.registry import REGISTRY, number, page_of
from . import cite as citation

#: PNG scale factor: the charts are 640 px wide, so 3x gives 1,920 px, wide enough for a slide.
PNG_SCALE = 3
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return True


def figure_text(label: str, page: str) -> str:
    """Caption, source line and citation of a figure, as plain text."""
    figure = REGISTRY[label]
    home = page_of(label)
    lines = [f"Figure {number(label)}. {figure.title}.", "", figure.caption]
    if figure.approximate:
        lines += ["", f"Approximate: {figure.approximate}"]
    lines += ["", f"Source: {figure.sources}", "", f"Alt text: {figure.alt}", "",
              "Cite as: " + citation.for_figure(label),
              "", f"Page: {home.number if home.kind == 'chapter' else home.kind} "
                  f"({home.docname}); figure label: {label}"]
    return "\n".join(lines) + "\n"


def _rendered(label: str, spec_text: str, out: Path | None,
              ledger: dict[str, str]) -> tuple[bytes, bytes]:
    """PNG and SVG of a spec: reused from ``out/<label>/`` when ``ledger`` (label -> sha256 of
    the spec they were drawn from) shows the spec unchanged, else drawn by vl-convert."""
    key = hashlib.sha256(spec_text.encode("utf-8")).hexdigest()
    if out is not None and ledger.get(label) == key:
        png, svg = out / label / f"{label}.png", out / label / f"{label}.svg"
        if png.exists() and svg.exists():
            return png.read_bytes(), svg.read_bytes()
    ledger[label] = key
    # the chart is laid out once, as SVG, and the PNG rasterised from that SVG: the same
    # picture at a third of the cost of a second vega run
    drawing = stable_ids(vlc.vegalite_to_svg(spec_text))
    return vlc.svg_to_png(drawing, scale=PNG_SCALE), drawing.encode("utf-8")


def stable_ids(svg: str) -> str:
    """The SVG with vega's clip-path ids ("clip13") renumbered by first appearance: vega counts
    them per process, so the same chart drawn after others would otherwise differ in bytes."""
    import re

    numbers: dict[str, str] = {}

    def renumber(match: re.Match) -> str:
        return "clip" + numbers.setdefault(match.group(1), str(len(numbers) + 1))

    return re.sub(r"\bclip(\d+)\b", renumber, svg)


def figure_files(label: str, page: str, out: Path | None = None,
                 ledger: dict[str, str] | None = None) -> dict[str, bytes]:
    """The four files of one figure, by file name. With ``out`` (the figures folder of a
    previous build) and its ``ledger``, a PNG and SVG drawn from the same spec are reused
    instead of redrawn."""
    figure = REGISTRY[label]
    chart, data = figure.build()
    if figure.static is not None:  # an interactive figure's pictures show its still version
        chart = figure.static()[0]
    spec = render.chart_spec(chart)
    spec["config"] = {**spec.get("config", {}), "font": theme.EXPORT_FONT}
    png, svg = _rendered(label, render.spec_json(spec), out, {} if ledger is None else ledger)
    csv = data.drop(columns=[c for c in ("geometry",) if c in data]).to_csv(
        index=False, lineterminator="\n", date_format="%Y-%m-%d")
    return {f"{label}.png": png, f"{label}.svg": svg,
            f"{label}.csv": csv.encode("utf-8"),
            f"{label}.txt": figure_text(label, page).encode("utf-8")}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def _previous_files(label: str, page: str, out: Path) -> dict[str, bytes] | None:
    """A figure's PNG, SVG and CSV as last written, with its text file regenerated (it holds
    the citation, hence the version); None if any file is missing."""
    paths = {f"{label}.{ext}": out / label / f"{label}.{ext}" for ext in ("png", "svg", "csv")}
    if not all(p.exists() for p in paths.values()):
        return None
    return {**{name: p.read_bytes() for name, p in paths.items()},
            f"{label}.txt": figure_text(label, page).encode("utf-8")}


def _ledger_path(html_dir: Path) -> Path:
    return Path(html_dir).parent / ".export-specs.json"


def write_packs(html_dir: Path, inputs: str | None, labels: list[str]) -> dict:
    """Write the figure packs of ``labels`` under ``html_dir/figures`` (see :func:`write_all`)
    without touching the ledger; returns the counts and the ledger entries drawn, so several
    processes can each draw a share and one of them record the result."""
    out = Path(html_dir) / "figures"
    ledger_path = _ledger_path(html_dir)
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    same_inputs = inputs is not None and ledger.get("_inputs") == inputs
    written = total = 0
    for label in labels:
        home = page_of(label)
        files = (_previous_files(label, home.html, out) if same_inputs else None) \
            or figure_files(label, home.html, out, ledger)
        for name, content in files.items():
            total += 1
            written += _write_if_changed(out / label / name, content)
    return {"files": total, "written": written,
            "ledger": {label: ledger[label] for label in labels if label in ledger}}


def finish_packs(html_dir: Path, inputs: str | None, parts: list[dict]) -> dict[str, int]:
    """Write one zip per page from the packs on disk and record the ledger entries of
    ``parts`` (results of :func:`write_packs`); returns the counts of everything."""
    out = Path(html_dir) / "figures"
    ledger_path = _ledger_path(html_dir)
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    total = sum(p["files"] for p in parts)
    written = sum(p["written"] for p in parts)
    by_chapter: dict[str, dict[str, bytes]] = {}
    for label in REGISTRY:
        for path in sorted((out / label).glob(f"{label}.*")):
            by_chapter.setdefault(page_of(label).stem, {})[f"{label}/{path.name}"] = \
                path.read_bytes()
    # each page's briefing deck travels in its zip; the overview's carries the whole report's
    decks = Path(html_dir) / "slides"
    overview = toc.pages()[0].stem
    for stem, files in by_chapter.items():
        deck = decks / (f"{stem}.pptx" if stem != overview else "kursk-report.pptx")
        if deck.exists():
            files[deck.name] = deck.read_bytes()
        total += 1
        written += _write_if_changed(out / f"{stem}-figures.zip", _zip(files))
    for part in parts:
        ledger.update(part["ledger"])
    if inputs is not None:
        ledger["_inputs"] = inputs
    ledger_path.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n")
    return {"files": total, "written": written}


def write_all(html_dir: Path, inputs: str | None = None) -> dict[str, int]:
    """Write every figure pack and chapter zip under ``html_dir/figures``; returns counts.
    The sha256 of each figure's spec is kept in ``.export-specs.json`` beside the HTML folder
    (not published) so an unchanged chart is not redrawn. ``inputs`` is the fingerprint of
    the package and data (:func:`analysis.publish.build.inputs_fingerprint`): when it is the one the
    packs were written from, no chart is rebuilt and only the text files (citation, version)
    are refreshed."""
    return finish_packs(html_dir, inputs, [write_packs(html_dir, inputs, list(REGISTRY))])


def digest(html_dir: Path) -> str:
    """sha256 over every export (for determinism checks)."""
    h = hashlib.sha256()
    for path in sorted((Path(html_dir) / "figures").rglob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()
