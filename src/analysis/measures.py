"""Derived numbers the text quotes: the measured series, peaks, shares, rates of loss.

All areas in km2 (equal-area CRS, clipped to Kursk oblast); dates are calendar days (UTC).
Every number a chapter's Key findings quote comes from a function here, never typed in prose.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from . import control, geo
from .data import load_claims, load_phases, load_sources


@lru_cache(maxsize=1)
def _measured() -> pd.DataFrame:
    oblast = geo.kursk_oblast()
    deepstate = control.deepstate_daily_series(oblast)
    isw = control.isw_daily_series().rename(
        columns={"retaken_by_russia_km2": "isw_retaken_by_russia_km2",
                 "published": "isw_published"})
    return deepstate.merge(isw, on="date", how="left")


def measured_series() -> pd.DataFrame:
    """One row per day from 2024-08-02 (first DeepState snapshot) to 2025-06-08: DeepState's
    ``held_by_ukraine_km2``, ``grey_zone_km2``, our derived ``retaken_by_russia_km2``, the
    DeepState ``snapshot_utc`` in force, and ISW's ``isw_retaken_by_russia_km2`` (from
    2024-09-11; NaN before) with ``isw_published`` marking days ISW published a value."""
    return _measured().copy()


def value_on(series: pd.DataFrame, day: str, column: str) -> float:
    """The series' ``column`` on calendar day ``day`` (YYYY-MM-DD)."""
    row = series.loc[series["date"] == pd.Timestamp(day), column]
    if row.empty:
        raise KeyError(f"{day} is outside the measured series")
    return float(row.iloc[0])


def peak(series: pd.DataFrame, column: str = "held_by_ukraine_km2",
         start: str | None = None, end: str | None = None) -> tuple[pd.Timestamp, float]:
    """(first date of the maximum, maximum) of ``column`` between ``start`` and ``end``."""
    window = series
    if start:
        window = window[window["date"] >= pd.Timestamp(start)]
    if end:
        window = window[window["date"] <= pd.Timestamp(end)]
    index = window[column].idxmax()
    return window.loc[index, "date"], float(window.loc[index, column])


def share_of_oblast(area_km2: float) -> float:
    """``area_km2`` as a percentage of Kursk oblast's area (our boundary, equal-area)."""
    return 100.0 * area_km2 / geo.kursk_area_km2()


