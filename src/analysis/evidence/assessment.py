"""The assessment (chapter 6): the diversion test measured on ISW's whole-front layers, the
costs each side claimed, and our scorecard of the operation's stated aims.

Areas in km2. The diversion windows are ours: the seven full months before the incursion,
the months from August 2024 (6 August falls in it) to April 2025 (Russia's claim of full
control, 26 April), and the eight months after, to December 2025 (the last full month of
ISW's table).
"""
from __future__ import annotations

import pandas as pd

from .. import dates
from ..data import external
from ..data.tables import load_table
from . import claims as claim_data
from .series import measured_series
from .sources import describe_sources

#: (label, first month, last month) of each window, inclusive.
WINDOWS = [("Before the incursion", "2024-01", "2024-07"),
           ("During the incursion", "2024-08", "2025-04"),
           ("After Russia's claim", "2025-05", "2025-12")]
ISW_SOURCE = ("Institute for the Study of War with AEI's Critical Threats Project, control "
              "and advances layers (daily areas as computed by the war-datasets-dashboard); "
              "our computation")


def front_gains_monthly() -> pd.DataFrame:
    """Russia's monthly territorial gains in Ukraine: ``month`` (first day), ``held_km2`` (ISW
    control plus advances on the month's last day with data), ``gain_km2`` (change from the
    previous month's last day), ``window`` (see :data:`WINDOWS`; empty outside them) and
    ``source``. Months from December 2023 to December 2025 (full months only)."""
    daily = external.isw_front_daily()
    month_end = daily.groupby(daily["date"].dt.to_period("M")).tail(1)
    frame = pd.DataFrame({"month": month_end["date"].dt.to_period("M").dt.to_timestamp(),
                          "held_km2": month_end["held_by_russia_km2"].to_numpy()})
    frame["gain_km2"] = frame["held_km2"].diff()
    frame = frame[(frame["month"] >= "2023-12-01") & (frame["month"] <= "2025-12-01")]
    window = pd.Series("", index=frame.index)
    for label, first, last in WINDOWS:
        inside = frame["month"].between(pd.Timestamp(first), pd.Timestamp(last))
        window[inside] = label
    return frame.assign(window=window, source=ISW_SOURCE).reset_index(drop=True)


#: What a monthly gain counts: the book's diversion test (control plus advances) or AFP's
#: monthly figures (control, advances and Russian claims ISW has not confirmed).
GAIN_COLUMNS = {"book": "held_by_russia_km2", "afp": "held_or_claimed_km2"}


def monthly_gain(month: str, layers: str = "book") -> tuple[float, pd.Timestamp]:
    """Russia's gain in Ukraine over ``month`` (its first day, YYYY-MM-01), km2: the ISW area
    on the month's last day with data less that on the previous month's last day, counting
    ``layers`` (see :data:`GAIN_COLUMNS`); with that last day. A ``month`` of "YYYY" gives
    the calendar year (last day with data in it, less the previous year's)."""
    daily = external.isw_front_daily()
    column = GAIN_COLUMNS[layers]
    if len(month) == 4:
        start, end = pd.Timestamp(f"{month}-01-01"), pd.Timestamp(f"{month}-12-31")
    else:
        start = pd.Timestamp(month)
        end = start + pd.offsets.MonthEnd(0)
    inside = daily[daily["date"].between(start, end)].iloc[-1]
    before = daily[daily["date"] < start].iloc[-1]
    return float(inside[column] - before[column]), inside["date"]


def window_means() -> pd.DataFrame:
    """Mean monthly gain (km2/month) in each window: ``window``, ``months``, ``first``,
    ``last``, ``mean_gain_km2``, ``total_gain_km2``."""
    gains = front_gains_monthly()
    rows = []
    for label, first, last in WINDOWS:
        part = gains[gains["window"] == label]
        rows.append({"window": label, "months": len(part), "first": pd.Timestamp(first),
                     "last": pd.Timestamp(last), "mean_gain_km2": float(part["gain_km2"].mean()),
                     "total_gain_km2": float(part["gain_km2"].sum())})
    return pd.DataFrame(rows)


def kursk_held_monthly() -> pd.DataFrame:
    """DeepState's area held by Ukraine in Kursk oblast on each month's last measured day:
    ``month`` (first day), ``held_by_ukraine_km2`` and ``source``."""
    series = measured_series()
    last = series.groupby(series["date"].dt.to_period("M")).tail(1)
    return pd.DataFrame({"month": last["date"].dt.to_period("M").dt.to_timestamp(),
                         "held_by_ukraine_km2": last["held_by_ukraine_km2"].to_numpy(),
                         "source": "DeepStateMap.Live via the deepstatemaps-history archive; "
                                   "our computation"}).reset_index(drop=True)


