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


#: Columns of the data tables that cite sources (ids, ";"-separated where several).
CITING_COLUMNS = ("source_ids", "source_id", "coordinate_source_id", "names_source_ids",
                  "ukraine_claim_source_ids", "russia_claim_source_ids",
                  "stated_source_ids", "evidence_source_ids")


def ids_per_row(frame: pd.DataFrame) -> list[set[str]]:
    """For each row of a data table, the source ids it cites in any citing column."""
    columns = [c for c in CITING_COLUMNS if c in frame]
    return [{part.strip() for c in columns if isinstance(row[c], str)
             for part in row[c].split(";") if part.strip()}
            for _, row in frame.iterrows()]


def citing_tables() -> dict[str, pd.DataFrame]:
    """Every data table whose rows cite sources, by resource name."""
    from ..data import tables

    return {"events": tables.load_events(), "claims": tables.load_claims(),
            "settlements": tables.load_settlements(), "phases": tables.load_phases(),
            "route_points": tables.load_route_points(), "aims": tables.load_table("aims")}


def citing_rows() -> dict[str, int]:
    """How many rows of the data cite each source id (a row citing it twice counts once)."""
    counts: dict[str, int] = {}
    for frame in citing_tables().values():
        for ids in ids_per_row(frame):
            for sid in ids:
                counts[sid] = counts.get(sid, 0) + 1
    return counts


def cited_source_ids() -> set[str]:
    """Every source id that a row of the data cites (the sources the evidence rests on)."""
    return set(citing_rows())


def latest_publication() -> pd.Timestamp:
    """The latest publication date among the sources the data rows cite ("sources run to")."""
    sources = load_sources()
    cited = sources[sources["source_id"].isin(cited_source_ids())]
    return cited["published"].max()
