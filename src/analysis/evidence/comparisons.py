"""Tables that set claims beside measurements: the share of the oblast held at the peak, the
arithmetic of a territorial exchange. Areas in km2."""
from __future__ import annotations

import pandas as pd

from .. import dates
from ..data import boundaries
from . import claims as claim_rows
from .series import measured_series, peak, share_of_oblast, value_on
from .sources import cited_as


def peak_share_table(start: str = "2024-08-06", end: str = "2024-09-30") -> pd.DataFrame:
    """Kursk oblast's area beside the area Ukraine held at its peak, measured and claimed:
    ``label``, ``value`` (km2), ``share_pct`` (of the oblast), ``actor``, ``note`` (source and
    method) and ``date``. Measured rows are DeepState's peak held area between ``start`` and
    ``end`` and the held-or-grey area that day; the claimed row is the largest area any
    Ukrainian official gave (every Ukrainian-side claim, whatever its date)."""
    series = measured_series()
    day, held = peak(series, start=start, end=end)
    grey = held + value_on(series, day.strftime("%Y-%m-%d"), "grey_zone_km2")
    top = claim_rows.largest("area_held_by_ukraine", "Ukraine")
    rows = [{"label": "Kursk oblast (our boundary)", "value": boundaries.kursk_area_km2(),
             "actor": "contested", "date": pd.NaT,
             "note": "Natural Earth boundary, area in an equal-area CRS"},
            {"label": f"Largest Ukrainian claim ({dates.short(top['date'])})",
             "value": float(top["value"]), "actor": "Ukraine", "date": top["date"],
             "note": f"{top['claimant']}; "
                     f"{cited_as(top['source_id'], top['source_publisher'], top['source_published'])}"},
            {"label": f"Held or grey zone on {dates.short(day)} (DeepState)", "value": grey,
             "actor": "contested", "date": day,
             "note": "DeepState held area plus grey zone, our computation"},
            {"label": f"Held on {dates.short(day)} (DeepState peak)", "value": held,
             "actor": "Ukraine", "date": day,
             "note": "DeepState held area at its maximum, our computation"}]
    frame = pd.DataFrame(rows)
    return frame.assign(share_pct=frame["value"].map(share_of_oblast))


def exchange_arithmetic(day: str = "2025-02-12") -> pd.DataFrame:
    """The arithmetic of a territorial exchange on ``day``: the area of Ukraine that Russia
    occupied and the area Ukraine held in Kursk oblast, from claims dated ``day`` and
    DeepState's measurement that day: ``label``, ``value`` (km2), ``actor``, ``metric``,
    ``note`` (source), ``ratio`` (occupied area / that row's value). Claims are taken as
    published."""
    claims = claim_rows.claims_with_sources(["occupied_ukraine_area", "area_held_by_ukraine"],
                                            day, day)
    rows = []
    for claim in claims.itertuples(index=False):
        what = ("Ukraine occupied by Russia" if claim.metric == "occupied_ukraine_area"
                else "Kursk held by Ukraine")
        qualifier = "" if pd.isna(claim.qualifier) else f"{claim.qualifier} "
        rows.append({"label": f"{what} ({claim.claimant.split(' (')[0]})", "value": claim.value,
                     "actor": "Russia" if claim.metric == "occupied_ukraine_area" else "Ukraine",
                     "metric": claim.metric,
                     "note": f"{qualifier}{claim.value:,.0f} km²; "
                             f"{cited_as(claim.source_id, claim.source_publisher, claim.source_published)}"})
    measured = value_on(measured_series(), day, "held_by_ukraine_km2")
    rows.append({"label": "Kursk held by Ukraine (DeepState, measured)", "value": measured,
                 "actor": "Ukraine", "metric": "measured_held_by_ukraine",
                 "note": "DeepState held area that day, our computation"})
    frame = pd.DataFrame(rows).sort_values("value", ascending=False, ignore_index=True)
    occupied = frame.loc[frame["metric"] == "occupied_ukraine_area", "value"]
    if occupied.empty:
        raise ValueError(f"no occupied_ukraine_area claim dated {day} in data/claims.csv")
    return frame.assign(ratio=occupied.iloc[0] / frame["value"])
