"""Altair charts of the report. Each function takes data and returns a chart; colours come from
:mod:`analysis.figures.theme`, never from here. Areas are km2; dates are calendar days.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .theme import ACTOR_COLOURS, FIT, WIDTH, colour_scale, shape_scale

MEASURED_LABELS = {
    "held_by_ukraine_km2": "Held by Ukraine (DeepState)",
    "held_or_grey_km2": "Held by Ukraine or grey zone (DeepState)",
    "retaken_by_russia_km2": "Retaken by Russia (derived from DeepState)",
    "isw_retaken_by_russia_km2": "Russian advances (ISW)",
}
MEASURED_COLOURS = {
    "Held by Ukraine (DeepState)": ACTOR_COLOURS["Ukraine"],
    "Held by Ukraine or grey zone (DeepState)": ACTOR_COLOURS["contested"],
    "Retaken by Russia (derived from DeepState)": ACTOR_COLOURS["independent"],
    "Russian advances (ISW)": ACTOR_COLOURS["Russia"],
}
CLAIM_TOOLTIP = [
    alt.Tooltip("date:T", title="As of", format="%d %b %Y"),
    alt.Tooltip("value:Q", title="Value", format=",~f"),
    alt.Tooltip("qualifier:N", title="Qualifier"),
    alt.Tooltip("claimant:N", title="Claimant"),
    alt.Tooltip("source_publisher:N", title="Source"),
    alt.Tooltip("source_title:N", title="Title"),
    alt.Tooltip("source_url:N", title="URL"),
]


def _clean(frame: pd.DataFrame) -> alt.Data:
    """Inline chart data: records with dates as ISO strings and missing values as null, so
    specs serialise deterministically (and never as NaN, which is not JSON)."""
    return alt.Data(values=records(frame))


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows of ``frame`` as JSON-safe dicts: dates as YYYY-MM-DD, missing values as None,
    numpy scalars as Python numbers."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    rows = []
    for row in out.astype(object).itertuples(index=False):
        rows.append({name: (None if _missing(value) else
                            value.item() if hasattr(value, "item") else value)
                     for name, value in zip(out.columns, row)})
    return rows


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def measured_long(series: pd.DataFrame, columns=("held_by_ukraine_km2", "held_or_grey_km2"),
                  start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """The measured series in long form (``date``, ``measure``, ``km2``, ``source``) for the
    chosen columns; ``held_or_grey_km2`` is DeepState's held plus grey zone. ``source`` names
    the record each value was measured from: the DeepState snapshot in force that day (UTC), or
    ISW's layer as published that day or, between publications, as last published."""
    frame = series.copy()
    frame["held_or_grey_km2"] = frame["held_by_ukraine_km2"] + frame["grey_zone_km2"]
    if start:
        frame = frame[frame["date"] >= pd.Timestamp(start)]
    if end:
        frame = frame[frame["date"] <= pd.Timestamp(end)]
    long = frame.melt(id_vars=["date", "snapshot_utc", "isw_published"],
                      value_vars=list(columns), var_name="measure",
                      value_name="km2").dropna(subset=["km2"])
    isw = long["measure"].str.startswith("isw_")
    long["source"] = [
        ("ISW/CTP Kursk layer, " + ("published that day" if published
                                    else "as last published before that day"))
        if from_isw else f"DeepStateMap snapshot of {snapshot:%Y-%m-%d %H:%M} UTC"
        for from_isw, published, snapshot in zip(isw, long["isw_published"],
                                                 long["snapshot_utc"])]
    long["source"] += "; our measurement"
    long = long.drop(columns=["snapshot_utc", "isw_published"])
    long["measure"] = long["measure"].map(MEASURED_LABELS)
    long["km2"] = long["km2"].round(1)
    return long


def _measured_lines(long: pd.DataFrame) -> alt.Chart:
    measures = list(dict.fromkeys(long["measure"]))
    scale = alt.Scale(domain=measures, range=[MEASURED_COLOURS[m] for m in measures])
    return alt.Chart(_clean(long)).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("km2:Q", title="Area (km²)"),
        color=alt.Color("measure:N", scale=scale, title="Measured",
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=400)),
        strokeDash=alt.condition(alt.datum.measure == MEASURED_LABELS["held_or_grey_km2"],
                                 alt.value([4, 3]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y", title="Date"),
                 alt.Tooltip("measure:N", title="Series"),
                 alt.Tooltip("km2:Q", format=",.0f", title="km²"),
                 alt.Tooltip("source:N", title="Source")],
    )


