"""Chapter 6's measurements and tables: the whole-front gains recomputed from the JSON by hand,
the dashboard's areas checked against ISW's polygons, costs never merged across sides, and the
scorecard's judgements in its allowed words."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.data import external
from analysis.evidence import assessment, findings


def test_window_totals_recomputed_from_the_json():
    # an independent reading of the file: plain json, no pivot, month-end by sorting
    rows = json.loads((external.locate_external() / external.ISW_FRONT_FILE).read_text())
    by_day: dict[str, float] = {}
    parts: dict[str, set] = {}
    for row in rows:
        if row["layerType"] in ("ukraine_control_map", "russian_advances"):
            by_day[row["date"]] = by_day.get(row["date"], 0.0) + row["areaKm2"]
            parts.setdefault(row["date"], set()).add(row["layerType"])
    complete = sorted(d for d in by_day if len(parts[d]) == 2)
    month_end = {}
    for day in complete:
        month_end[day[:7]] = by_day[day]
    gain = {m: month_end[m] - month_end[p] for p, m in zip(sorted(month_end), sorted(month_end)[1:])}
    before = sum(gain[m] for m in gain if "2024-01" <= m <= "2024-07")
    during = sum(gain[m] for m in gain if "2024-08" <= m <= "2025-04")
    means = assessment.window_means().set_index("window")["total_gain_km2"]
    assert means.iloc[0] == pytest.approx(before) == pytest.approx(1127.87, abs=0.01)
    assert means.iloc[1] == pytest.approx(during) == pytest.approx(3648.49, abs=0.01)


@pytest.mark.parametrize("day", ["2024-08-29", "2025-05-16"])
def test_dashboard_control_areas_agree_with_the_polygons(day):
    folder = external.locate_external() / external.ISW_FRONT_POLYGON_DIR
    if not (folder / f"{day}.geojson").exists():
        pytest.skip("the control polygons are in the shared records, not in the download cache")
    table = external.isw_front_daily().set_index("date").loc[pd.Timestamp(day),
                                                               "ukraine_control_map"]
    assert external.isw_front_polygon_area_km2(day) == pytest.approx(table, rel=1e-3)


def test_costs_keep_each_sides_figure_apart():
    costs = assessment.costs_summary()
    assert not costs.duplicated(["cost", "claimant_side"]).any()
    losses = costs[costs["cost"].str.startswith("Russian military losses")]
    assert set(losses["claimant_side"]) == {"Ukraine"}  # Russia gave no figure of its own


def test_scorecard_judgements_are_labelled():
    card = assessment.scorecard()
    assert set(card["assessment"]) <= {"achieved", "partly achieved", "not achieved",
                                       "cannot say"}
    assert set(card["side"]) == {"Ukraine", "Russia"} and card["stated_sources"].str.len().gt(0).all()


def test_the_largest_claims_are_the_maxima_of_all_rows():
    from analysis.data import tables

    claims = tables.load_claims()
    numbers = findings.assessment()
    for key, metric, side in (("ru_losses_by_ua", "russian_losses_kursk", "Ukraine"),
                              ("ua_losses_by_ru", "ukrainian_losses_kursk", "Russia")):
        rows = claims[(claims["metric"] == metric) & (claims["claimant_side"] == side)]
        assert numbers[key] == rows["value"].max()


def test_each_confidence_follows_the_written_rules():
    # the rules are stated in book/sources_and_methods.md ("How sure we are of a verdict")
    from analysis.evidence import assessment

    card = assessment.scorecard()
    assert (card["confidence"] == card["rule"]).all(), \
        card.loc[card["confidence"] != card["rule"], ["aim_id", "confidence", "rule"]]
    assert assessment.confidence_by_rule("measured:deepstate;cl-003", "") == "high"
    assert assessment.confidence_by_rule("cl-194", "") == "medium"  # one side only
    assert assessment.confidence_by_rule("cl-194", "ev-190") == "low"


def test_every_aim_lists_rows_for_it():
    from analysis.evidence import assessment

    card = assessment.scorecard()
    assert card["evidence_for"].str.len().gt(0).all()
    # the drive-out verdict faces Syrskyi's ~90 km2 of 22 June 2025 (cl-212)
    assert "cl-212" in card.set_index("aim_id").loc["drive-out", "evidence_against"]
