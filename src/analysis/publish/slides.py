"""Briefing decks: one 16:9 PowerPoint deck (.pptx) per chapter and one for the whole report,
made from what the book already holds, never retyped.

A deck is a title slide (the citation and the version), one slide per key finding, one per
figure of the page that no finding shows, and closing slides listing the sources cited.

- Key findings are the bullets of a page's "Key findings" section, as its MyST source writes
  them; their numbers are the ones the page glues (:mod:`analysis.evidence.findings`, named by
  the page's ``book.glue_findings(...)`` calls), formatted as the page formats them; a
  ``{fig}`` reference names the finding's figure and its number, a ``{footcite}`` the sources.
- A slide's title states the finding (its first clause); the rest of the finding is the body.
  Under a figure: its source line and its citation, as editable text. The picture is the figure
  pack's PNG (an interactive figure's still version), with the figure's alt text.
- The whole report's deck: the overview's key findings (if it has them) and figures, then
  every chapter's finding slides.

Written into the built book at ``slides/<page stem>.pptx`` and ``slides/kursk-report.pptx``,
deterministically (fixed zip times and document properties), and skipped when nothing they are
made from changed. The plan of a deck (:func:`plan`) is plain data, computed in a process of
its own while Sphinx writes the pages; the decks are drawn once the figure packs are there.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path

from .. import config, toc
from ..figures import REGISTRY, chapter_figures, number
from . import cite as citation

#: Where the decks are published inside the built book, and the whole report's deck.
FOLDER = "slides"
BOOK_DECK = "kursk-report"
#: The heading of the section whose bullets are a page's key findings.
FINDINGS_HEADING = "Key findings"
#: The width and height of a slide, in inches (16:9).
SLIDE_INCHES = (13.333, 7.5)

_GLUE_CALL = re.compile(r'\bbook\.glue_findings\("([^"]+)"\)')
_GLUE_TEXT = re.compile(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`")
_FOOTCITE = re.compile(r"\s*\{footcite(?::[a-z]+)?\}`([^`]+)`")
_FIG = re.compile(r"\{fig\}`([^`]+)`")
_DOC = re.compile(r"\{doc\}`(?:([^`<]+?)\s*<([^`>]+)>|([^`]+))`")


@lru_cache(maxsize=None)
def _computed(name: str) -> dict:
    from ..evidence import findings, key_numbers

    return {**getattr(findings, name)(), **key_numbers.glue_values()}


def page_numbers(page: toc.Page) -> dict:
    """Every number ``page`` glues, by name: the union of the findings functions its source
    calls with ``book.glue_findings(...)``, with the key numbers (``kn_…``)."""
    numbers: dict = {}
    for name in _GLUE_CALL.findall(page.source.read_text(encoding="utf-8")):
        numbers.update(_computed(name))
    return numbers


def glued(value, spec: str | None) -> str:
    """A glued value as myst-nb's ``{glue:text}`` shows it: ``format(value, spec)``, or the
    value's text without a spec."""
    value = value.item() if hasattr(value, "item") else value
    return format(value, spec) if spec else str(value)


def _doc_title(target: str, page: toc.Page) -> str:
    """The title of the page a ``{doc}`` role names (its first heading, without the number)."""
    path = (page.source.parent / target).resolve()
    docname = str(path.relative_to(config.REPO_ROOT)).removesuffix(".md")
    return toc.page(docname).title


