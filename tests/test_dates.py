"""Dates at their precision: the formatters, the phase a month-only event is filed under, and
the chronology's own line for a month that spans phases (issue: a month-only date shown as
the 1st)."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import dates
from analysis.data.tables import load_events, load_phases, phase_holding
from analysis.evidence import events as event_data
from analysis.figures import charts


def test_a_month_is_never_printed_with_a_day():
    assert dates.long("2024-08-01", "month") == "August 2024"
    assert dates.short("2024-08-01", "month") == "Aug 2024"
    assert dates.cell("2024-08-01", "month") == "August 2024"
    assert dates.iso("2024-08-01", "month") == "2024-08"
    assert dates.long("2025-01-01", "year") == "2025"
    assert dates.long("2024-08-06") == "6 August 2024"
    assert dates.cell("2024-08-06") == "2024-08-06"


def test_a_month_spans_its_days_and_partial_dates_parse():
    assert dates.span("2024-02-01", "month") == (pd.Timestamp("2024-02-01"),
                                                  pd.Timestamp("2024-02-29"))
    assert dates.parse("2024-08") == (pd.Timestamp("2024-08-01"), "month")
    assert dates.parse("2024-08-20") == (pd.Timestamp("2024-08-20"), "day")
    with pytest.raises(ValueError):
        dates.long("2024-08-01", "week")


def test_month_only_events_are_filed_where_their_whole_month_belongs():
    phases = load_phases()
    # August 2024 spans "planning" (to 5 Aug) and "incursion" (from 6 Aug): no one phase
    assert phase_holding("2024-08-01", "month", phases) == ""
    # December 2024 lies wholly in "attrition" (10 Sep 2024 to 5 Mar 2025, data/phases.csv)
    assert phase_holding("2024-12-01", "month", phases) == "attrition"
    events = load_events()
    putin = events.set_index("event_id").loc["ev-005"]  # Putin's order, "in August" (RBC)
    assert putin["date_precision"] == "month" and pd.isna(putin["phase"])


def test_a_chronology_gives_a_spanning_month_its_own_line():
    events = event_data.events_with_sources("russian_response")
    rows = charts.chronology_rows(events, load_phases())
    headings = list(rows.loc[rows["kind"] == "phase", "text"])
    assert "During August 2024 (date given only as the month)" in headings
    month = rows[(rows["kind"] == "event") & (rows["precision"] == "month")]
    assert len(month) == int((events["date_precision"] == "month").sum())
    # a month-only line shows the month, never the 1st
    assert month["text"].str.match(r"^[A-Z][a-z]{2} 20\d\d   ").all()
    assert (month["date_end"] > month["date"]).all()