def claimed_vs_measured(series: pd.DataFrame, claims: pd.DataFrame | None, *, start: str, end: str,
                        title: str, measures=("held_by_ukraine_km2", "held_or_grey_km2"),
                        events: pd.DataFrame | None = None) -> alt.LayerChart:
    """Measured area (lines) beside each claimant's figures (points, coloured by the claimant's
    side, with a vertical bar where a range was given). ``claims`` as returned by
    :func:`analysis.evidence.claims.claims_with_sources`; ``events`` (optional: ``date``, ``label``)
    adds labelled vertical rules for turning points."""
    long = measured_long(series, measures, start, end)
    layers = [_measured_lines(long)]
    if claims is not None and not claims.empty:
        sides = list(dict.fromkeys(claims["claimant_side"]))
        points = alt.Chart(_clean(claims)).mark_point(size=70, filled=True, opacity=0.9).encode(
            x="date:T", y="value:Q",
            shape=alt.Shape("claimant_side:N", scale=shape_scale(sides), title="Claimed by"),
            color=alt.Color("claimant_side:N", scale=colour_scale(sides), title="Claimed by"),
            tooltip=CLAIM_TOOLTIP)
        layers.append(points)
        ranged = claims.dropna(subset=["low", "high"])
        if not ranged.empty:
            layers.append(alt.Chart(_clean(ranged)).mark_rule(strokeWidth=2).encode(
                x="date:T", y="low:Q", y2="high:Q",
                color=alt.Color("claimant_side:N", scale=colour_scale(sides), legend=None)))
    if events is not None and not events.empty:
        layers.extend(_event_rules(events))
    return alt.layer(*layers).resolve_scale(color="independent", shape="independent") \
        .properties(title=title, width=WIDTH, height=340, autosize=FIT)


def _event_rules(events: pd.DataFrame) -> list[alt.Chart]:
    """Dashed rules at ``date`` with their ``label`` on top; labels of events closer than
    ~12 days are staggered down in tiers (12 px each) so they stay readable. Where ``events``
    has ``summary`` and ``sources``, the rule's tooltip shows them."""
    extra = [c for c in ("when", "summary", "sources") if c in events]
    frame = events[["date", "label"] + extra].sort_values("date", kind="stable") \
        .reset_index(drop=True)
    tiers: list[int] = []
    last: dict[int, pd.Timestamp] = {}
    for day in pd.to_datetime(frame["date"]):
        tier = next(t for t in range(50) if t not in last or (day - last[t]).days > 12)
        last[tier] = day
        tiers.append(tier * 12)
    base = alt.Chart(_clean(frame.assign(tier_px=tiers)))
    date = (alt.Tooltip("when:N", title="Date") if "when" in extra
            else alt.Tooltip("date:T", format="%d %b %Y", title="Date"))
    tooltip = [alt.Tooltip("label:N", title="No."), date] + [
        alt.Tooltip(f"{c}:N", title={"summary": "What", "sources": "Sources"}[c])
        for c in extra if c != "when"]
    rules = base.mark_rule(color="#666666", strokeDash=[2, 2], strokeWidth=2).encode(
        x="date:T", tooltip=tooltip)
    labels = base.mark_text(align="left", dx=3, dy=0, angle=0, baseline="top", fontSize=10,
                            color="#333333").encode(
        x="date:T", y=alt.value(4), yOffset=alt.YOffset("tier_px:Q", scale=None),
        text="label:N")
    return [rules, labels]


def timeline(events: pd.DataFrame, *, title: str, lane: str = "type") -> alt.Chart:
    """Events as points on a time axis, one lane per value of ``lane`` (e.g. type or actor),
    coloured by actor; the tooltip gives the summary, status and sources. ``events`` needs
    ``date``, ``actor``, ``type``, ``place``, ``summary``, ``status`` and ``sources`` (text),
    and may carry ``when`` (the date as precise as the sources give it) for the tooltip."""
    actors = list(dict.fromkeys(events["actor"]))
    return alt.Chart(_clean(events)).mark_point(filled=True, size=90, opacity=0.85).encode(
        x=alt.X("date:T", title=None, scale=alt.Scale(padding=12)),  # px: no half points
        y=alt.Y(f"{lane}:N", title=None, sort=sorted(events[lane].unique())),
        color=alt.Color("actor:N", scale=colour_scale(actors), title="Actor"),
        shape=alt.Shape("status:N", title="Status", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=["confirmed", "claimed", "disputed"],
                                        range=["circle", "triangle-up", "diamond"])),
        tooltip=[alt.Tooltip("when:N", title="Date") if "when" in events
                 else alt.Tooltip("date:T", format="%d %b %Y", title="Date"),
                 alt.Tooltip("place:N", title="Place"), alt.Tooltip("summary:N", title="What"),
                 alt.Tooltip("status:N", title="Status"),
                 alt.Tooltip("sources:N", title="Sources")],
    ).properties(title=title, width=WIDTH, height=max(160, 34 * events[lane].nunique()),
                  autosize=FIT)


