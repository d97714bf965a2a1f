"""Dates at the precision their sources give them: the one place a date is turned into text.

A date in ``data/`` is a day (``2024-08-06``) or, where the source gives only a month or a
year, the first day of that month or year with a precision column saying so (``2024-08-01``,
``month``). Nothing may print such a date with a day: a month-only item reads "August 2024"
(or "Aug 2024" where space is short), and on a time axis it covers its whole month
(:func:`span`). Every formatter here takes the precision; "day" is the default.
"""
from __future__ import annotations

import pandas as pd

#: The precisions a date in data/ may carry, finest first.
PRECISIONS = ("day", "month", "year")


def _check(precision: str) -> str:
    precision = "day" if precision is None or precision != precision or precision == "" \
        else str(precision)
    if precision not in PRECISIONS:
        raise ValueError(f"date precision {precision!r}: expected one of {PRECISIONS}")
    return precision


def _text(value, precision: str, month: str) -> str:
    day, precision = pd.Timestamp(value), _check(precision)
    if precision == "year":
        return f"{day:%Y}"
    return f"{day:{month} %Y}" if precision == "month" else f"{day.day} {day:{month} %Y}"


def long(value, precision: str = "day") -> str:
    """'6 August 2024', 'August 2024' or '2024': a date for prose and tables."""
    return _text(value, precision, "%B")


def short(value, precision: str = "day") -> str:
    """'6 Aug 2024', 'Aug 2024' or '2024': a date for chart labels."""
    return _text(value, precision, "%b")


def iso(value, precision: str = "day") -> str:
    """'2024-08-06', '2024-08' or '2024': a date for CSV columns and ids."""
    day, precision = pd.Timestamp(value), _check(precision)
    return {"day": f"{day:%Y-%m-%d}", "month": f"{day:%Y-%m}", "year": f"{day:%Y}"}[precision]


def cell(value, precision: str = "day") -> str:
    """'2024-08-06' for a day, 'August 2024' or '2024' otherwise: a date for table cells."""
    precision = _check(precision)
    return iso(value) if precision == "day" else long(value, precision)


def span(value, precision: str = "day") -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day the date may stand for (both the same day for a day)."""
    day, precision = pd.Timestamp(value), _check(precision)
    if precision == "year":
        return pd.Timestamp(day.year, 1, 1), pd.Timestamp(day.year, 12, 31)
    if precision == "month":
        return day.replace(day=1), day.replace(day=1) + pd.offsets.MonthEnd(0)
    return day, day


def parse(text: str) -> tuple[pd.Timestamp, str]:
    """A partial ISO date ('2024-08-06', '2024-08' or '2024') as (its first day, precision)."""
    text = str(text).strip()
    parts = text.split("-")
    precision = {3: "day", 2: "month", 1: "year"}.get(len(parts))
    if precision is None:
        raise ValueError(f"date {text!r}: expected YYYY-MM-DD, YYYY-MM or YYYY")
    padded = "-".join(parts + ["01"] * (3 - len(parts)))
    return pd.Timestamp(padded), precision


def range_text(start, end) -> str:
    """Two days as one range: '6 to 16 March 2025', '28 February to 16 March 2025' or
    '6 August 2024 to 26 April 2025'."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    if first.year != last.year:
        return f"{long(first)} to {long(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%B} to {long(last)}"
    return f"{first.day} to {long(last)}"
