"""The book's pages, read from its table of contents (``book/_toc.yml``), the one place a page
is listed. Figure numbers, exports, PDFs and citations all derive from here.

Numbering: the root page is the overview ("O"); the pages of the first part are the chapters,
numbered 1, 2, ... in toc order; pages of later parts are appendices, lettered A, B, ...
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from . import config

TOC_PATH = config.BOOK_DIR / "_toc.yml"


@dataclass(frozen=True)
class Page:
    """One page of the book. ``docname`` is its Sphinx name relative to the repository root
    (a notebook's path without its suffix); ``number`` is "O" for the overview, "1".. for
    chapters and "A".. for appendices; ``kind`` is overview, chapter or appendix."""
    docname: str
    number: str
    kind: str

    @property
    def stem(self) -> str:
        """File name without folder or suffix: the key of its PDF and figure zip."""
        return self.docname.rsplit("/", 1)[-1]

    @property
    def key(self) -> str:
        """The page's key: its stem without the leading number ("north_korean_role" for
        a stem of "03" and that name). Data rows name a chapter by this key, so renumbering the
        chapters in the toc changes no data."""
        return re.sub(r"^[0-9]+_", "", self.stem)

    @property
    def source(self) -> Path:
        """The page's MyST source file."""
        return config.REPO_ROOT / f"{self.docname}.md"

    @property
    def title(self) -> str:
        """The page's title: the first heading of its source, without a chapter number
        ("4. The Russian counteroffensive" -> "The Russian counteroffensive")."""
        import re

        for line in self.source.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return re.sub(r"^\d+\.\s*", "", line[2:].strip())
        return self.stem

    @property
    def html(self) -> str:
        """Its path in the built book, relative to the HTML root."""
        return f"{self.docname}.html"


@lru_cache(maxsize=4)
def _pages(path: str, mtime: float) -> tuple[Page, ...]:
    toc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    found = [Page(toc["root"], "O", "overview")]
    for index, part in enumerate(toc.get("parts", [])):
        for position, entry in enumerate(part.get("chapters", [])):
            if index == 0:
                found.append(Page(entry["file"], str(position + 1), "chapter"))
            else:
                appendices = sum(1 for p in found if p.kind == "appendix")
                found.append(Page(entry["file"], string.ascii_uppercase[appendices],
                                  "appendix"))
    return tuple(found)


def pages(path: Path = TOC_PATH) -> list[Page]:
    """Every page in book order (overview, chapters, appendices)."""
    return list(_pages(str(path), path.stat().st_mtime))


def page(name: str) -> Page:
    """The page whose docname or stem is ``name``; KeyError naming the toc if none."""
    for candidate in pages():
        if name in (candidate.docname, candidate.stem):
            return candidate
    raise KeyError(f"no page {name!r} in {TOC_PATH}")


def chapter(key: str) -> Page:
    """The chapter whose key (see :attr:`Page.key`) is ``key``; KeyError naming the toc and
    the keys it has if none."""
    for candidate in chapters():
        if candidate.key == key:
            return candidate
    raise KeyError(f"no chapter {key!r} in {TOC_PATH}: it has "
                   + ", ".join(p.key for p in chapters()))


def chapters() -> list[Page]:
    """The numbered chapters, in order."""
    return [p for p in pages() if p.kind == "chapter"]