def estimates_over_time(claims: pd.DataFrame, *, title: str, y_title: str) -> alt.LayerChart:
    """Estimates by source over time: a point per claim that gave a single value (coloured and
    shaped by the claimant's side) and, for a claim given as a range, a vertical bar from low
    to high with ticks at both ends. A range is never reduced to a midpoint. One panel per
    metric label (column ``metric_label``)."""
    sides = list(dict.fromkeys(claims["claimant_side"]))
    base = alt.Chart(_clean(claims))
    colour = alt.Color("claimant_side:N", scale=colour_scale(sides), title="Estimate by")
    tooltip = CLAIM_TOOLTIP + [alt.Tooltip("low:Q", format=",~f", title="Range from"),
                              alt.Tooltip("high:Q", format=",~f", title="Range to")]
    points = base.transform_filter("isValid(datum.value)").mark_point(filled=True, size=70).encode(
        x=alt.X("date:T", title=None), y=alt.Y("value:Q", title=y_title), color=colour,
        shape=alt.Shape("claimant_side:N", scale=shape_scale(sides), title="Estimate by"),
        tooltip=tooltip)
    with_range = base.transform_filter("isValid(datum.low) && isValid(datum.high)")
    ranges = with_range.mark_rule(strokeWidth=2).encode(
        x="date:T", y=alt.Y("low:Q", title=y_title), y2="high:Q", color=colour, tooltip=tooltip)
    ends = [with_range.mark_tick(orient="horizontal", size=10, thickness=2).encode(
        x="date:T", y=f"{end}:Q", color=colour, tooltip=tooltip) for end in ("low", "high")]
    # panel names sit above each panel, so the panels can take nearly the full width
    return alt.layer(ranges, *ends, points).properties(width=WIDTH - 90, height=170).facet(
        row=alt.Row("metric_label:N", title=None, header=alt.Header(
            labelAngle=0, labelOrient="top", labelAnchor="start", labelAlign="left",
            labelFontWeight="bold"))
    ).resolve_scale(y="independent").properties(title=title)


def loss_rate_bars(rates: pd.DataFrame, *, title: str) -> alt.Chart:
    """Bars of the held area's change per day in each phase (km2/day; negative = lost)."""
    frame = rates.assign(direction=rates["km2_per_day"].map(
        lambda v: "Ukraine gained" if v > 0 else "Ukraine lost"),
        source="DeepStateMap held area at each phase's ends (phases: data/phases.csv); "
               "our computation")
    return alt.Chart(_clean(frame)).mark_bar().encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None),
        x=alt.X("km2_per_day:Q", title="Change in area held by Ukraine (km² per day)"),
        color=alt.Color("direction:N", title=None, scale=alt.Scale(
            domain=["Ukraine gained", "Ukraine lost"],
            range=[ACTOR_COLOURS["Ukraine"], ACTOR_COLOURS["Russia"]])),
        tooltip=[alt.Tooltip("label:N", title="Phase"),
                 alt.Tooltip("start:T", format="%d %b %Y", title="From"),
                 alt.Tooltip("end:T", format="%d %b %Y", title="To"),
                 alt.Tooltip("days:Q", title="Days"),
                 alt.Tooltip("held_start_km2:Q", format=",.0f", title="Held at start (km²)"),
                 alt.Tooltip("held_end_km2:Q", format=",.0f", title="Held at end (km²)"),
                 alt.Tooltip("km2_per_day:Q", format=",.1f", title="km² per day"),
                 alt.Tooltip("source:N", title="Source")],
    ).properties(title=title, width=WIDTH, height=40 * len(frame) + 20, autosize=FIT)


