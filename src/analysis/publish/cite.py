"""How to cite the book, a chapter and a figure: built from ``CITATION.cff``, the chapter's
own title and the build's version (never typed per chapter).

Version: ``KURSK_VERSION`` if set, else the package's version (``pyproject.toml``, the one
place it is set; ``CITATION.cff`` must agree, a test checks) with the commit it was built
from: "0.2.0 (01b1606)". Uncommitted edits do not change it, so editing one chapter rewrites
that chapter only, not every page that shows the version. Base URL of the published book:
``KURSK_BASE_URL`` if set, else the ``url`` in ``CITATION.cff``; without either, citations
give the page's path inside the built book.

Persistent identifier: each tagged release is archived by Zenodo, which mints a DOI from
``.zenodo.json`` (generated from ``CITATION.cff`` by :func:`zenodo_metadata`; a test checks
they agree). Once the report has a DOI, put the concept DOI (the one that resolves to the
latest version) in ``CITATION.cff`` as ``doi``: every citation then gives it.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from functools import lru_cache

import yaml

from .. import config


@lru_cache(maxsize=1)
def cff() -> dict:
    """The parsed CITATION.cff."""
    return yaml.safe_load((config.REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def package_version() -> str:
    """The semantic version in pyproject.toml (read from the file, so an edit counts at once)."""
    import tomllib

    with open(config.REPO_ROOT / "pyproject.toml", "rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def commit() -> str:
    """The short hash of the commit checked out, or "" outside a git checkout."""
    try:
        shown = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=config.REPO_ROOT,
                               capture_output=True, text=True, timeout=10)
        return shown.stdout.strip() if shown.returncode == 0 else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


@lru_cache(maxsize=1)
def version() -> str:
    """The book's version string (see module docstring); read once per process."""
    if os.environ.get("KURSK_VERSION"):
        return os.environ["KURSK_VERSION"]
    built_from = commit()
    return f"{package_version()} ({built_from})" if built_from else package_version()


