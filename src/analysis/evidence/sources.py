"""How the book names a source ("Publisher, YYYY-MM-DD"), one source or several."""
from __future__ import annotations

import pandas as pd

from ..data.tables import load_sources


def cited_as(source_id: str, publisher: str, published) -> str:
    """How tables, tooltips and claims boxes name a source: 'Publisher, YYYY-MM-DD' (or
    'Publisher, undated')."""
    return f"{publisher}, {'undated' if pd.isna(published) else f'{published:%Y-%m-%d}'}"


def describe_sources(ids: str, sources: pd.DataFrame | None = None) -> str:
    """``;``-separated source ids as "Publisher, YYYY-MM-DD; …" (see :func:`cited_as`).
    ``sources`` is ``load_sources()`` indexed by ``source_id``."""
    sources = load_sources().set_index("source_id") if sources is None else sources
    return "; ".join(cited_as(sid.strip(), sources.at[sid.strip(), "publisher"],
                              sources.at[sid.strip(), "published"]) for sid in ids.split(";"))


def distinct_sources(descriptions) -> str:
    """Several "Publisher, date; …" texts merged, each source once, in order of first
    mention."""
    parts = [p.strip() for text in descriptions for p in text.split(";")]
    return "; ".join(dict.fromkeys(parts))


def cited_source_ids() -> set[str]:
    """Every source id that a row of events, claims, settlements, phases or route points
    cites (the sources the book's evidence rests on)."""
    from ..data import tables

    ids: set[str] = set()
    for frame, columns in ((tables.load_events(), ["source_ids"]),
                           (tables.load_claims(), ["source_id"]),
                           (tables.load_settlements(), ["coordinate_source_id",
                                                        "taken_source_ids",
                                                        "retaken_source_ids"]),
                           (tables.load_phases(), ["source_ids"]),
                           (tables.load_route_points(), ["source_ids"])):
        for column in columns:
            for cell in frame[column].dropna():
                ids.update(part.strip() for part in str(cell).split(";") if part.strip())
    return ids


def latest_publication() -> pd.Timestamp:
    """The latest publication date among the sources the data rows cite ("sources run to")."""
    sources = load_sources()
    cited = sources[sources["source_id"].isin(cited_source_ids())]
    return cited["published"].max()