def plain_text(myst: str, page: toc.Page, numbers: dict) -> tuple[str, list[str], list[str]]:
    """A MyST passage of ``page`` as plain text, with the figure labels and source ids it
    cites: glued numbers filled in, ``{footcite}`` removed (its ids returned), ``{fig}`` as
    "Figure 4.2", ``{doc}`` as its text or the page's title, emphasis dropped."""
    sources = [key.strip() for keys in _FOOTCITE.findall(myst) for key in keys.split(",")]
    text = _FOOTCITE.sub("", myst)
    labels = _FIG.findall(text)
    text = _FIG.sub(lambda m: f"Figure {number(m.group(1).strip())}", text)
    text = _DOC.sub(lambda m: m.group(1) or _doc_title(m.group(2) or m.group(3), page), text)
    text = _GLUE_TEXT.sub(lambda m: glued(numbers[m.group(1)], m.group(2)), text)
    text = re.sub(r"\*\*(.+?)\*\*|\*(.+?)\*", lambda m: m.group(1) or m.group(2), text)
    text = " ".join(text.split())
    text = re.sub(r"\s+([,.;:)])", r"\1", text).replace("( ", "(").replace(" ()", "")
    return text, [label.strip() for label in labels], list(dict.fromkeys(sources))


#: The longest title a slide gets before a finding's first clause is cut at a comma.
TITLE_CHARS = 150


def headline(text: str) -> tuple[str, str]:
    """A finding split into the title that states it and the body: its first clause, up to
    the first colon or semicolon (or the end of the first sentence), with the rest as the
    body; a first clause longer than :data:`TITLE_CHARS` is cut at its last comma within
    that length and the body is then the whole finding. A reference to a figure is left
    out of the title (the slide shows the figure)."""
    cut = re.search(r"[:;] |\.(?= [A-Z])", text)
    head, rest = (text, "") if cut is None else (text[:cut.start()], text[cut.end():].strip())
    head = re.sub(r"\s*\(Figure [^)]*\)", "", head).rstrip(".")
    if len(head) > TITLE_CHARS and ", " in head[:TITLE_CHARS]:
        head, rest = head[:head[:TITLE_CHARS].rindex(", ")], text
    return head, (rest[:1].upper() + rest[1:]) if rest else ""


def key_findings(page: toc.Page) -> list[dict]:
    """The page's key findings in order, each as ``{"text", "title", "body", "figures",
    "sources"}`` (plain text; figure labels; source ids); [] for a page without them."""
    source = page.source.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(FINDINGS_HEADING)}\s*$(.*?)(?=^#|\Z)", source,
                        re.M | re.S)
    if section is None:
        return []
    numbers = page_numbers(page)
    found = []
    for bullet in re.split(r"^- ", section.group(1), flags=re.M)[1:]:
        text, labels, sources = plain_text(bullet, page, numbers)
        title, body = headline(text)
        found.append({"text": text, "title": title, "body": body, "figures": labels,
                      "sources": sources})
    return found


def _source_entries(ids: list[str]) -> list[str]:
    """Sources by id as a reference: "Publisher (YYYY-MM-DD). Title. URL"."""
    from ..data.tables import load_sources

    table = load_sources().set_index("source_id")
    entries = []
    for sid in ids:
        row = table.loc[sid]
        when = "undated" if row.isna()["published"] else f"{row['published']:%Y-%m-%d}"
        url = f" {row['url']}" if isinstance(row["url"], str) and row["url"] else ""
        entries.append(f"{row['publisher']} ({when}). {row['title']}.{url}")
    return entries


def figure_citation(label: str) -> str:
    """'Figure 4.2. Title. Cite as: …' for the figure (:func:`analysis.publish.cite.for_figure`)."""
    return (f"Figure {number(label)}. {REGISTRY[label].title}. Cite as: "
            + citation.for_figure(label))


def _figure_slide(label: str, title: str, body: str, kicker: str,
                  sources: list[str]) -> dict:
    figure = REGISTRY[label]
    return {"kind": "figure", "title": title, "body": body or figure.caption, "kicker": kicker,
            "figure": label, "alt": figure.alt, "source": f"Source: {figure.sources}",
            "citation": figure_citation(label), "sources": sources,
            "notes": f"{title}. {body}".strip()}


