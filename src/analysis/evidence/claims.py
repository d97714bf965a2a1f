"""Claims joined to their sources, selected by their columns (metric, claimant side, date)."""
from __future__ import annotations

import pandas as pd

from .. import dates
from ..data.tables import load_claims, load_sources
from . import series as measured


def claims_with_sources(metrics, start: str | None = None, end: str | None = None,
                        claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims for the given metric(s), joined to their source's publisher, title, URL and date
    (``source_publisher``, ``source_title``, ``source_url``, ``source_published``) for tooltips
    and tables, sorted by date."""
    claims = load_claims() if claims is None else claims
    metrics = [metrics] if isinstance(metrics, str) else list(metrics)
    chosen = claims[claims["metric"].isin(metrics)]
    if start:
        chosen = chosen[chosen["date"] >= pd.Timestamp(start)]
    if end:
        chosen = chosen[chosen["date"] <= pd.Timestamp(end)]
    sources = load_sources()[["source_id", "publisher", "title", "url", "published"]].rename(
        columns={"publisher": "source_publisher", "title": "source_title",
                 "url": "source_url", "published": "source_published"})
    out = chosen.merge(sources, on="source_id", how="left").sort_values(["date", "claim_id"]) \
        .reset_index(drop=True)
    return out.assign(when=[dates.cell(d, p) for d, p in zip(out["date"], out["date_precision"])])


def largest(metric: str, side: str, claims: pd.DataFrame | None = None) -> pd.Series:
    """The claim with the largest ``value`` among every claim of ``metric`` by claimant side
    ``side`` (the earliest such claim on a tie), with its sources; LookupError if none."""
    chosen = claims_with_sources(metric, claims=claims)
    chosen = chosen[(chosen["claimant_side"] == side) & chosen["value"].notna()]
    if chosen.empty:
        raise LookupError(f"no {metric} claim by {side} in data/claims.csv")
    return chosen.sort_values(["value", "date"], ascending=[False, True]).iloc[0]


def one(metric: str, day: str, side: str | None = None, source_id: str | None = None) \
        -> pd.Series:
    """The one claim of ``metric`` dated ``day`` (by ``side`` and from ``source_id`` if
    given); LookupError if there is not exactly one, so a changed dataset cannot silently
    change what the prose quotes."""
    chosen = claims_with_sources(metric, day, day)
    if side:
        chosen = chosen[chosen["claimant_side"] == side]
    if source_id:
        chosen = chosen[chosen["source_id"] == source_id]
    if len(chosen) != 1:
        raise LookupError(f"expected one {metric} claim on {day}"
                          f"{' by ' + side if side else ''}"
                          f"{' from ' + source_id if source_id else ''}, found {len(chosen)}")
    return chosen.iloc[0]


def claims_beside_measured(metric: str, start: str | None = None, end: str | None = None,
                           measured_column: str | None = "held_by_ukraine_km2") -> pd.DataFrame:
    """Each claim of ``metric`` with, where ``measured_column`` is given and the date falls in
    the measured series, DeepState's measured value on that day (``measured``, km2) and the
    claim's difference from it (``claim_minus_measured``), for Claims-and-assessments boxes."""
    claims = claims_with_sources(metric, start, end)
    if measured_column is None:
        return claims
    values = measured.measured_series().set_index("date")[measured_column]
    beside = claims["date"].map(lambda d: values.get(d))
    return claims.assign(measured=beside, claim_minus_measured=claims["value"] - beside)


#: How each unit follows a number in text.
UNIT_TEXT = {"km2": " km²", "percent": " %", "count": "", "km": " km", "ha": " ha"}


def number_text(value) -> str:
    """A claimed number as printed: thousands separated, one decimal only below 10."""
    return f"{value:,.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:,.1f}"


def claim_text(row, *, scope: bool = True) -> str:
    """A claim as the source gave it, built from its row (never retyped): the qualifier
    ("about", "at least", ...; nothing for an exact figure), the value or range and unit,
    then, with ``scope``, what it counts and the period ("4,000 killed or wounded in the
    past week") where the row gives them. ``row`` has the columns of data/claims.csv."""
    unit = UNIT_TEXT[row.unit]
    text = "" if pd.isna(row.value) else number_text(row.value)
    if not pd.isna(row.low) and not pd.isna(row.high):
        span = f"{number_text(row.low)}–{number_text(row.high)}"
        text = f"{text} (range {span})" if text else span
    qualifier = "" if pd.isna(row.qualifier) or row.qualifier == "exact" else row.qualifier + " "
    words = f"{qualifier}{text}{unit}"
    if scope:
        for extra in (getattr(row, "scope", None), getattr(row, "period", None)):
            if isinstance(extra, str) and extra:
                words += f" {extra}"
    return words
