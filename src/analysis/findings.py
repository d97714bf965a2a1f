"""The numbers each chapter's prose quotes, computed from the data (never typed in prose).

Each function returns a dict of name -> value for :func:`analysis.book.glue_numbers`.
"""
from __future__ import annotations

import pandas as pd

from . import measures

#: The day Russia's General Staff claimed full control (see events, chapter 4).
RUSSIAN_CLAIM_DATE = "2025-04-26"


def _day(value) -> str:
    """A date as '6 September 2024'."""
    return f"{pd.Timestamp(value):%d %B %Y}".lstrip("0")


def overview() -> dict:
    """Peak measured area, its share of the oblast, the state on the day of Russia's claim and
    how far the evidence runs."""
    series = measures.measured_series()
    peak_day, peak_km2 = measures.peak(series)
    dates = measures.evidence_dates()
    return {
        "peak_km2": peak_km2,
        "peak_date": _day(peak_day),
        "peak_share": measures.share_of_oblast(peak_km2),
        "claim_date": _day(RUSSIAN_CLAIM_DATE),
        "held_at_claim": measures.value_on(series, RUSSIAN_CLAIM_DATE, "held_by_ukraine_km2"),
        "grey_at_claim": measures.value_on(series, RUSSIAN_CLAIM_DATE, "grey_zone_km2"),
        "sources_to": _day(dates["sources"]),
        "measured_to": _day(dates["measured"]),
    }
