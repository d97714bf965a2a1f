"""The key quantities: one figure per quantity, qualifiers and scope from the rows, and
Russia's monthly gains reconciled with AFP's published figures when the same ISW layers are
counted."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.data import external
from analysis.evidence import assessment, key_numbers


@pytest.fixture(scope="module")
def table():
    return key_numbers.table().set_index("key")


def test_every_key_quantity_has_one_row_with_its_definition_and_source(table):
    assert table.index.is_unique
    assert table["definition"].str.len().gt(20).all()
    assert table["source_ids"].str.len().gt(0).all()
    assert set(table["kind"]) == {"measured", "claimed"}


def test_claims_keep_their_qualifier_and_scope(table):
    # data/claims.csv cl-218: Syrskyi to the Washington Post, 'at least 80,000 killed or
    # wounded' (Babel, 23 July 2025): never "up to", never "killed, wounded and captured"
    assert table.loc["ru_losses_syrskyi_wapo", "text"] == "at least 80,000 killed or wounded"
    # cl-221: his anniversary figure is another count, 'more than 77,000 ... killed and
    # wounded', which includes about 4,000 North Koreans (Censor.NET, 6 August 2025)
    assert table.loc["ru_losses_syrskyi_year", "text"].startswith(
        "more than 77,000 killed and wounded")
    # cl-233: Sumy's evacuees are 'about 60 thousand' (UNN, 25 August 2025)
    assert table.loc["sumy_evacuated", "text"].startswith("about 60,000")


def test_the_march_collapse_is_measured_from_its_eve_and_named_baselines(table):
    # DeepState, 5 and 16 March 2025 (the collapse phase runs 6-16 March, data/phases.csv)
    assert table.loc["collapse_eve", "as_of"] == pd.Timestamp("2025-03-05")
    assert table.loc["collapse_eve", "value"] == pytest.approx(353.7, abs=0.05)
    assert table.loc["collapse_end", "value"] == pytest.approx(112.9, abs=0.05)
    assert table.loc["collapse_lost_pct", "value"] == pytest.approx(68.1, abs=0.1)
    assert table.loc["collapse_lost_pct_feb", "value"] > table.loc["collapse_lost_pct", "value"]


def test_month_only_claims_print_without_a_day(table):
    for row in table.itertuples():
        if row.precision == "month":
            assert row.as_of_text[0].isalpha(), row


# AFP's published figures (each from a page read; data/claims.csv russian_gain_ukraine_area):
#   725 km2 in November 2024 (LBCI, relaying AFP, 31 December 2024)
#   3,985 km2 in 2024 "up to December 30" (APP/UrduPoint, relaying AFP, 31 December 2024)
#   701 km2 in November 2025 (ANSA-AFP via Imola Oggi, 1 December 2025)
AFP = [("2024-11-01", 725.0), ("2025-11-01", 701.0)]


@pytest.mark.parametrize(("month", "published"), AFP)
def test_our_count_of_afps_layers_reproduces_afps_monthly_figures(month, published):
    ours, _ = assessment.monthly_gain(month, "afp")
    assert ours == pytest.approx(published, rel=0.01)


def test_our_count_of_afps_layers_reproduces_afps_2024_total():
    daily = external.isw_front_daily().set_index("date")["held_or_claimed_km2"]
    ours = daily[pd.Timestamp("2024-12-30")] - daily[daily.index <= "2023-12-31"].iloc[-1]
    assert ours == pytest.approx(3985.0, rel=0.01)


def test_the_books_count_differs_from_afps_by_the_claimed_layer():
    book, _ = assessment.monthly_gain("2024-11-01", "book")
    afp, _ = assessment.monthly_gain("2024-11-01", "afp")
    # the book counts control plus advances only: 628 km2 in November 2024 against AFP's 725
    assert book == pytest.approx(627.6, abs=0.5)
    assert afp - book > 90
