"""PDFs of each page and of the whole book, printed from the built HTML by headless Chromium,
so every vega chart and map is drawn as on screen. Page numbers in the footer; the citation and
version come from the page's own header block (see :mod:`analysis.publish.sphinx_ext`).

Chromium: ``KURSK_CHROMIUM`` or Debian's ``/usr/bin/chromium`` where present, else
Playwright's own browser. The network is cut while printing: only file:// loads are allowed.

Links. Chromium writes a link to another page of the book as the file:// address it printed
from (the builder's folders, dead for any reader). Every such link is rewritten
(:func:`link_target`): to the published page when the book has a base URL, else to the page's
path relative to the PDF (``../<page>.html#figure-…``). Each
page's PDF keeps a named destination for every element with an id (the printer is given a
hidden same-page link to each, as Chromium writes destinations only for those), so in the
whole book's PDF (:func:`merge`) a link to another page jumps inside the PDF, to the figure or
section it names.
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

#: Script giving the printer a hidden same-page link to every element of the page's content
#: with an id: Chromium writes a PDF named destination only for an element some link of the
#: same page points to, and the whole book's PDF needs one for every target of another page.
DESTINATIONS = """() => {
  const links = document.createElement('div');
  links.hidden = true;
  links.className = 'kursk-pdf-destinations';
  const seen = new Set();
  document.querySelectorAll('.bd-article [id], main [id]').forEach(el => {
    if (seen.has(el.id)) { return; }
    seen.add(el.id);
    const link = document.createElement('a');
    link.href = '#' + encodeURIComponent(el.id);
    links.appendChild(link);
  });
  document.body.appendChild(links);
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
                    await page.evaluate(DESTINATIONS)
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


def link_target(uri: str, html_dir: Path, base: str) -> str:
    """Where a link of a printed page should point: a file:// address inside the built book
    becomes ``base/<path>#fragment`` when the book has a base URL, else the path relative to
    the PDFs' folder (``../<path>#fragment``); any other link is kept. ValueError for a file
    outside the built book (a reader could never reach it)."""
    from urllib.parse import unquote, urlsplit

    if not uri.startswith("file:"):
        return uri
    parts = urlsplit(uri)
    path = Path(unquote(parts.path)).resolve()
    try:
        relative = path.relative_to(Path(html_dir).resolve()).as_posix()
    except ValueError:
        raise ValueError(f"a printed page links to {path}, outside the built book") from None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{base}/{relative}{fragment}" if base else f"../{relative}{fragment}"


def book_page_of(uri: str, base: str) -> tuple[str, str] | None:
    """(path in the built book, fragment) of a link written by :func:`link_target`, or None
    for a link elsewhere."""
    if base and uri.startswith(base + "/"):
        relative = uri[len(base) + 1:]
    elif uri.startswith("../"):
        relative = uri[3:]
    else:
        return None
    path, _, fragment = relative.partition("#")
    return path, fragment


def _destinations(reader) -> dict[str, tuple[int, float | None, float | None]]:
    """A PDF's named destinations: name -> (page index, left, top)."""
    found = {}
    for name, destination in reader.named_destinations.items():
        try:
            index = reader.get_destination_page_number(destination)
        except Exception:  # noqa: BLE001  (a destination to no page is no destination)
            continue
        left, top = destination.get("/Left"), destination.get("/Top")
        found[str(name).lstrip("/")] = (index, None if left is None else float(left),
                                        None if top is None else float(top))
    return found


def _explicit(page_reference, left: float | None, top: float | None):
    """An explicit destination: that page, at (left, top) where known."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    return ArrayObject([page_reference, NameObject("/XYZ"),
                        NullObject() if left is None else FloatObject(left),
                        NullObject() if top is None else FloatObject(top), NullObject()])


def _links(page):
    """The link annotations of a page (dictionaries, editable in place)."""
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") == "/Link":
            yield annotation


def _normalise(pdf: bytes, title: str, html_dir: Path | None = None,
               base: str = "") -> bytes:
    """Rewrite a PDF with fixed metadata (no creation time, fixed id) and its pages'
    resources named by first use, for byte-stable output; with ``html_dir`` (the built book
    it was printed from), its file:// links rewritten by :func:`link_target` and its named
    destinations kept (as explicit ones, sorted by name)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    done: set[int] = set()
    for page in reader.pages:
        added = writer.add_page(page)
        _rename_resources(added, done)
        if html_dir is not None:
            for link in _links(added):
                action = link.get("/A")
                if action is not None and str(action.get("/URI", "")).startswith("file:"):
                    action = action.get_object()
                    action[NameObject("/URI")] = TextStringObject(
                        link_target(str(action["/URI"]), html_dir, base))
        _merge_link_pieces(added)
        if added.get_contents() is not None:
            added.compress_content_streams()  # zlib at its default level: deterministic
    destinations = _destinations(reader)
    if destinations:
        table = DictionaryObject()
        for name in sorted(destinations):
            index, left, top = destinations[name]
            table[NameObject("/" + name)] = _explicit(writer.pages[index].indirect_reference,
                                                      left, top)
        writer._root_object[NameObject("/Dests")] = writer._add_object(table)  # noqa: SLF001
    writer.add_metadata({"/Title": title, "/Creator": "The Kursk report (Chromium)",
                         "/Producer": "pypdf"})
    writer._ID = None  # noqa: SLF001  (no random file id)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def merge(pdfs: list[bytes], title: str, paths: list[str] | None = None,
          base: str = "") -> bytes:
    """One PDF of several, in order, with stable metadata. ``paths`` names the book page each
    part was printed from: a link of any part to one of those pages (as :func:`link_target`
    wrote it) then jumps inside the merged PDF, to the named destination its fragment names
    (else to the page's first page), and each part's own named links still land in it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    writer = PdfWriter()
    starts: list[int] = []
    destinations = []
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf))
        starts.append(len(writer.pages))
        destinations.append(_destinations(reader))
        for page in reader.pages:
            writer.add_page(page)
    starts.append(len(writer.pages))
    part_of = {path: index for index, path in enumerate(paths or [])}

    def jump(part: int, name: str):
        index, left, top = destinations[part].get(name, (0, None, None))
        return _explicit(writer.pages[starts[part] + index].indirect_reference, left, top)

    for part in range(len(pdfs)):
        for number in range(starts[part], starts[part + 1]):
            for link in _links(writer.pages[number]):
                target = link.get("/Dest")
                if target is not None and not isinstance(target, ArrayObject):
                    link[NameObject("/Dest")] = jump(part, str(target).lstrip("/"))
                    continue
                action = link.get("/A")
                found = book_page_of(str(action.get("/URI", "")), base) if action else None
                if found is not None and found[0] in part_of:
                    del link["/A"]
                    link[NameObject("/Dest")] = jump(part_of[found[0]], found[1])
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
                                 + citation.version().encode() + printer
                                 + citation.base_url().encode()).hexdigest()
            for path, stem in pages()}
    stale = [(path, stem) for path, stem in pages()
             if ledger.get(stem) != keys[stem] or not (target / f"{stem}.pdf").exists()]
    book_title = citation.cff()["title"]
    base = citation.base_url()
    printed = print_pages(html_dir, stale,
                          finish=lambda stem, raw: _normalise(raw, f"{book_title}: {stem}",
                                                              html_dir, base)) \
        if stale else {}
    for stem, pdf in printed.items():
        (target / f"{stem}.pdf").write_bytes(pdf)
        ledger[stem] = keys[stem]
    if stale or not (target / "kursk-report.pdf").exists():
        (target / "kursk-report.pdf").write_bytes(
            merge([(target / f"{s}.pdf").read_bytes() for _, s in pages()], book_title,
                  [path for path, _ in pages()], base))
    ledger_path.write_text(json.dumps(ledger, indent=1, sort_keys=True) + "\n")
    return len(stale) + (1 if stale else 0)
