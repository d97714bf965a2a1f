"""Briefing kit: figure packs, citations and PDFs in the built book."""
from __future__ import annotations

import csv
import struct
import unicodedata
import zipfile

import pytest

from analysis import figures, toc
from analysis.figures import REGISTRY
from analysis.publish import cite as citation
from analysis.publish import exports, pdf

pytestmark = pytest.mark.build


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("label", list(REGISTRY))
def test_every_figure_has_its_four_files(built_html, label):
    folder = built_html / "figures" / label
    for ext in ("png", "svg", "csv", "txt"):
        assert (folder / f"{label}.{ext}").stat().st_size > 0, ext
    width, _ = png_size((folder / f"{label}.png").read_bytes())
    assert width >= 1600
    text = (folder / f"{label}.txt").read_text(encoding="utf-8")
    figure = REGISTRY[label]
    assert f"Figure {figures.number(label)}. {figure.title}." in text
    assert figure.sources in text and "Cite as:" in text and citation.version() in text


@pytest.mark.parametrize("label", list(REGISTRY))
def test_csv_holds_the_charts_rows(built_html, label):
    _, data = REGISTRY[label].build()
    with open(built_html / "figures" / label / f"{label}.csv", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == len(data)
    assert rows[0] == [c for c in data.columns if c != "geometry"]


def test_chapter_zips_hold_every_figure(built_html):
    for page in toc.pages():
        labels = [f.label for f in figures.chapter_figures(page)]
        if not labels:
            continue
        with zipfile.ZipFile(built_html / "figures" / f"{page.stem}-figures.zip") as archive:
            names = set(archive.namelist())
        for label in labels:
            assert {f"{label}/{label}.{e}" for e in ("png", "svg", "csv", "txt")} <= names


def test_exports_are_byte_identical_when_rebuilt():
    label = "fig-peak-map"
    first = exports.figure_files(label, "notebooks/01_planning_and_surprise.html")
    second = exports.figure_files(label, "notebooks/01_planning_and_surprise.html")
    assert first == second
    assert exports._zip(first) == exports._zip(second)


def test_chapter_page_shows_citation_and_version(built_html):
    page = (built_html / "notebooks" / "01_planning_and_surprise.html").read_text(encoding="utf-8")
    assert "Cite this chapter" in page and "@incollection{kursk-01_planning_and_surprise" in page
    assert f"Version <strong>{citation.version()}</strong>" in page
    assert "../pdf/01_planning_and_surprise.pdf" in page
    assert "../figures/01_planning_and_surprise-figures.zip" in page


@pytest.mark.parametrize("page,stem", [(p.html, p.stem) for p in toc.chapters()],
                         ids=lambda value: str(value).split("/")[-1])
def test_chapter_pdf_holds_title_captions_and_citation(built_html, page, stem):
    from pypdf import PdfReader

    reader = PdfReader(built_html / "pdf" / f"{stem}.pdf")
    text = unicodedata.normalize("NFKC", " ".join(page.extract_text() for page in reader.pages))
    flat = " ".join(text.split())  # NFKC undoes the ligatures (ﬁ, ﬀ) the PDF fonts use
    html = (built_html / page).read_text(encoding="utf-8")
    title = html.split("<title>", 1)[1].split("</title>", 1)[0].split(" — ")[0].split(" &#8212;")[0]
    assert " ".join(title.split()) in flat
    for figure in figures.chapter_figures(toc.page(stem)):
        caption = unicodedata.normalize("NFKC", f"Figure {figures.number(figure.label)}. "
                                                f"{figure.title}.")
        assert caption in flat
    assert "Cite as:" in flat and citation.version() in flat
    assert "page 1 of" in flat


def test_book_pdf_has_every_chapter(built_html):
    from pypdf import PdfReader

    book = PdfReader(built_html / "pdf" / "kursk-report.pdf")
    parts = sum(len(PdfReader(built_html / "pdf" / f"{stem}.pdf").pages) for _, stem in pdf.pages())
    assert len(book.pages) == parts


def test_figure_links_carry_current_numbers(built_html):
    import re

    link = re.compile(r'<a class="kursk-figure-ref[^"]*" href="([^"]*)#figure-([^"]+)">'
                      r'Figure ([^<]+)</a>')
    seen = 0
    for page in list((built_html / "notebooks").glob("*.html")) + [built_html / "book" /
                                                                     "intro.html"]:
        for target, label, shown in link.findall(page.read_text(encoding="utf-8")):
            assert shown == figures.number(label), (page.name, label, shown)
            anchor_page = (page.parent / target) if target else page
            assert f'id="figure-{label}"' in anchor_page.read_text(encoding="utf-8")
            seen += 1
    assert seen >= 15


def test_every_dataset_is_downloadable_alone_and_in_one_zip(built_html):
    import re

    from analysis.data import manifest

    resources = [e["path"] for e in manifest.load_manifest()["resources"]]
    with zipfile.ZipFile(built_html / "data" / "kursk-data.zip") as archive:
        assert set(archive.namelist()) == {"datapackage.json", *resources}
        assert archive.read("events.csv") == (manifest.config.DATA_DIR / "events.csv").read_bytes()
    page = built_html / "book" / "data_appendix.html"
    links = re.findall(r'href="(\.\./data/[^"]+)"', page.read_text(encoding="utf-8"))
    assert len(links) == len(resources) + 2  # each file, the manifest and the zip
    for link in links:
        assert (page.parent / link).resolve().is_file(), link


def _links(reader):
    """(page index, link annotation) of every link of a PDF."""
    for index, page in enumerate(reader.pages):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/Link":
                yield index, annotation


def _all_pdfs(built_html):
    return [stem for _, stem in pdf.pages()] + ["kursk-report"]


def test_no_pdf_link_names_a_file_of_the_build_machine(built_html):
    # the issue measured 270 links to file:///…/book/_build/html/… across the 12 PDFs
    from pypdf import PdfReader

    for stem in _all_pdfs(built_html):
        raw = (built_html / "pdf" / f"{stem}.pdf").read_bytes()
        assert b"file:" not in raw and str(built_html).encode() not in raw, stem
        for _, link in _links(PdfReader(built_html / "pdf" / f"{stem}.pdf")):
            uri = str(link.get("/A", {}).get("/URI", ""))
            assert not uri.startswith("file:") and not uri.startswith("/"), (stem, uri)


def _check_relative(built_html, uri):
    """A relative link of a PDF in pdf/: the file it names exists, and so does its anchor."""
    path, _, fragment = uri.partition("#")
    target = (built_html / "pdf" / path).resolve()
    assert target.is_file() and built_html.resolve() in target.parents, uri
    if fragment:
        assert f'id="{fragment}"' in target.read_text(encoding="utf-8"), uri


def test_every_link_of_every_page_pdf_leads_somewhere(built_html):
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    base = citation.base_url()
    kinds: dict[str, int] = {}
    for _, stem in pdf.pages():
        reader = PdfReader(built_html / "pdf" / f"{stem}.pdf")
        names = set(pdf._destinations(reader))
        for _, link in _links(reader):
            if "/Dest" in link:           # a jump inside the page's own PDF, to a named place
                target = link["/Dest"]
                assert not isinstance(target, ArrayObject) and str(target).lstrip("/") in names
                kinds["inside"] = kinds.get("inside", 0) + 1
                continue
            uri = str(link["/A"]["/URI"])
            if base and uri.startswith(base + "/"):   # the published page
                _check_relative(built_html, "../" + uri[len(base) + 1:])
                kinds["book"] = kinds.get("book", 0) + 1
            elif uri.startswith(("https://", "http://", "mailto:")):
                kinds["web"] = kinds.get("web", 0) + 1
            else:                         # the page by its path, from the PDFs' folder
                _check_relative(built_html, uri)
                kinds["book"] = kinds.get("book", 0) + 1
    # cross-references to other pages of the book exist (the places appendix alone has dozens)
    assert kinds.get("book", 0) >= 50 and kinds.get("inside", 0) >= 100, kinds


def test_the_whole_book_pdf_jumps_inside_itself(built_html):
    # every link of a page's PDF to another page of the book becomes, in the whole book's PDF,
    # a jump to the PDF page where that page's named place (or its first page) is
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    book = PdfReader(built_html / "pdf" / "kursk-report.pdf")
    book_links = list(_links(book))
    parts = [(path, PdfReader(built_html / "pdf" / f"{stem}.pdf")) for path, stem in pdf.pages()]
    starts, offset = {}, 0
    for path, reader in parts:
        starts[path] = offset
        offset += len(reader.pages)
    page_number = {page.indirect_reference.idnum: i for i, page in enumerate(book.pages)}
    by_place = {(i, tuple(round(float(x), 2) for x in link["/Rect"])): link
                for i, link in book_links}
    jumps = 0
    for path, reader in parts:
        places = pdf._destinations(reader)
        for index, link in _links(reader):
            rect = tuple(round(float(x), 2) for x in link["/Rect"])
            merged = by_place[(starts[path] + index, rect)]
            uri = str(link.get("/A", {}).get("/URI", ""))
            found = pdf.book_page_of(uri, citation.base_url())
            if "/Dest" in link:
                name = str(link["/Dest"]).lstrip("/")
                expected = starts[path] + places[name][0]
            elif found is not None and found[0] in starts:
                target = dict(parts)[found[0]]
                place = pdf._destinations(target)
                assert not found[1] or found[1] in place, uri   # every anchor is a place
                expected = starts[found[0]] + (place[found[1]][0] if found[1] else 0)
                jumps += 1
            else:
                assert str(merged["/A"]["/URI"]) == uri   # elsewhere: kept as it was
                continue
            destination = merged["/Dest"]
            assert isinstance(destination, ArrayObject)
            assert page_number[destination[0].idnum] == expected, (path, uri)
    assert jumps >= 100   # the measured build had 135 cross-references in the whole-book PDF
    assert not any(pdf.book_page_of(str(link.get("/A", {}).get("/URI", "")),
                                    citation.base_url()) and
                   pdf.book_page_of(str(link["/A"]["/URI"]), citation.base_url())[0] in starts
                   for _, link in book_links)