@lru_cache(maxsize=1)
def release_date() -> str:
    """The date the build stands for: ``SOURCE_DATE_EPOCH`` if set (reproducible builds),
    else the commit date of HEAD, else CITATION.cff's date-released. YYYY-MM-DD."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%d")
    try:
        shown = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=config.REPO_ROOT,
                               capture_output=True, text=True, timeout=10)
        if shown.returncode == 0 and shown.stdout.strip():
            return shown.stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return str(cff().get("date-released", ""))


def base_url() -> str:
    """The published site's address: ``KURSK_BASE_URL`` if set (the publishing workflow sets
    it), else ``html.baseurl`` in book/_config.yml, the one place it is configured; "" when
    the book is not published."""
    configured = os.environ.get("KURSK_BASE_URL")
    if configured is None:
        book = yaml.safe_load((config.BOOK_DIR / "_config.yml").read_text(encoding="utf-8"))
        configured = (book.get("html") or {}).get("baseurl") or ""
    return configured.rstrip("/")


def page_url(page: str) -> str:
    """The absolute address of ``page`` (its path in the built book, as
    :attr:`analysis.toc.Page.html`, optionally with a #fragment), or "" when no base URL is
    configured."""
    base = base_url()
    return f"{base}/{page}" if base else ""


@dataclass(frozen=True)
class Citation:
    """A recommended citation. ``chapter_number`` is None for the whole book."""
    authors: str
    book_title: str
    version: str
    date: str
    url: str
    chapter_number: int | None = None
    chapter_title: str | None = None
    path: str = ""
    doi: str = ""

    @property
    def where(self) -> str:
        """The absolute URL, or, when the book is not published, the page's path said plainly
        (never a relative link dressed as a URL)."""
        return self.url or f"Page {self.path} of the report as built (no published address)"

    def text(self) -> str:
        """Plain-text citation."""
        chapter = (f'Chapter {self.chapter_number}, "{self.chapter_title}". In '
                   if self.chapter_number is not None else "")
        doi = f" https://doi.org/{self.doi}." if self.doi else ""
        return (f"{self.authors} ({self.date[:4]}). {chapter}{self.book_title}. "
                f"Version {self.version}, {self.date}.{doi} {self.where}.")

    def bibtex(self, key: str) -> str:
        """BibTeX entry (``@incollection`` for a chapter, ``@book`` for the book)."""
        fields = [("author", "{" + self.authors + "}"), ("year", self.date[:4]),
                  ("edition", f"Version {self.version}")]
        fields += ([("url", self.url), ("urldate", self.date)] if self.url
                   else [("note", self.where)])
        fields += [("doi", self.doi)] if self.doi else []
        if self.chapter_number is not None:
            kind = "incollection"
            fields = [("title", "{" + f"{self.chapter_title}" + "}"),
                      ("booktitle", "{" + self.book_title + "}"),
                      ("chapter", str(self.chapter_number))] + fields
        else:
            kind = "book"
            fields = [("title", "{" + self.book_title + "}")] + fields
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        return f"@{kind}{{{key},\n{body}\n}}"


def _authors() -> str:
    names = []
    for author in cff().get("authors", []):
        names.append(author.get("name") or
                     " ".join(p for p in (author.get("given-names"), author.get("family-names"))
                              if p))
    return " and ".join(names)


def for_page(page: str, chapter_number: int | None = None,
             chapter_title: str | None = None) -> Citation:
    """The citation of a page of the built book (a chapter if ``chapter_number`` is given)."""
    return Citation(_authors(), cff()["title"], version(), release_date(), page_url(page),
                    chapter_number, chapter_title, page, str(cff().get("doi", "")))


def for_figure(label: str) -> str:
    """The plain-text citation of figure ``label``: its page's (the chapter's, for a chapter)
    with the figure's number and its address on the page."""
    from .. import toc
    from ..figures import number, page_of

    home: toc.Page = page_of(label)
    chapter = int(home.number) if home.kind == "chapter" else None
    cite = for_page(f"{home.html}#figure-{label}", chapter, home.title if chapter else None)
    return cite.text().replace(". Version", f", figure {number(label)}. Version", 1)


#: Zenodo's identifiers of the licences CITATION.cff may name (SPDX), lower case.
ZENODO_LICENCES = {"CC-BY-4.0": "cc-by-4.0", "MIT": "mit", "CC0-1.0": "cc0-1.0"}


def zenodo_metadata() -> dict:
    """What Zenodo reads from ``.zenodo.json`` when it archives a GitHub release and mints its
    DOI, all from CITATION.cff: title, creators (a person as "Family, Given", with ORCID and
    affiliation where given), description, licence, keywords; a report, open access. The
    version and date are not repeated: Zenodo takes them from the release."""
    data = cff()
    creators = []
    for author in data.get("authors", []):
        person = ", ".join(p for p in (author.get("family-names"), author.get("given-names"))
                           if p)
        creator = {"name": author.get("name") or person}
        if author.get("affiliation"):
            creator["affiliation"] = author["affiliation"]
        if author.get("orcid"):
            creator["orcid"] = str(author["orcid"]).rsplit("/", 1)[-1]
        creators.append(creator)
    metadata = {"title": data["title"], "upload_type": "publication",
                "publication_type": "report", "access_right": "open",
                "creators": creators, "description": " ".join(data["abstract"].split()),
                "license": ZENODO_LICENCES[data["license"]],
                "keywords": list(data.get("keywords", []))}
    if data.get("url"):
        metadata["related_identifiers"] = [{"identifier": data["url"], "relation":
                                            "isIdenticalTo", "scheme": "url"}]
    return metadata


def zenodo_json() -> str:
    """``.zenodo.json`` as it is committed (sorted keys, two-space indent)."""
    import json

    return json.dumps(zenodo_metadata(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
