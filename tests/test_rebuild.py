"""A rebuild of the same commit gives the same bytes as the build before it. Every page is
written anew by Sphinx, every figure pack redrawn and the whole-book PDF merged again; the page
PDFs are reprinted only if their page's HTML changed, which a byte-identical page does not (so
this also proves the pages identical down to their static links). The slide decks are drawn
anew too."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys

import pytest

from analysis import config, toc

pytestmark = pytest.mark.build


def digests(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rebuild_gives_the_same_bytes(built_html):
    before = digests(built_html)
    for page in toc.pages():  # a missing page is rewritten, so every page is written anew
        (built_html / page.html).unlink()
    shutil.rmtree(built_html / "figures")
    shutil.rmtree(built_html / "slides")   # the decks are drawn anew, to the same bytes
    shutil.rmtree(built_html / "data")
    (built_html / "pdf" / "kursk-report.pdf").unlink()
    (built_html.parent / ".export-specs.json").unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-m", "analysis.publish.build"], cwd=config.REPO_ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "PDFs: 0 printed" in done.stdout  # no page changed, so none is reprinted
    after = digests(built_html)
    changed = sorted(name for name in set(before) | set(after)
                     if before.get(name) != after.get(name))
    assert not changed, changed


def test_page_pdfs_are_normalised_to_stable_names():
    # Chromium may number a page's resources and split its links differently from one print
    # to the next; the normaliser names resources by first use and joins link pieces
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject

    from analysis.publish import pdf

    writer = PdfWriter()
    page = writer.add_blank_page(width=100, height=100)
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/ExtGState"): DictionaryObject({
        NameObject("/G9"): DictionaryObject({NameObject("/ca"): FloatObject(1)}),
        NameObject("/G4"): DictionaryObject({NameObject("/ca"): FloatObject(0.5)})})})
    from pypdf.generic import DecodedStreamObject
    content = DecodedStreamObject()
    content.set_data(b"/G4 gs 0 0 1 1 re f /G9 gs 0 0 2 2 re f")
    page[NameObject("/Contents")] = writer._add_object(content)
    links = []
    for x0, x1 in ((10, 20), (20, 30)):
        links.append(writer._add_object(DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Dest"): NameObject("/target"),
            NameObject("/Rect"): ArrayObject([FloatObject(x0), FloatObject(5), FloatObject(x1),
                                              FloatObject(9)])})))
    page[NameObject("/Annots")] = ArrayObject(links)
    buffer = io.BytesIO()
    writer.write(buffer)
    out = PdfReader(io.BytesIO(pdf._normalise(buffer.getvalue(), "t"))).pages[0]
    assert out.get_contents().get_data().startswith(b"/KS0 gs")
    assert [str(k) for k in out["/Resources"]["/ExtGState"]] == ["/KS0", "/KS1"]
    assert out["/Resources"]["/ExtGState"]["/KS0"]["/ca"] == 0.5
    annotations = [a.get_object() for a in out["/Annots"]]
    assert len(annotations) == 1 and [float(v) for v in annotations[0]["/Rect"]] == [10, 5, 30, 9]
