"""PDFs of each page and of the whole book, printed from the built HTML by headless Chromium,
so every vega chart and map is drawn as on screen. Page numbers in the footer; the citation and
version come from the page's own header block (see :mod:`analysis.publish.sphinx_ext`).

Chromium: ``KURSK_CHROMIUM`` or Debian's ``/usr/bin/chromium`` where present, else
Playwright's own browser. The network is cut while printing: only file:// loads are allowed.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from pathlib import Path

from .. import toc
from . import cite as citation

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
def pages() -> list[tuple[str, str]]:
    """Printed pages in book order, from the table of contents: (path in the built book, PDF
    stem)."""
    return [(page.html, page.stem) for page in toc.pages()]


def chromium_executable() -> str | None:
    """Debian's chromium if present (or KURSK_CHROMIUM); None means Playwright's own."""
    for candidate in (os.environ.get("KURSK_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def _footer() -> str:
    return ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
            f'The Kursk report · version {citation.version()} · page '
            '<span class="pageNumber"></span> of <span class="totalPages"></span></div>')


#: Script resolving once fonts are loaded and the charts' SVGs (size and content) have not
#: changed over two checks 100 ms apart.
SETTLED = """async () => {
  await document.fonts.ready;
  const look = () => Array.from(document.querySelectorAll('.kursk-chart svg'))
    .map(s => `${s.getAttribute('width')}x${s.getAttribute('height')}:${s.innerHTML.length}`)
    .join('|');
  let last = look(), same = 0;
  while (same < 2) {
    await new Promise(r => setTimeout(r, 100));
    const now = look();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}"""

#: Pages printed at once (each in its own tab of one browser).
PARALLEL = 4


def print_pages(html_dir: Path, which: list[tuple[str, str]] | None = None,
                finish=None) -> dict[str, bytes]:
    """PDF bytes of each page, by stem, after every chart on it has drawn. Up to
    :data:`PARALLEL` pages print at once; the output does not depend on the order.
    ``finish(stem, pdf) -> bytes``, if given, is applied to each page's PDF in a thread as
    soon as it is printed, while Chromium prints the others."""
    which = pages() if which is None else which
    import asyncio

    from playwright.async_api import async_playwright

    footer = _footer()

    async def run() -> dict[str, bytes]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_executable(),
                                                       args=CHROMIUM_ARGS)
            context = await browser.new_context()
            await context.route("**/*", lambda route: route.continue_()
                                if route.request.url.startswith(("file:", "data:", "blob:"))
                                else route.abort())
            slots = asyncio.Semaphore(PARALLEL)

            async def one(path: str, stem: str) -> tuple[str, bytes]:
                async with slots:
                    page = await context.new_page()
                    await page.emulate_media(media="print")
                    await page.goto((Path(html_dir) / path).resolve().as_uri())
                    await page.wait_for_function(
                        "document.documentElement.dataset.chartsDrawn !== undefined",
                        timeout=60_000)
                    # then wait for fonts, and until every chart's drawing has stayed the same
                    # for three checks in a row: on a loaded machine a chart can re-lay itself
                    # out after its first draw, and a PDF printed mid-way differs by a few bytes
                    await page.evaluate(SETTLED)
                    pdf = await page.pdf(format="A4", print_background=True,
                                         display_header_footer=True,
                                         header_template="<span></span>",
                                         footer_template=footer,
                                         margin={"top": "14mm", "bottom": "16mm",
                                                 "left": "12mm", "right": "12mm"})
                    await page.close()
                    if finish is not None:
                        pdf = await asyncio.to_thread(finish, stem, pdf)
                    return stem, pdf

            results = await asyncio.gather(*(one(path, stem) for path, stem in which))
            await browser.close()
            return dict(results)

    return asyncio.run(run())


#: Resource kinds a page's content names, and the prefix of their stable names.
RESOURCE_KINDS = {"/ExtGState": "S", "/Font": "F", "/XObject": "X", "/Pattern": "P",
                  "/Shading": "H"}


def _renamed(resources, data: bytes, done: set[int]) -> bytes:
    """``data`` (a content stream) with the names of ``resources`` renamed by first use, the
    dictionaries renamed to match, and the same done inside every form it draws."""
    import re

    from pypdf.generic import DictionaryObject, NameObject

    kinds = {kind: resources[kind].get_object() for kind in RESOURCE_KINDS if kind in resources}
    owner = {str(name): kind for kind, entries in kinds.items() for name in entries}
    forms = kinds.get("/XObject", {})
    for name in list(forms):
        reference = forms.raw_get(name)
        form = forms[name].get_object()
        key = getattr(reference, "idnum", id(form))
        if form.get("/Subtype") == "/Form" and key not in done and "/Resources" in form:
            done.add(key)
            form.set_data(_renamed(form["/Resources"].get_object(), form.get_data(), done))
    if not owner:
        return data
    token = re.compile(rb"(" + b"|".join(re.escape(n.encode()) for n in
                                         sorted(owner, key=len, reverse=True))
                       + rb")(?=[\s\[\]<>(){}/%]|$)")
    order = list(dict.fromkeys(m.group(1).decode() for m in token.finditer(data)))
    order += [n for n in owner if n not in order]
    counters: dict[str, int] = {}
    new = {}
    for name in order:
        prefix = RESOURCE_KINDS[owner[name]]
        new[name] = f"/K{prefix}{counters.setdefault(prefix, 0)}"
        counters[prefix] += 1
    for kind, entries in kinds.items():  # keys in order of first use, whatever Chromium's order
        renamed = sorted(entries, key=lambda name: order.index(str(name)))
        resources[NameObject(kind)] = DictionaryObject(
            {NameObject(new[str(name)]): entries.raw_get(name) for name in renamed})
    return token.sub(lambda m: new[m.group(1).decode()].encode(), data)


def _rename_resources(page, done: set[int]) -> None:
    """Name a page's resources (graphics states, fonts, images and forms, patterns, shadings)
    in the order its content first uses them, and likewise inside each form it draws.
    Chromium numbers them in the order it created them, which on a loaded machine can differ
    between two prints of the same page: the same drawing, different bytes."""
    from pypdf.generic import DecodedStreamObject, NameObject

    resources, contents = page.get("/Resources"), page.get_contents()
    if resources is None or contents is None:
        return
    stream = DecodedStreamObject()
    stream.set_data(_renamed(resources.get_object(), contents.get_data(), done))
    page[NameObject("/Contents")] = stream


def _merge_link_pieces(page) -> None:
    """Join the pieces of one link that Chromium may write as several touching rectangles or
    as one, depending on how it happened to lay out the text runs: consecutive link
    annotations with the same target on the same line, edge to edge, become one."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    annotations = page.get("/Annots")
    if not annotations:
        return
    kept: list = []
    for reference in annotations.get_object():
        annotation = reference.get_object()
        previous = kept[-1].get_object() if kept else None
        if (previous is not None and annotation.get("/Subtype") == "/Link"
                and previous.get("/Subtype") == "/Link"
                and str(annotation.get("/Dest", annotation.get("/A")))
                == str(previous.get("/Dest", previous.get("/A")))):
            a, b = [float(x) for x in previous["/Rect"]], [float(x) for x in annotation["/Rect"]]
            if (a[1], a[3]) == (b[1], b[3]) and abs(a[2] - b[0]) < 0.01:
                previous[NameObject("/Rect")] = ArrayObject(
                    [FloatObject(a[0]), FloatObject(a[1]), FloatObject(b[2]), FloatObject(a[3])])
                continue
        kept.append(reference)
    page[NameObject("/Annots")] = ArrayObject(kept)


def _normalise(pdf: bytes, title: str) -> bytes:
    """Rewrite a PDF with fixed metadata (no creation time, fixed id) and its pages'
    resources named by first use, for byte-stable output."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    done: set[int] = set()
    for page in reader.pages:
        added = writer.add_page(page)
        _rename_resources(added, done)
        _merge_link_pieces(added)
        if added.get_contents() is not None:
            added.compress_content_streams()  # zlib at its default level: deterministic
    writer.add_metadata({"/Title": title, "/Creator": "The Kursk report (Chromium)",
                         "/Producer": "pypdf"})
    writer._ID = None  # noqa: SLF001  (no random file id)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def merge(pdfs: list[bytes], title: str) -> bytes:
    """One PDF of several, in order, with stable metadata."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    writer.add_metadata({"/Title": title, "/Creator": "The Kursk report (Chromium)",
                         "/Producer": "pypdf"})
    writer._ID = None  # noqa: SLF001  (no random file id: a rebuild gives the same bytes)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def write_all(html_dir: Path) -> int:
    """Write ``pdf/<stem>.pdf`` for every page and ``pdf/kursk-report.pdf``; return how many
    were printed. A page whose HTML (and the book version in the footer) is unchanged since
    its PDF was printed keeps that PDF: the sha256 of what each was printed from is kept in
    ``.pdf-printed.json`` beside the HTML folder (not published)."""
    target = Path(html_dir) / "pdf"
    target.mkdir(parents=True, exist_ok=True)
    ledger_path = Path(html_dir).parent / ".pdf-printed.json"
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else {}
    # what a PDF is printed from: its page, the version in its footer and this module's code
    printer = Path(__file__).read_bytes()
    keys = {stem: hashlib.sha256((Path(html_dir) / path).read_bytes()
                                 + citation.version().encode() + printer).hexdigest()
            for path, stem in pages()}
    stale = [(path, stem) for path, stem in pages()
             if ledger.get(stem) != keys[stem] or not (target / f"{stem}.pdf").exists()]
    book_title = citation.cff()["title"]
    printed = print_pages(html_dir, stale,
                          finish=lambda stem, raw: _normalise(raw, f"{book_title}: {stem}")) \
        if stale else {}
    for stem, pdf in printed.items():
        (target / f"{stem}.pdf").write_bytes(pdf)
        ledger[stem] = keys[stem]
    if stale or not (target / "kursk-report.pdf").exists():
        (target / "kursk-report.pdf").write_bytes(
            merge([(target / f"{s}.pdf").read_bytes() for _, s in pages()], book_title))
    ledger_path.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n")
    return len(stale) + (1 if stale else 0)