#: The costs a briefer asks for, each as (row label, metric, claimant sides to show).
COSTS = [
    ("Russian military losses in Kursk (all kinds)", "russian_losses_kursk", None),
    ("Russian military killed in Kursk", "russian_killed_kursk", None),
    ("Ukrainian military losses in Kursk (all kinds)", "ukrainian_losses_kursk", None),
    ("Russian soldiers taken prisoner", "russian_pows_taken", None),
    ("Ukrainian soldiers taken prisoner", "ukrainian_pows_taken", None),
    ("North Korean killed and wounded", "nk_killed_and_wounded", None),
    ("Kursk civilians killed", "civilians_killed", None),
    ("Kursk civilians missing", "civilians_missing", None),
    ("Kursk civilians evacuated", "civilians_evacuated", None),
    ("Sumy oblast residents evacuated", "sumy_civilians_evacuated", None),
    ("Sumy oblast territory held by Russia (km²)", "sumy_area_taken_by_russia", None),
]


def costs_summary() -> pd.DataFrame:
    """For each cost of :data:`COSTS` and each claimant side that gave a figure, that side's
    latest figure (never merged across sides): ``cost``, ``claimant_side``, ``claimant``,
    ``date``, the claim's value columns and its source columns, as from
    :func:`analysis.evidence.claims.claims_with_sources`; the other figures are in the full
    claims tables."""
    rows = []
    for label, metric, _ in COSTS:
        chosen = claim_data.claims_with_sources(metric)
        # a figure for a period ("in the past week") is not the latest running total
        chosen = chosen[chosen["period"].isna()]
        for _, group in chosen.groupby("claimant_side", sort=False):
            latest = group.sort_values(["date", "claim_id"]).iloc[-1]
            rows.append(latest.to_dict() | {"cost": label})
    return pd.DataFrame(rows)


#: Who a measured record counts as, when counting the sides behind a verdict.
MEASURED = "measured"


def evidence_sides(ids: str) -> list[str]:
    """The side behind each evidence row of an aim (``;``-separated ids from data/aims.csv):
    a claim's ``claimant_side``, an event's ``actor`` ("other" counts as "independent") or
    :data:`MEASURED` for a measured record. Raises KeyError naming an unknown id."""
    from ..data.tables import load_claims, load_events

    if not isinstance(ids, str) or not ids:
        return []
    claims = load_claims().set_index("claim_id")["claimant_side"]
    events = load_events().set_index("event_id")["actor"]
    sides = []
    for row in ids.split(";"):
        if row.startswith("measured:"):
            sides.append(MEASURED)
        elif row.startswith("cl-"):
            sides.append(str(claims[row]))
        else:
            actor = str(events[row])
            sides.append("independent" if actor == "other" else actor)
    return sides


def confidence_by_rule(evidence_for: str, evidence_against: str) -> str:
    """Our confidence in a verdict, by the rules the methods appendix states: "high" when
    the rows for it come from a measured record or from at least two sides and no row weighs
    against it; "medium" when they do, but rows weigh against it, or when they come from one
    side only and none weighs against it; "low" when one side's rows face rows against."""
    sides = set(evidence_sides(evidence_for))
    broad = MEASURED in sides or len(sides) >= 2
    against = bool(evidence_sides(evidence_against))
    if broad and not against:
        return "high"
    return "medium" if broad or not against else "low"


def scorecard() -> pd.DataFrame:
    """Our assessment of each stated aim (data/aims.csv, a constructed table: the judgement is
    ours), with ``stated`` ("who, date") and ``stated_sources`` / ``evidence_sources`` as
    "Publisher, date; …"."""
    aims = load_table("aims")
    return aims.assign(
        stated=[f"{who}, {dates.long(*dates.parse(when))}"
                for who, when in zip(aims["stated_by"], aims["stated_on"])],
        stated_sources=[describe_sources(ids) for ids in aims["stated_source_ids"]],
        rule=[confidence_by_rule(a, b) for a, b in zip(aims["evidence_for"],
                                                      aims["evidence_against"])],
        evidence_sources=[describe_sources(ids) for ids in aims["evidence_source_ids"]])