def comparison_bars(frame: pd.DataFrame, *, title: str, x_title: str,
                    share: str | None = None) -> alt.TopLevelMixin:
    """Horizontal bars comparing a few sourced quantities on one linear scale: ``label``,
    ``value``, ``actor`` (for the colour) and ``note`` (tooltip: source and method);
    ``share`` names an optional percentage column shown in the tooltip."""
    actors = list(dict.fromkeys(frame["actor"]))
    tooltip = [alt.Tooltip("label:N", title="What"),
               alt.Tooltip("value:Q", format=",.0f", title=x_title),
               alt.Tooltip("note:N", title="Source and method")]
    if share:
        tooltip.append(alt.Tooltip(f"{share}:Q", format=".1f", title="Share of oblast (%)"))
    bars = alt.Chart(_clean(frame)).mark_bar().encode(
        y=alt.Y("label:N", sort=list(frame["label"]), title=None,
                axis=alt.Axis(labelLimit=320)),
        # head-room right of the longest bar for its value label
        x=alt.X("value:Q", title=x_title,
                scale=alt.Scale(domain=[0, float(frame["value"].max()) * 1.15])),
        color=alt.Color("actor:N", scale=colour_scale(actors), legend=None),
        tooltip=tooltip)
    text = bars.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=",.0f"))
    return alt.layer(bars, text).properties(title=title, width=WIDTH,
                                            height=45 * len(frame) + 20, autosize=FIT)


def monthly_gains(gains: pd.DataFrame, means: pd.DataFrame, kursk: pd.DataFrame, *,
                  title: str) -> alt.VConcatChart:
    """Two panels on one monthly axis. Above: bars of Russia's monthly gain in Ukraine
    (``gains``: ``month``, ``gain_km2``, ``window``, ``source``), each window's mean drawn as a
    rule across its months with its value (``means``: ``window``, ``first``, ``last``,
    ``mean_gain_km2``), the incursion's months shaded. Below: the area Ukraine held in Kursk
    oblast at each month's end (``kursk``: ``month``, ``held_by_ukraine_km2``, ``source``)."""
    months = alt.X("yearmonth(month):T", title=None,
                   scale=alt.Scale(domain=[f"{gains['month'].min():%Y-%m-%d}",
                                           f"{gains['month'].max() + pd.offsets.MonthEnd(0):%Y-%m-%d}"]),
                   axis=alt.Axis(format="%b %Y", labelAngle=-40, tickCount=12))
    during = means[means["window"].str.startswith("During")]
    shade = alt.Chart(_clean(during.assign(end=during["last"] + pd.offsets.MonthEnd(0)))).mark_rect(
        color=ACTOR_COLOURS["contested"], opacity=0.15).encode(x="first:T", x2="end:T")
    bars = alt.Chart(_clean(gains)).mark_bar(color=ACTOR_COLOURS["Russia"], opacity=0.85,
                                             width={"band": 0.8}).encode(
        x=months, y=alt.Y("gain_km2:Q", title="Russian gain in Ukraine (km² per month)"),
        tooltip=[alt.Tooltip("month:T", format="%B %Y", title="Month"),
                 alt.Tooltip("gain_km2:Q", format=",.0f", title="Gain (km²)"),
                 alt.Tooltip("held_km2:Q", format=",.0f", title="Held at month's end (km²)"),
                 alt.Tooltip("window:N", title="Window"),
                 alt.Tooltip("source:N", title="Source")])
    spans = means.assign(end=means["last"] + pd.offsets.MonthEnd(0),
                         label=[f"{w.split(' ')[0]}: {v:,.0f} km²/month"
                                for w, v in zip(means["window"], means["mean_gain_km2"])],
                         source="Mean of the window's monthly gains; our computation")
    rules = alt.Chart(_clean(spans)).mark_rule(color=ACTOR_COLOURS["independent"],
                                               strokeWidth=2, strokeDash=[5, 3]).encode(
        x="first:T", x2="end:T", y="mean_gain_km2:Q",
        tooltip=[alt.Tooltip("window:N", title="Window"),
                 alt.Tooltip("mean_gain_km2:Q", format=",.0f", title="Mean gain (km²/month)"),
                 alt.Tooltip("source:N", title="Source")])
    labels = rules.mark_text(align="left", dx=2, dy=-7, fontSize=11,
                             color=ACTOR_COLOURS["independent"]).encode(text="label:N")
    top = alt.layer(shade, bars, rules, labels).properties(width=WIDTH - 70, height=230)
    held = alt.Chart(_clean(kursk)).mark_bar(color=ACTOR_COLOURS["Ukraine"],
                                             width={"band": 0.8}).encode(
        x=months, y=alt.Y("held_by_ukraine_km2:Q", title="Held by Ukraine in Kursk (km²)"),
        tooltip=[alt.Tooltip("month:T", format="%B %Y", title="Month"),
                 alt.Tooltip("held_by_ukraine_km2:Q", format=",.0f",
                             title="Held at month's end (km²)"),
                 alt.Tooltip("source:N", title="Source")])
    bottom = alt.layer(shade, held).properties(width=WIDTH - 70, height=110)
    return alt.vconcat(top, bottom, spacing=8).properties(title=title)
