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


#: Pages printed at once (each in its own tab of one browser).
PARALLEL = 4


def print_pages(html_dir: Path, which: list[tuple[str, str]] | None = None) -> dict[str, bytes]:
    """PDF bytes of each page, by stem, after every chart on it has drawn. Up to
    :data:`PARALLEL` pages print at once; the output does not depend on the order."""
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
                    # then let fonts finish loading and two frames pass, so a chart that
                    # re-lays itself out after drawing is printed in its final state
                    await page.evaluate("() => document.fonts.ready.then(() => new Promise("
                                        "r => requestAnimationFrame(() => "
                                        "requestAnimationFrame(r))))")
                    pdf = await page.pdf(format="A4", print_background=True,
                                         display_header_footer=True,
                                         header_template="<span></span>",
                                         footer_template=footer,
                                         margin={"top": "14mm", "bottom": "16mm",
                                                 "left": "12mm", "right": "12mm"}, tagged=True)
                    await page.close()
                    return stem, pdf

            results = await asyncio.gather(*(one(path, stem) for path, stem in which))
            await browser.close()
            return dict(results)

    return asyncio.run(run())


def _normalise(pdf: bytes, title: str) -> bytes:
    """Rewrite a PDF with fixed metadata (no creation time, fixed id) for byte-stable output."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_page(page)
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
    keys = {stem: hashlib.sha256((Path(html_dir) / path).read_bytes()
                                 + citation.version().encode()).hexdigest()
            for path, stem in pages()}
    stale = [(path, stem) for path, stem in pages()
             if ledger.get(stem) != keys[stem] or not (target / f"{stem}.pdf").exists()]
    book_title = citation.cff()["title"]
    for stem, pdf in print_pages(html_dir, stale).items() if stale else ():
        (target / f"{stem}.pdf").write_bytes(_normalise(pdf, f"{book_title}: {stem}"))
        ledger[stem] = keys[stem]
    if stale or not (target / "kursk-report.pdf").exists():
        (target / "kursk-report.pdf").write_bytes(
            merge([(target / f"{s}.pdf").read_bytes() for _, s in pages()], book_title))
    ledger_path.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n")
    return len(stale) + (1 if stale else 0)