def finding_slides(page: toc.Page, kicker: str = "") -> list[dict]:
    """A slide per key finding of ``page``: with its figure (the first it cites) if it cites
    one, else the finding alone with its sources as the source line."""
    slides = []
    for finding in key_findings(page):
        if finding["figures"]:
            slides.append(_figure_slide(finding["figures"][0], finding["title"],
                                        finding["body"], kicker, finding["sources"]))
        else:
            slides.append({"kind": "finding", "title": finding["title"],
                           "body": finding["body"], "kicker": kicker,
                           "source": "Sources: " + "; ".join(
                               _short_sources(finding["sources"])),
                           "sources": finding["sources"], "notes": finding["text"]})
    return slides


def _short_sources(ids: list[str]) -> list[str]:
    from ..evidence.sources import describe_sources

    return describe_sources(";".join(ids)).split("; ") if ids else []


def figure_slides(page: toc.Page, skip: set[str], kicker: str = "") -> list[dict]:
    """A slide for each figure of ``page`` not in ``skip``, titled by the figure's title."""
    return [_figure_slide(f.label, f.title, f.caption, kicker, [])
            for f in chapter_figures(page) if f.label not in skip]


def _title_slide(heading: str, subtitle: str, cite: citation.Citation) -> dict:
    return {"kind": "title", "title": heading, "body": subtitle,
            "version": f"Version {cite.version}, {cite.date}",
            "citation": f"Cite as: {cite.text()}"}


#: Reference lines on one closing slide.
SOURCES_PER_SLIDE = 12


def _closing(slides: list[dict]) -> list[dict]:
    """Slides listing every source the deck's findings cite, and the source line of each
    figure shown, in order of first appearance."""
    ids = list(dict.fromkeys(s for slide in slides for s in slide.get("sources", [])))
    lines = _source_entries(ids)
    lines += list(dict.fromkeys(f"Figure {number(s['figure'])}: {REGISTRY[s['figure']].sources}"
                                for s in slides if s["kind"] == "figure"))
    chunks = [lines[i:i + SOURCES_PER_SLIDE] for i in range(0, len(lines), SOURCES_PER_SLIDE)]
    return [{"kind": "sources", "title": "Sources cited" + (f" ({i + 1} of {len(chunks)})"
                                                            if len(chunks) > 1 else ""),
             "lines": chunk} for i, chunk in enumerate(chunks or [[]])]


def plan(stem: str) -> list[dict]:
    """The slides of one deck, as plain data: ``stem`` is a chapter's page stem or
    :data:`BOOK_DECK` for the whole report."""
    book_title = citation.cff()["title"]
    if stem == BOOK_DECK:
        overview = toc.pages()[0]
        cite = citation.for_page(overview.html)
        body = [_title_slide(book_title, "Briefing deck of the whole report", cite)]
        found = finding_slides(overview, kicker="Overview")
        body += found + figure_slides(overview, {s["figure"] for s in found
                                                 if s["kind"] == "figure"}, kicker="Overview")
        for chapter in toc.chapters():
            body += finding_slides(chapter, kicker=f"Chapter {chapter.number}. "
                                                   f"{chapter.title}")
    else:
        chapter = toc.page(stem)
        title = chapter.title
        cite = citation.for_page(chapter.html, int(chapter.number), title)
        body = [_title_slide(f"{chapter.number}. {title}", f"Chapter {chapter.number} of "
                             f"{book_title}", cite)]
        found = finding_slides(chapter)
        shown = {s["figure"] for s in found if s["kind"] == "figure"}
        body += found + figure_slides(chapter, shown)
    return body + _closing(body)


def decks() -> list[str]:
    """The decks the book publishes, by stem: each chapter's, then the whole report's."""
    return [page.stem for page in toc.chapters()] + [BOOK_DECK]