def loss_rate_by_phase(series: pd.DataFrame, phases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change in DeepState's held area over each phase: ``phase``, ``label``, ``start``, ``end``
    (clamped to the series), ``days``, ``held_start_km2``, ``held_end_km2``, ``change_km2``
    (negative = lost) and ``km2_per_day``. The phases are our periodisation (data/phases.csv)."""
    phases = load_phases() if phases is None else phases
    rows = []
    first, last = series["date"].min(), series["date"].max()
    for phase in phases.itertuples(index=False):
        start, end = max(phase.start, first), min(phase.end, last)
        if start >= end:
            continue
        held_start = value_on(series, start.strftime("%Y-%m-%d"), "held_by_ukraine_km2")
        held_end = value_on(series, end.strftime("%Y-%m-%d"), "held_by_ukraine_km2")
        days = (end - start).days
        rows.append({"phase": phase.phase, "label": phase.label, "start": start, "end": end,
                     "days": days, "held_start_km2": held_start, "held_end_km2": held_end,
                     "change_km2": held_end - held_start,
                     "km2_per_day": (held_end - held_start) / days})
    return pd.DataFrame(rows)


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
    return chosen.merge(sources, on="source_id", how="left").sort_values(["date", "claim_id"]) \
        .reset_index(drop=True)


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


def events_with_sources(chapter: int | None = None, events: pd.DataFrame | None = None) \
        -> pd.DataFrame:
    """Events (optionally of one chapter) with ``sources``: "Publisher, YYYY-MM-DD; …" for
    tooltips and tables, ``when``: the date as precise as the sources give it ("2024-08-06",
    or "January 2025" for a month), and the settlement's ``lat``/``lon`` where one is named."""
    from .data import load_events, load_settlements

    events = load_events() if events is None else events
    if chapter is not None:
        events = events[events["chapter"] == chapter]
    sources = load_sources().set_index("source_id")
    out = events.assign(sources=[describe_sources(ids, sources) for ids in events["source_ids"]],
                        when=[f"{d:%B %Y}" if p == "month" else f"{d:%Y-%m-%d}"
                              for d, p in zip(events["date"], events["date_precision"])])
    places = load_settlements()[["settlement_id", "lat", "lon"]]
    return out.merge(places, on="settlement_id", how="left").sort_values(["date", "event_id"]) \
        .reset_index(drop=True)


def evidence_dates() -> dict[str, pd.Timestamp]:
    """How far the evidence runs: ``sources`` (latest dated event or claim in data/) and
    ``measured`` (last day of the measured control series)."""
    from .data import load_events

    latest = max(load_events()["date"].max(), load_claims()["date"].max())
    return {"sources": latest, "measured": measured_series()["date"].max()}


def claims_beside_measured(metric: str, start: str | None = None, end: str | None = None,
                           measured_column: str | None = "held_by_ukraine_km2") -> pd.DataFrame:
    """Each claim of ``metric`` with, where ``measured_column`` is given and the date falls in
    the measured series, DeepState's measured value on that day (``measured``) and the
    claim's difference from it (``claim_minus_measured``), for Claims-and-assessments boxes."""
    claims = claims_with_sources(metric, start, end)
    if measured_column is None:
        return claims
    series = measured_series().set_index("date")[measured_column]
    measured = claims["date"].map(lambda d: series.get(d))
    return claims.assign(measured=measured, claim_minus_measured=claims["value"] - measured)


def cited_as(source_id: str, publisher: str, published) -> str:
    """How tables, tooltips and claims boxes name a source: 'Publisher, YYYY-MM-DD' (or
    'Publisher, undated'); the seed article, whose publisher is '(unattributed)', is named as
    such."""
    if source_id == "seed":
        return "Seed article, undated"
    return f"{publisher}, {'undated' if pd.isna(published) else f'{published:%Y-%m-%d}'}"


def peak_share_table(start: str = "2024-08-06", end: str = "2024-09-30") -> pd.DataFrame:
    """Kursk oblast's area beside the area Ukraine held at its peak, measured and claimed:
    ``label``, ``value`` (km2), ``share_pct`` (of the oblast), ``actor`` and ``note`` (source
    and method). Measured rows are DeepState's peak held area and held-or-grey area on the
    peak day; the claimed row is the largest area a Ukrainian official gave in the window."""
    series = measured_series()
    day, held = peak(series, start=start, end=end)
    grey = held + value_on(series, day.strftime("%Y-%m-%d"), "grey_zone_km2")
    claims = claims_with_sources("area_held_by_ukraine", start, end)
    ukraine = claims[claims["claimant_side"] == "Ukraine"].sort_values(["value", "date"])
    rows = [{"label": "Kursk oblast (our boundary)", "value": geo.kursk_area_km2(),
             "actor": "contested", "note": "Natural Earth boundary, area in an equal-area CRS"}]
    if not ukraine.empty:
        top = ukraine.iloc[-1]
        rows.append({"label": f"Largest Ukrainian claim ({top['date']:%d %b})",
                     "value": float(top["value"]), "actor": "Ukraine",
                     "note": f"{top['claimant']}; "
                             f"{cited_as(top['source_id'], top['source_publisher'], top['source_published'])}"})
    rows += [{"label": f"Held or grey zone on {day:%d %b} (DeepState)", "value": grey,
              "actor": "contested", "note": "DeepState held area plus grey zone, our computation"},
             {"label": f"Held on {day:%d %b} (DeepState peak)", "value": held, "actor": "Ukraine",
              "note": "DeepState held area at its maximum, our computation"}]
    frame = pd.DataFrame(rows)
    return frame.assign(share_pct=frame["value"].map(share_of_oblast))


def exchange_arithmetic(day: str = "2025-02-12") -> pd.DataFrame:
    """The arithmetic of a territorial exchange on ``day``: the area of Ukraine that Russia
    occupied and the area Ukraine held in Kursk oblast, from claims dated ``day`` and
    DeepState's measurement that day: ``label``, ``value`` (km2), ``actor``, ``note``
    (source), ``ratio`` (occupied area / that row's value). Claims are taken as published."""
    claims = claims_with_sources(["occupied_ukraine_area", "area_held_by_ukraine"], day, day)
    rows = []
    for claim in claims.itertuples(index=False):
        what = ("Ukraine occupied by Russia" if claim.metric == "occupied_ukraine_area"
                else "Kursk held by Ukraine")
        qualifier = "" if pd.isna(claim.qualifier) else f"{claim.qualifier} "
        rows.append({"label": f"{what} ({claim.claimant.split(' (')[0]})", "value": claim.value,
                     "actor": "Russia" if claim.metric == "occupied_ukraine_area" else "Ukraine",
                     "note": f"{qualifier}{claim.value:,.0f} km²; "
                             f"{cited_as(claim.source_id, claim.source_publisher, claim.source_published)}"})
    measured = value_on(measured_series(), day, "held_by_ukraine_km2")
    rows.append({"label": "Kursk held by Ukraine (DeepState, measured)", "value": measured,
                 "actor": "Ukraine", "note": "DeepState held area that day, our computation"})
    frame = pd.DataFrame(rows).sort_values("value", ascending=False, ignore_index=True)
    occupied = frame.loc[frame["actor"] == "Russia", "value"]
    if occupied.empty:
        raise ValueError(f"no occupied_ukraine_area claim dated {day} in data/claims.csv")
    return frame.assign(ratio=occupied.iloc[0] / frame["value"])
