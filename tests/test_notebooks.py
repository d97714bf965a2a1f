"""Rerunning a chapter outside the book (JupyterLab, VS Code, nbclient): every chapter executes
without error, and every figure's output carries the chart itself (a vega-lite spec) and a
static SVG fallback, so it is seen without the book's page script or a network."""
from __future__ import annotations

import os

import jupytext
import pytest
from nbclient import NotebookClient

from analysis import toc
from analysis.figures.render import BOOK_BUILD_ENV

pytestmark = pytest.mark.notebooks
CHAPTERS = toc.chapters()


@pytest.mark.parametrize("page", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_a_chapter_reruns_outside_the_book_with_its_charts(page, monkeypatch):
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    notebook = jupytext.read(page.source)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(page.source.parent)}}).execute()
    figures = [cell for cell in notebook.cells
               if cell.cell_type == "code" and "book.figure(" in cell.source]
    assert figures, "a chapter without figures"
    for cell in figures:
        kinds = {kind for output in cell.outputs for kind in output.get("data", {})}
        assert any(k.startswith("application/vnd.vegalite.") for k in kinds), (cell.source, kinds)
        assert "image/svg+xml" in kinds, (cell.source, kinds)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "error"]
    assert not errors
    assert BOOK_BUILD_ENV not in os.environ
