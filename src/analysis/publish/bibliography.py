"""The bibliography, generated from ``data/sources.csv`` (never kept by hand).

``write_bibtex(path)`` writes one BibTeX ``@misc`` entry per source, keyed by ``source_id``,
deterministically (sorted, no timestamps); the book's Sphinx extension calls it at every build.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..data.tables import load_sources

MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


#: LaTeX's special characters and what each becomes in BibTeX text.
SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
           "$": r"\$", "#": r"\#", "_": r"\_"}


def _escape(text: str) -> str:
    """BibTeX-safe text: LaTeX's special characters escaped in one pass (so the braces of
    ``\\textbackslash{}`` are not escaped again)."""
    return re.sub(r"[\\{}&%$#_]", lambda m: SPECIAL[m.group(0)], str(text))


def bibtex_authors(text: str) -> str:
    """The ``author`` field for a sources row's author text: names separated by commas or
    "and" become BibTeX's " and "-separated list, each name braced so it prints as written
    ("Olha Kyrylenko, Anastasia Protz" must not be read as "Last, First")."""
    names = [n.strip() for n in re.split(r",|\band\b", text) if n.strip()]
    return " and ".join("{" + _escape(name) + "}" for name in names)


def bibtex_entry(row) -> str:
    """One ``@misc`` entry for a sources row (a namedtuple or Series)."""
    fields = [("title", "{" + _escape(row.title) + "}"),
              ("howpublished", _escape(row.publisher))]
    if isinstance(row.author, str) and row.author:
        fields.insert(0, ("author", bibtex_authors(row.author)))
    else:
        fields.insert(0, ("author", "{" + _escape(row.publisher) + "}"))
    if not pd.isna(row.published):
        fields += [("year", str(row.published.year)), ("month", MONTHS[row.published.month - 1])]
    if isinstance(row.url, str) and row.url:
        fields.append(("url", row.url))
    published = "" if pd.isna(row.published) else f"Published {row.published:%Y-%m-%d}. "
    fields.append(("note", f"{published}Read {row.retrieved:%Y-%m-%d}" + (
        f". {_escape(row.notes)}" if isinstance(row.notes, str) and row.notes else "")))
    body = ",\n".join(f"  {name} = {{{value}}}" if name != "month" else f"  {name} = {value}"
                      for name, value in fields)
    return f"@misc{{{row.source_id},\n{body}\n}}\n"


def bibtex(sources: pd.DataFrame | None = None) -> str:
    """The whole bibliography as BibTeX text, entries sorted by source id."""
    sources = load_sources() if sources is None else sources
    return "\n".join(bibtex_entry(r) for r in sources.sort_values("source_id")
                     .itertuples(index=False))


def write_bibtex(path: Path) -> bool:
    """Write the bibliography to ``path`` if its content changed; True if written."""
    text = bibtex()
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
