"""Figures a briefer can paste: the title says the point (a sentence whose numbers come from the
data), the subtitle says what is measured and from where, no point means something only in a
tooltip, and no chart names more than about ten things on it."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

from analysis.figures import (
    builders,  # noqa: F401  (registers the figures)
    charts,
    registry,
    render,
)
from analysis.figures.builders import assessment, north_korea

LABELS = sorted(registry.REGISTRY)


@lru_cache(maxsize=None)
def _spec(label: str) -> dict:
    chart, _ = registry.REGISTRY[label].build()
    return render.chart_spec(chart)


def _views(spec: dict):
    """Every view of a vega-lite spec with its layers: (layers' marks and encodings)."""
    if "layer" in spec:
        units = [u for u in spec["layer"] if "mark" in u]
        yield units
        for u in spec["layer"]:
            if "mark" not in u:
                yield from _views(u)
    elif "mark" in spec:
        yield [spec]
    for key in ("vconcat", "hconcat", "concat"):
        for part in spec.get(key, []):
            yield from _views(part)
    if "spec" in spec:
        yield from _views(spec["spec"])


def _mark(unit) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


@pytest.mark.parametrize("label", LABELS)
def test_every_title_states_its_finding_and_its_source(label):
    figure = registry.REGISTRY[label]
    title = _spec(label)["title"]
    # the chart carries the finding itself, so a pasted PNG says its point and its source
    assert " ".join(title["text"]) == figure.title + "."
    assert any(line.startswith("Source:") for line in title["subtitle"])
    assert " ".join(title["subtitle"]).startswith(figure.measure)
    # a sentence, not a label: a verb-bearing clause of some length ...
    assert len(figure.title.split()) >= 8, figure.title
    # ... and a number in it is computed from the data, never typed into the registry
    if re.search(r"\d", figure.title):
        assert callable(figure.finding), f"{label}: a title with a number must be computed"


@pytest.mark.parametrize("label", LABELS)
def test_no_point_carries_meaning_only_in_its_tooltip(label):
    # a view drawing points coloured or shaped by a field also has text on the points or a
    # legend for that field
    for units in _views(_spec(label)):
        for unit in units:
            if _mark(unit) not in ("point", "circle", "square"):
                continue
            encoding = unit.get("encoding", {})
            meaning = [encoding[c] for c in ("color", "shape") if "field" in encoding.get(c, {})]
            has_text = any(_mark(u) == "text" for u in units)
            has_legend = any(m.get("legend", {}) is not None for m in meaning)
            assert not meaning or has_text or has_legend, label


@pytest.mark.parametrize("figure", [north_korea.nk_estimates, assessment.losses_claimed,
                                    assessment.prisoners, assessment.civilian_toll])
def test_estimate_charts_label_the_figures_that_matter_and_no_more(figure):
    # the largest and the latest estimate of each panel, at most two a panel, ten a chart
    _, claims = figure()
    labels = charts.estimate_labels(claims)
    assert len(labels) <= charts.MAX_DIRECT_LABELS
    assert labels.groupby("metric_label").size().max() <= 2
    for panel, rows in claims.groupby("metric_label"):
        top = rows["high"].fillna(rows["value"]).max()
        assert top in set(labels[labels["metric_label"] == panel]["high"]
                          .fillna(labels[labels["metric_label"] == panel]["value"]))


def test_the_prisoner_exchanges_are_those_tied_to_kursk():
    # data/claims.csv: the 115-for-115 swap of 24 August and the 103-for-103 of 14 September
    # 2024 returned Russians captured in Kursk; the 1,000-for-1,000 of May 2025 (cl-192: "not
    # specific to Kursk-captured POWs") and the Hrabovske raid's 13 (cl-249) are left out
    claims = assessment.kursk_prisoner_claims()
    swaps = claims[claims["metric"] == "pows_exchanged"]
    assert sorted(swaps["value"].unique()) == [103, 115]
    assert "cl-192" not in set(claims["claim_id"]) and "cl-249" not in set(claims["claim_id"])


def test_a_crowded_lane_numbers_its_events_and_lists_them_under_the_chart():
    # chapter 5's battlefield-diplomacy figure marks 24 events: numbers above, a list below
    from analysis.evidence import events as event_data

    marks = event_data.diplomatic_events()
    assert len(marks) > charts.MAX_DIRECT_LABELS
    chart, _ = registry.REGISTRY["fig-battlefield-diplomacy"].build()
    spec = render.chart_spec(chart)
    lane, _, listing = spec["vconcat"]
    lines = [r["line"] for r in listing["data"]["values"]]
    assert len(lines) == len(marks)
    assert lines[0].startswith("1.  ") and marks["label"].iloc[0] in lines[0]
