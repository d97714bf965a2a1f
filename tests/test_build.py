"""The build's bookkeeping, without building: the inputs fingerprint and what a change drops,
the measured-series cache, and the reuse of figure packs and PDFs."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.evidence import series
from analysis.publish import build, exports, pdf


@pytest.fixture
def tree(tmp_path):
    """A minimal repository: package sources, data and requirements."""
    root = tmp_path / "repo"
    (root / "src" / "analysis").mkdir(parents=True)
    (root / "src" / "analysis" / "a.py").write_text("x = 1\n")
    (root / "data").mkdir()
    (root / "data" / "t.csv").write_text("a\n1\n")
    (root / "requirements.txt").write_text("pandas==2.2\n")
    return root


def test_fingerprint_changes_with_each_kind_of_input(tree):
    before = build.inputs_fingerprint(tree, tree / "data")
    assert before == build.inputs_fingerprint(tree, tree / "data")
    for path, text in ((tree / "src" / "analysis" / "a.py", "x = 2\n"),
                       (tree / "data" / "t.csv", "a\n2\n"),
                       (tree / "requirements.txt", "pandas==2.3\n")):
        original = path.read_text()
        path.write_text(text)
        assert build.inputs_fingerprint(tree, tree / "data") != before, path.name
        path.write_text(original)
    assert build.inputs_fingerprint(tree, tree / "data") == before
    # a renamed data file changes it too: names are part of what is hashed
    (tree / "data" / "t.csv").rename(tree / "data" / "u.csv")
    assert build.inputs_fingerprint(tree, tree / "data") != before


def test_a_changed_fingerprint_drops_the_cache_and_parsed_pages(tmp_path):
    stale = [tmp_path / ".jupyter_cache", tmp_path / ".doctrees", tmp_path / "jupyter_execute"]
    keep = tmp_path / "html"
    for folder in stale + [keep]:
        folder.mkdir()
    assert build.refresh_if_inputs_changed("aaa", tmp_path) is False  # first build
    (tmp_path / build.FINGERPRINT.name).write_text("aaa\n")
    for folder in stale:
        folder.mkdir(exist_ok=True)
    assert build.refresh_if_inputs_changed("aaa", tmp_path) is False  # unchanged: kept
    assert all(folder.exists() for folder in stale)
    assert build.refresh_if_inputs_changed("bbb", tmp_path) is True   # changed: dropped
    assert not any(folder.exists() for folder in stale) and keep.exists()


def test_the_measured_series_is_computed_once_per_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    series._measured.cache_clear()
    calls = []
    real = series.compute_series

    def counted():
        calls.append(1)
        return real()

    monkeypatch.setattr(series, "compute_series", counted)
    first = series.measured_series()
    series._measured.cache_clear()      # a new kernel: only the disk cache is left
    second = series.measured_series()
    assert len(calls) == 1 and series.cache_path().exists()
    pd.testing.assert_frame_equal(first, second)
    # a different key (another package version or input) is another file, computed anew
    monkeypatch.setattr(series, "cache_key", lambda: "other")
    series._measured.cache_clear()
    series.measured_series()
    assert len(calls) == 2 and (tmp_path / "series" / "other.pkl").exists()
    series._measured.cache_clear()


def test_a_corrupt_series_cache_is_recomputed(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CACHE_ENV, str(tmp_path))
    series._measured.cache_clear()
    path = series.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    frame = series.measured_series()
    assert list(frame.columns) == series.COLUMNS and len(frame) > 300
    assert pd.read_pickle(path).shape == frame.shape
    series._measured.cache_clear()


def test_figure_packs_are_reused_when_inputs_are_unchanged(tmp_path, monkeypatch):
    from analysis.figures import REGISTRY

    label = "fig-loss-rate"  # a small chart: one figure stands for all
    monkeypatch.setattr(exports, "REGISTRY", {label: REGISTRY[label]})
    html = tmp_path / "html"
    html.mkdir()
    drawn = []
    real = exports.vlc.vegalite_to_svg
    monkeypatch.setattr(exports.vlc, "vegalite_to_svg",
                        lambda *a, **k: drawn.append(1) or real(*a, **k))
    first = exports.write_all(html, inputs="one")
    png = (html / "figures" / label / f"{label}.png").read_bytes()
    assert first["written"] == first["files"] == 5 and len(drawn) == 1
    again = exports.write_all(html, inputs="one")            # same inputs: nothing redrawn
    assert again["written"] == 0 and len(drawn) == 1
    changed = exports.write_all(html, inputs="two")          # new inputs, same spec: reused
    assert changed["written"] == 0 and len(drawn) == 1
    assert (html / "figures" / label / f"{label}.png").read_bytes() == png


def test_pdfs_are_reprinted_only_for_changed_pages(tmp_path, monkeypatch):
    html = tmp_path / "html"
    (html / "a").mkdir(parents=True)
    for name in ("one", "two"):
        (html / "a" / f"{name}.html").write_text(f"<p>{name}</p>")
    printed: list[str] = []

    def fake_print(html_dir, which=None, finish=None):
        printed.extend(stem for _, stem in which)
        return {stem: finish(stem, _tiny_pdf()) for _, stem in which}

    monkeypatch.setattr(pdf, "pages", lambda: [("a/one.html", "one"), ("a/two.html", "two")])
    monkeypatch.setattr(pdf, "print_pages", fake_print)
    monkeypatch.setattr(pdf.citation, "version", lambda: "v1")
    assert pdf.write_all(html) == 3 and printed == ["one", "two"]
    assert pdf.write_all(html) == 0 and printed == ["one", "two"]
    (html / "a" / "two.html").write_text("<p>changed</p>")
    assert pdf.write_all(html) == 2 and printed[-1] == "two" and len(printed) == 3
    # the merged book is byte-identical when rebuilt from the same pages
    shutil.copy(html / "pdf" / "kursk-report.pdf", tmp_path / "first.pdf")
    (html / "pdf" / "kursk-report.pdf").unlink()
    pdf.write_all(html)
    assert (html / "pdf" / "kursk-report.pdf").read_bytes() == \
        (tmp_path / "first.pdf").read_bytes()


def _tiny_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_printed_link_is_rewritten_to_the_published_page_or_its_path(tmp_path):
    html = tmp_path / "html"
    (html / "notebooks").mkdir(parents=True)
    uri = (html / "notebooks" / "04_x.html").as_uri() + "#figure-fig-a"
    # with a base URL: the published page; without: its path from the PDFs' folder (pdf/)
    assert pdf.link_target(uri, html, "https://example.org/kursk") == \
        "https://example.org/kursk/notebooks/04_x.html#figure-fig-a"
    assert pdf.link_target(uri, html, "") == "../notebooks/04_x.html#figure-fig-a"
    assert pdf.link_target("https://example.org/a", html, "") == "https://example.org/a"
    # and read back as (page, fragment) to find it in the whole book's PDF
    assert pdf.book_page_of("../notebooks/04_x.html#figure-fig-a", "") == \
        ("notebooks/04_x.html", "figure-fig-a")
    assert pdf.book_page_of("https://example.org/kursk/book/intro.html",
                            "https://example.org/kursk") == ("book/intro.html", "")
    assert pdf.book_page_of("https://other.org/x.html", "https://example.org/kursk") is None
    with pytest.raises(ValueError, match="outside the built book"):
        pdf.link_target((tmp_path / "elsewhere.html").as_uri(), html, "")