def plans_key(inputs: str | None) -> str:
    """sha256 of everything a deck is made from besides the figures' pictures: the inputs
    fingerprint (package and data), every page's source, the toc, CITATION.cff, the version
    and the base URL."""
    digest = hashlib.sha256((inputs or "").encode())
    for path in [toc.TOC_PATH, config.REPO_ROOT / "CITATION.cff"] + \
            [p.source for p in toc.pages()]:
        digest.update(path.read_bytes())
    digest.update(citation.version().encode() + citation.base_url().encode()
                  + citation.release_date().encode())
    return digest.hexdigest()


def _ledger(html_dir: Path) -> Path:
    return Path(html_dir).parent / ".slides-key.json"


def plans(html_dir: Path, inputs: str | None) -> dict[str, list[dict]] | None:
    """Every deck's plan by stem, or None when the decks on disk were made from the same
    inputs (see :func:`plans_key`) and are all there."""
    ledger = _ledger(html_dir)
    key = plans_key(inputs)
    folder = Path(html_dir) / FOLDER
    if (inputs is not None and ledger.exists() and json.loads(ledger.read_text()).get("key")
            == key and all((folder / f"{stem}.pptx").exists() for stem in decks())):
        return None
    return {stem: plan(stem) for stem in decks()}


# --- drawing -------------------------------------------------------------------------------

#: The deck's colours (RGB hex): text, muted text, rule.
INK, MUTED, RULE = "1A1A1A", "555555", "B0B0B0"
#: The fixed time written into the deck's zip entries (as the figure packs').
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _text(slide, left, top, width, height, paragraphs, size, *, bold=False, color=INK,
          name: str = "", shrink: bool = False):
    """A text box of ``paragraphs`` (strings) at ``size`` points, wrapped, returned."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE if shrink else MSO_AUTO_SIZE.NONE
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = RGBColor.from_string(color)
        if index:
            paragraph.space_before = Pt(size * 0.4)
    return box


def _fit(text: str, base: float, room: int) -> float:
    """A font size (points) for ``text`` in a box that holds about ``room`` characters at
    ``base`` points: smaller, by area, for longer text, never under 60 % of ``base``."""
    return round(max(base * 0.6, min(base, base * (room / max(len(text), 1)) ** 0.5)), 1)


def _title_height(text: str, size: float, width: float) -> float:
    """Inches a bold title of ``size`` points takes in a box ``width`` inches wide: its lines
    (at about 0.56 em a character) at 1.25 lines' spacing, so the figure starts below it."""
    import math

    per_line = max(1, int(width * 72 / (size * 0.56)))
    return math.ceil(len(text) / per_line) * size * 1.25 / 72 + 0.1


def _picture(slide, png: Path, left, top, width, height, alt: str, name: str):
    """The PNG fitted into the box (aspect kept, centred across, at the top), with ``alt``
    as its description."""
    from PIL import Image
    from pptx.util import Inches

    with Image.open(png) as image:
        ratio = image.width / image.height
    w, h = (width, width / ratio) if width / ratio <= height else (height * ratio, height)
    shape = slide.shapes.add_picture(str(png), Inches(left + (width - w) / 2),
                                     Inches(top), Inches(w), Inches(h))
    shape.name = name
    shape._element.nvPicPr.cNvPr.set("descr", alt)  # noqa: SLF001  (alt text, as PowerPoint)
    return shape


