"""Shared fixtures: a scratch copy of data/ for bad-input tests, the built book, a browser."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis import config
from analysis.data import manifest

HTML_DIR = config.BOOK_DIR / "_build" / "html"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ (the real folder is never touched)."""
    target = tmp_path / "data"
    shutil.copytree(config.DATA_DIR, target)
    return target


def rehash(base: Path) -> None:
    """Refresh the checksums in a scratch copy's manifest after editing its files, so a test
    reaches the check it is about rather than the checksum check."""
    path = base / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    for entry in package["resources"]:
        file = base / entry["path"]
        if file.exists():
            entry["hash"] = "sha256:" + manifest.sha256_of(file)
    path.write_text(json.dumps(package, indent=2), encoding="utf-8")


@pytest.fixture(scope="session")
def built_html() -> Path:
    """The built book; `make test` builds it first (`make book`)."""
    index = HTML_DIR / "index.html"
    if not index.exists():
        pytest.fail(f"{index} is missing: run `make book` (make test does it first)")
    return HTML_DIR


def pytest_collection_modifyitems(items):
    """A test that uses the built book is in the build tier (`make test`), not the fast one
    (`make check`)."""
    for item in items:
        if "built_html" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.build)