def _draw(presentation, spec: dict, figures_dir: Path) -> None:
    W, _ = SLIDE_INCHES
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])  # blank layout
    kind = spec["kind"]
    if kind == "title":
        _text(slide, 0.8, 1.6, W - 1.6, 1.6, [spec["title"]], 36, bold=True, name="Title")
        _text(slide, 0.8, 3.3, W - 1.6, 0.6, [spec["body"]], 20, color=MUTED, name="Subtitle")
        _text(slide, 0.8, 4.2, W - 1.6, 0.5, [spec["version"]], 16, name="Version")
        _text(slide, 0.8, 5.0, W - 1.6, 1.6, [spec["citation"]], 13, color=MUTED,
              name="Citation", shrink=True)
        return
    top = 0.35
    if spec.get("kicker"):
        _text(slide, 0.5, 0.2, W - 1.0, 0.4, [spec["kicker"]], 12, color=MUTED, name="Kicker")
        top = 0.55
    if kind == "sources":
        _text(slide, 0.5, top, W - 1.0, 0.8, [spec["title"]], 28, bold=True, name="Title")
        _text(slide, 0.5, top + 0.9, W - 1.0, 7.5 - top - 1.2, spec["lines"] or
              ["No source is cited on these slides."], 11, name="Sources", shrink=True)
        return
    size = _fit(spec["title"], 26, 110)
    height = _title_height(spec["title"], size, W - 1.0)
    _text(slide, 0.5, top, W - 1.0, height, [spec["title"]], size, bold=True, name="Title",
          shrink=True)
    body_top = top + height + 0.15
    if kind == "finding":
        _text(slide, 0.5, body_top, W - 1.0, 6.4 - body_top, [spec["body"]],
              _fit(spec["body"], 22, 700), name="Finding", shrink=True)
        _text(slide, 0.5, 6.5, W - 1.0, 0.8, [spec["source"]], 11, color=MUTED,
              name="Source", shrink=True)
    else:
        label = spec["figure"]
        _picture(slide, figures_dir / label / f"{label}.png", 0.4, body_top, 8.4,
                 6.35 - body_top, spec["alt"], name=f"Figure {label}")
        _text(slide, 9.0, body_top, W - 9.5, 6.35 - body_top, [spec["body"]],
              _fit(spec["body"], 16, 450), name="Finding", shrink=True)
        _text(slide, 0.5, 6.42, W - 1.0, 0.4, [spec["source"]], 10, color=MUTED,
              name="Source", shrink=True)
        _text(slide, 0.5, 6.85, W - 1.0, 0.55, [spec["citation"]], 9, color=MUTED,
              name="Citation", shrink=True)
    if spec.get("notes"):
        slide.notes_slide.notes_text_frame.text = spec["notes"]


def deck_bytes(slides: list[dict], figures_dir: Path, title: str) -> bytes:
    """The .pptx of a plan: 16:9, the pictures from ``figures_dir/<label>/<label>.png``, with
    fixed document properties and zip times so the same plan gives the same bytes."""
    import datetime as dt

    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = (Inches(x) for x in SLIDE_INCHES)
    for spec in slides:
        _draw(presentation, spec, Path(figures_dir))
    core = presentation.core_properties
    core.title, core.author = title, citation._authors()  # noqa: SLF001
    core.last_modified_by, core.revision = core.author, 1
    core.subject = f"Version {citation.version()}"
    when = dt.datetime.fromisoformat(citation.release_date() or "2000-01-01")
    core.created = core.modified = when
    core.last_printed = when
    buffer = io.BytesIO()
    presentation.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The zip ``data`` rewritten with fixed entry times (python-pptx stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def write_decks(html_dir: Path, inputs: str | None,
                plans_by_stem: dict[str, list[dict]] | None) -> int:
    """Write each planned deck to ``html_dir/slides/<stem>.pptx`` (the figure packs must be
    written) and record what they were made from; returns how many files changed. ``None``
    (nothing changed, see :func:`plans`) writes nothing."""
    from .exports import _write_if_changed

    if plans_by_stem is None:
        return 0
    folder = Path(html_dir) / FOLDER
    book_title = citation.cff()["title"]
    written = 0
    for stem, slides in plans_by_stem.items():
        title = book_title if stem == BOOK_DECK else f"{book_title}: {slides[0]['title']}"
        written += _write_if_changed(folder / f"{stem}.pptx",
                                     deck_bytes(slides, Path(html_dir) / "figures", title))
    _ledger(html_dir).write_text(json.dumps({"key": plans_key(inputs)}) + "\n")
    return written
