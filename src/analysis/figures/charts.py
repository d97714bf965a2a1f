"""Altair charts of the report. Each function takes data and returns a chart; colours come from
:mod:`analysis.figures.theme`, never from here. Areas are km2; dates are calendar days.
"""
from __future__ import annotations

import math
import textwrap

import altair as alt
import pandas as pd

from .. import dates
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


def headroom(*values) -> list[float]:
    """A y domain from 0 to a round number at least 5 % above the largest of ``values`` (any
    mix of numbers and series), so no point or label sits on the plot's top edge."""
    top = max(float(pd.Series(v).max()) if not isinstance(v, (int, float)) else float(v)
              for v in values if v is not None)
    step = 10 ** math.floor(math.log10(top * 1.05)) / 10 if top > 0 else 1
    return [0, math.ceil(top * 1.05 / step) * step]

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
    """Step lines of the measured series (``long`` from :func:`measured_long`); callers set
    the x encoding's scale and axis."""
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
                        events: pd.DataFrame | None = None,
                        spans: pd.DataFrame | None = None) -> alt.TopLevelMixin:
    """Measured area (lines) beside each claimant's figures (points, coloured by the claimant's
    side, with a vertical bar where a range was given). ``claims`` as returned by
    :func:`analysis.evidence.claims.claims_with_sources`; ``events`` (optional: ``date``,
    ``label``) are labelled in a lane above the chart, each with a dashed rule across it;
    ``spans`` (optional: ``date``, ``end``, ``label``) are shaded periods."""
    long = measured_long(series, measures, start, end)
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[start, end]),
              axis=date_axis(start, end))
    tops = [long["km2"]] + ([claims["value"], claims["high"]] if claims is not None
                            and not claims.empty else [])
    y_scale = alt.Scale(domain=headroom(*[t.dropna() for t in tops if t.notna().any()]))
    layers = []
    if spans is not None and not spans.empty:
        layers.append(alt.Chart(_clean(spans)).mark_rect(
            color=ACTOR_COLOURS["contested"], opacity=0.18).encode(
            x=x, x2="end:T", tooltip=[alt.Tooltip("label:N", title="Period")] + (
                [alt.Tooltip("sources:N", title="Sources")] if "sources" in spans else [])))
    layers.append(_measured_lines(long).encode(x=x, y=alt.Y("km2:Q", title="Area (km²)",
                                                            scale=y_scale)))
    if claims is not None and not claims.empty:
        sides = list(dict.fromkeys(claims["claimant_side"]))
        points = alt.Chart(_clean(claims)).mark_point(size=70, filled=True, opacity=0.9).encode(
            x=x, y=alt.Y("value:Q", scale=y_scale),
            shape=alt.Shape("claimant_side:N", scale=shape_scale(sides), title="Claimed by",
                            legend=alt.Legend(orient="bottom")),
            color=alt.Color("claimant_side:N", scale=colour_scale(sides), title="Claimed by",
                            legend=alt.Legend(orient="bottom")),
            tooltip=CLAIM_TOOLTIP)
        layers.append(points)
        ranged = claims.dropna(subset=["low", "high"])
        if not ranged.empty:
            layers.append(alt.Chart(_clean(ranged)).mark_rule(strokeWidth=2).encode(
                x=x, y="low:Q", y2="high:Q",
                color=alt.Color("claimant_side:N", scale=colour_scale(sides), legend=None)))
    if events is None or events.empty:
        return alt.layer(*layers).resolve_scale(color="independent", shape="independent") \
            .properties(title=title, width=PLOT_WIDTH, height=340)
    if spans is not None and not spans.empty:  # a shaded period is named in the lane too
        events = pd.concat([events, spans[["date", "label"]]], ignore_index=True)
    listing = None
    if len(events) > MAX_DIRECT_LABELS:  # numbers in the lane, the events listed below
        events = numbered_marks(events)
        listing = event_list(events)
        events = events.assign(label=events["number"])
    lane, rules = _event_lane(events, start, end,
                              alt.X("date:T", title=None, scale=alt.Scale(domain=[start, end]),
                                    axis=None), x)
    chart = alt.layer(*layers, *rules).resolve_scale(color="independent", shape="independent") \
        .properties(width=PLOT_WIDTH, height=320)
    # "flush" bounds align the two plot areas (the lane has no y axis to push it right)
    parts = [lane, chart] + ([listing] if listing is not None else [])
    return alt.vconcat(*parts, spacing=0, bounds="flush").properties(title=title)


#: The most events a chart names in words above it; with more, they are numbered there and
#: listed under the chart (:func:`event_list`).
MAX_DIRECT_LABELS = 10
#: Row height (px) of the numbered event list, and its first row's distance (px) from the
#: chart above (clearing the date axis and the legend under it).
LIST_ROW = 15
LIST_TOP = 112
#: Characters of a list line that fit the plot's width at the list's font.
LIST_CHARS = 95


def numbered_marks(events: pd.DataFrame) -> pd.DataFrame:
    """``events`` (``date``, ``label``, optional ``date_precision``) in date order with
    ``number`` "1", "2", … (kept if given) and ``when``, the date at its precision as a chart
    shows it ("13 Mar 2025", "Mar 2025")."""
    frame = events.sort_values("date", kind="stable").reset_index(drop=True)
    if "number" not in frame or frame["number"].isna().any():
        frame["number"] = [str(i + 1) for i in range(len(frame))]
    precision = frame["date_precision"] if "date_precision" in frame else ["day"] * len(frame)
    frame["when"] = [dates.short(d, p if isinstance(p, str) else "day")
                     for d, p in zip(frame["date"], precision)]
    return frame


def event_list(events: pd.DataFrame, top: int = LIST_TOP) -> alt.LayerChart:
    """The numbered list of :func:`numbered_marks` as a chart to place under the one it
    explains: one line per event, "12.  13 Mar 2025  Putin claims …", and where ``events``
    has a ``detail`` column, grey lines under it (sources, who said it), wrapped to the
    chart's width. ``top``: the first line's distance (px) from the chart above."""
    details = ([textwrap.wrap(str(d), LIST_CHARS - 4) for d in events["detail"]]
               if "detail" in events else [[] for _ in range(len(events))])
    starts, y = [], top + LIST_ROW / 2
    for lines in details:
        starts.append(y)
        y += LIST_ROW * (1 + len(lines))
    rows = pd.DataFrame({
        "line": [f"{n}.  {w}  {label}" for n, w, label in
                 zip(events["number"], events["when"], events["label"])],
        "y_px": starts,
        "detail": [lines or [""] for lines in details],
        "below": [s + LIST_ROW for s in starts]})
    chart = alt.Chart(alt.Data(values=rows.to_dict("records")))
    layers = [chart.mark_text(align="left", fontSize=LANE_FONT + 1, baseline="middle",
                              color="#222222").encode(
        x=alt.value(0), y=alt.Y("y_px:Q", scale=None), text="line:N")]
    if any(details):
        layers.append(chart.mark_text(align="left", fontSize=LANE_FONT + 1, baseline="middle",
                                      color="#555555", lineHeight=LIST_ROW).encode(
            x=alt.value(18), y=alt.Y("below:Q", scale=None),
            text=alt.Text("detail", type="nominal")))
    chart_ = alt.layer(*layers).properties(width=PLOT_WIDTH, height=int(y + 6))
    assert isinstance(chart_, alt.LayerChart)
    return chart_


#: Vega label expressions of the two-level time axis: the month (or day and month) on the first
#: line, the year on a second line under the first tick and under each January.
TWO_LEVEL_MONTHS = ("[timeFormat(datum.value, '%b'), datum.index == 0 || "
                    "month(datum.value) == 0 ? timeFormat(datum.value, '%Y') : '']")
TWO_LEVEL_DAYS = ("[timeFormat(datum.value, '%-d %b'), datum.index == 0 || "
                  "(month(datum.value) == 0 && date(datum.value) <= 7) ? "
                  "timeFormat(datum.value, '%Y') : '']")


def date_axis(start, end, **options) -> alt.Axis:
    """The report's one time axis, in two levels: months ("Aug") over spans of more than four
    months, else days ("6 Aug"), with the year once on a second line under the first tick
    and again under each new year's first tick. Vega hides labels nearer than 4 px to each
    other (``labelSeparation``). A caller's ``format`` replaces the two levels."""
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    if days > 122:
        step = max(1, round(days / 30.4 / 6))
        settings: dict = {"labelExpr": TWO_LEVEL_MONTHS,
                          "tickCount": {"interval": "month", "step": step}}
    else:
        settings = {"labelExpr": TWO_LEVEL_DAYS, "tickCount": 5}
    if "format" in options:
        settings.pop("labelExpr")
    return alt.Axis(**{"labelOverlap": True, "labelSeparation": 4, **settings, **options})


#: Event labels above a chart: the plot's width (px), a tier's height (px), font size (px).
PLOT_WIDTH = 560
LANE_ROW = 14
LANE_FONT = 10


def lane_layout(marks: pd.DataFrame, start, end, width: int = PLOT_WIDTH) -> pd.DataFrame:
    """Tiers for event labels (``date``, ``label``) over a time axis from ``start`` to ``end``
    drawn ``width`` px wide: each label starts just right of its date, or where that would run
    off the chart ends just left of it (or, longer than either side, starts at the left edge),
    and goes in the first tier where its estimated box clears every other label by 8 px. Adds
    ``x_px`` (the date), ``text_px`` (where the text starts), ``align``, ``text_date`` (the
    text's anchor as a date, for the chart), ``tier`` and ``y_px`` (the tier's middle, px
    from the lane's top)."""
    from .placement import text_width

    first, last = pd.Timestamp(start), pd.Timestamp(end)
    frame = marks.sort_values("date", kind="stable").reset_index(drop=True).copy()
    span = (last - first).total_seconds()
    xs = [(pd.Timestamp(d) - first).total_seconds() / span * width for d in frame["date"]]
    tiers: list[list[tuple[float, float]]] = []
    lefts, anchors, aligns, chosen = [], [], [], []
    for x, text in zip(xs, frame["label"]):
        w = text_width(str(text), LANE_FONT)
        if x + 3 + w <= width:          # starts at its date
            left, anchor, align = x + 3, x + 3, "left"
        elif x - 3 - w >= 0:            # ends at its date
            left, anchor, align = x - 3 - w, x - 3, "right"
        else:                           # longer than either side: starts at the left edge
            left, anchor, align = 0.0, 0.0, "left"
        box = (left - 4, left + w + 4)
        tier = next((i for i, used in enumerate(tiers)
                     if all(box[1] <= a or box[0] >= b for a, b in used)), len(tiers))
        if tier == len(tiers):
            tiers.append([])
        tiers[tier].append(box)
        lefts.append(left)
        anchors.append(anchor)
        aligns.append(align)
        chosen.append(tier)
    frame["x_px"], frame["text_px"], frame["tier"] = xs, lefts, chosen
    frame["align"] = aligns
    frame["text_date"] = [first + pd.Timedelta(seconds=a / width * span) for a in anchors]
    frame["y_px"] = [t * LANE_ROW + LANE_ROW / 2 for t in chosen]
    return frame


def _event_lane(marks: pd.DataFrame, start, end, x: alt.X,
                x_below: alt.X) -> tuple[alt.LayerChart | alt.FacetChart, list]:
    """The label lane over a time chart: each event's ``label`` in its tier (see
    :func:`lane_layout`) with a thin rule down to the lane's foot, and the dashed rules to
    draw across the chart below. Where ``marks`` has ``summary``, ``when`` and ``sources``,
    the rules' tooltips show them. ``x``: the lane's x encoding (no axis); ``x_below``: the
    chart's."""
    laid = lane_layout(marks, start, end)
    height = (int(laid["tier"].max()) + 1) * LANE_ROW + 4
    extra = [c for c in ("when", "summary", "sources") if c in laid]
    tooltip = [alt.Tooltip("label:N", title="Event"),
               alt.Tooltip("when:N", title="Date") if "when" in extra
               else alt.Tooltip("date:T", format="%d %b %Y", title="Date")] + [
        alt.Tooltip(f"{c}:N", title={"summary": "What", "sources": "Sources"}[c])
        for c in extra if c != "when"]
    base = alt.Chart(_clean(laid[["date", "text_date", "label", "align", "y_px"] + extra]))
    stems = base.mark_rule(color="#999999", strokeWidth=1).encode(
        x=x, y=alt.Y("y_px:Q", scale=None), y2=alt.value(height), tooltip=tooltip)
    at_text = alt.X("text_date:T", scale=alt.Scale(domain=[str(start), str(end)]), axis=None)
    where = dict(x=at_text, y=alt.Y("y_px:Q", scale=None), text="label:N")
    texts = []
    for align in sorted(set(laid["align"])):
        rows = base.transform_filter(alt.datum.align == align)
        style: dict = dict(align=align, baseline="middle", fontSize=LANE_FONT)
        # a white halo keeps each label legible where another event's stem passes behind it
        texts += [rows.mark_text(**style, color="white", stroke="white", strokeWidth=3,
                                 strokeJoin="round").encode(**where),
                  rows.mark_text(**style, color="#222222").encode(**where, tooltip=tooltip)]
    lane = alt.layer(stems, *texts).properties(width=PLOT_WIDTH, height=height)
    rules = [base.mark_rule(color="#666666", strokeDash=[2, 2], strokeWidth=1.5).encode(
        x=x_below, tooltip=tooltip)]
    return lane, rules


#: Chronology layout: width of the dot panel, row height and font size (px).
CHRONO_DOTS = 150
CHRONO_ROW = 17
CHRONO_FONT = 11
#: Alternating tints of the phases behind a chronology's dots.
PHASE_TINTS = ["#f1f1f1", "#e2e2e2"]


def chronology_rows(events: pd.DataFrame, phases: pd.DataFrame) -> pd.DataFrame:
    """One row per event in date order, preceded by a header row for each phase it enters
    (``kind`` "phase" or "event"), with the row's text: the date as precise as the sources
    give it, with the year ("6 Aug 2024", or "Aug 2024" for a month), then the ``headline``;
    ``y_px`` is the row's middle in pixels. An event dated only by its month (or year) is
    filed under the phase that holds the whole month; where the month spans phases it gets a
    heading of its own ("During August 2024"). ``date`` and ``date_end`` are the first and
    last day the date may stand for."""
    frame = events.assign(precision=events["date_precision"] if "date_precision" in events
                          else "day")
    def order(event) -> tuple:
        # a month that spans phases is listed just before the phase it runs into
        first_day, last_day = dates.span(event.date, event.precision)
        later = phases[(phases["start"] > first_day) & (phases["start"] <= last_day)]
        return (later["start"].iloc[-1], 0) if not later.empty else (first_day, 1)

    frame = frame.assign(order=[order(e) for e in frame.itertuples(index=False)])
    frame = frame.sort_values(["order", "event_id"], kind="stable").reset_index(drop=True)
    rows = []
    current = None
    for event in frame.itertuples(index=False):
        first_day, last_day = dates.span(event.date, event.precision)
        phase = phases[(phases["start"] <= first_day) & (phases["end"] >= last_day)]
        if not phase.empty:
            label = phase["label"].iloc[0]
            heading = f"{label} ({dates.short(phase['start'].iloc[0])} to " \
                      f"{dates.short(phase['end'].iloc[0])})"
        else:
            heading = f"During {dates.long(event.date, event.precision)} (date given only " \
                      f"as the {event.precision})"
        if heading != current:
            rows.append({"kind": "phase", "text": heading, "date": None})
            current = heading
        day = dates.short(event.date, event.precision)
        rows.append({"kind": "event", "text": f"{day}   {event.headline}", "date": first_day,
                     "date_end": last_day, "precision": event.precision,
                     **{c: getattr(event, c) for c in ("actor", "status", "summary", "sources",
                                                       "place", "when") if hasattr(event, c)}})
    out = pd.DataFrame(rows)
    out["y_px"] = [i * CHRONO_ROW + CHRONO_ROW / 2 for i in range(len(out))]
    return out


def chronology(events: pd.DataFrame, phases: pd.DataFrame, *, title: str) -> alt.LayerChart:
    """A labelled chronology that reads without hovering: one line per event ("06 Aug 2024
    Headline"), grouped under the phases of ``phases`` (``label``, ``start``, ``end``), with a
    narrow time panel on the left placing each event in time, coloured by actor and shaped by
    status, the phases shaded behind. ``events`` needs ``date``, ``headline``, ``actor``,
    ``status``, ``summary``, ``sources`` (tooltip) and may carry ``date_precision``."""
    rows = chronology_rows(events, phases)
    height = int(len(rows) * CHRONO_ROW)
    first, last = events["date"].min(), events["date"].max()
    pad = pd.Timedelta(days=max(2, (last - first).days // 40))
    start, end = first - pad, last + pad
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[f"{start:%Y-%m-%d}",
                                                            f"{end:%Y-%m-%d}"],
                                                    range=[0, CHRONO_DOTS]),
              axis=date_axis(start, end, orient="top", labelAngle=0, labelFontSize=10,
                             format="%b %Y", tickCount={"interval": "month", "step": max(
                                 1, -(-(end - start).days // 61))}))
    shown = phases[(phases["end"] >= start) & (phases["start"] <= end)].copy()
    shown["from"] = shown["start"].clip(lower=start)
    shown["to"] = shown["end"].clip(upper=end)
    shown["tint"] = [PHASE_TINTS[i % 2] for i in range(len(shown))]
    bands = alt.Chart(_clean(shown[["label", "from", "to", "tint"]])).mark_rect().encode(
        x=alt.X("from:T", scale=alt.Scale(domain=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
                                          range=[0, CHRONO_DOTS])),
        x2="to:T", y=alt.value(0), y2=alt.value(height),
        color=alt.Color("tint:N", scale=None), tooltip=alt.Tooltip("label:N", title="Phase"))
    items = rows[rows["kind"] == "event"]
    actors = list(dict.fromkeys(items["actor"]))
    tooltip = [alt.Tooltip(c, title=t) for c, t in (("when:N", "Date"), ("place:N", "Place"),
                                                     ("summary:N", "What"),
                                                     ("status:N", "Status"),
                                                     ("sources:N", "Sources"))
               if c.split(":")[0] in items]
    base = alt.Chart(_clean(items.drop(columns="kind")))
    # a month-only event is a bar over its month, not a dot on its first day
    months = base.transform_filter("datum.precision != 'day'").mark_rule(
        strokeWidth=4, opacity=0.8).encode(
        x=x, x2="date_end:T", y=alt.Y("y_px:Q", scale=None),
        color=alt.Color("actor:N", scale=colour_scale(actors), legend=None), tooltip=tooltip)
    everything, base = base, base.transform_filter("datum.precision == 'day'")
    dots = base.mark_point(filled=True, size=40, opacity=0.9).encode(
        x=x, y=alt.Y("y_px:Q", scale=None),
        color=alt.Color("actor:N", scale=colour_scale(actors), title="Actor",
                        legend=alt.Legend(orient="bottom", columns=4)),
        shape=alt.Shape("status:N", title="Status", legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(domain=["confirmed", "claimed", "disputed"],
                                        range=["circle", "triangle-up", "diamond"])),
        tooltip=tooltip)
    guides = everything.mark_rule(color="#d9d9d9", strokeWidth=0.6).encode(
        y=alt.Y("y_px:Q", scale=None), x=x, x2=alt.value(CHRONO_DOTS))
    lines = everything.mark_text(align="left", baseline="middle", fontSize=CHRONO_FONT,
                           color="#1a1a1a").encode(
        x=alt.value(CHRONO_DOTS + 10), y=alt.Y("y_px:Q", scale=None), text="text:N",
        tooltip=tooltip)
    headers = alt.Chart(_clean(rows[rows["kind"] == "phase"][["text", "y_px"]])).mark_text(
        align="left", baseline="middle", fontSize=CHRONO_FONT, fontWeight="bold",
        color="#555555").encode(x=alt.value(CHRONO_DOTS + 10), y=alt.Y("y_px:Q", scale=None),
                                text="text:N")
    return alt.layer(bands, guides, months, dots, lines, headers) \
        .resolve_scale(color="independent") \
        .properties(title=title, width=WIDTH - 10, height=height)


#: Panel size of :func:`estimates_over_time` (px) and the least vertical distance (px) between
#: two labels in one panel; nearer than that, only the larger estimate keeps its label.
ESTIMATE_PANEL = (WIDTH - 90, 170)
LABEL_CLEARANCE = 16


def estimate_labels(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims of :func:`estimates_over_time` that carry a direct label: in each panel
    (``metric_label``) the largest estimate and the latest one (one label when they are the
    same claim, or when they would sit nearer than :data:`LABEL_CLEARANCE` px, then the
    largest). Adds ``label`` ("Ukraine, Jul 2025: at least 80,000") and ``align``
    (left of the point in the later half of the time axis, else right of it)."""
    frame = claims.assign(top=claims["high"].fillna(claims["value"]),
                          day=pd.to_datetime(claims["date"]))
    start, end = frame["day"].min(), frame["day"].max()
    middle = start + (end - start) / 2
    chosen = []
    for _, panel in frame.groupby("metric_label", sort=False):
        largest = panel.sort_values(["top", "day"]).iloc[-1]
        latest = panel.sort_values(["day", "top"]).iloc[-1]
        picks = [largest]
        height = ESTIMATE_PANEL[1] / max(panel["top"].max(), 1)
        if latest.name != largest.name and \
                abs(latest["top"] - largest["top"]) * height >= LABEL_CLEARANCE:
            picks.append(latest)
        chosen += picks
    out = pd.DataFrame(chosen)

    def figure(row) -> str:
        if pd.notna(row["low"]) and pd.notna(row["high"]):
            number = f"{row['low']:,.0f}–{row['high']:,.0f}"
        else:
            number = f"{row['value']:,.0f}"
        qualifier = row.get("qualifier")
        if isinstance(qualifier, str) and qualifier and qualifier != "exact":
            number = f"{qualifier.replace('_', ' ')} {number}"
        precision = row.get("date_precision") or "day"
        when = dates.short(row["date"], "month" if precision == "day" else precision)
        side = row["claimant_side"]
        return f"{side[:1].upper() + side[1:]}, {when}: {number}"

    out["label"] = out.apply(figure, axis=1)
    # a figure both sides gave alike (one exchange, counted by each) names both
    for index, row in out.iterrows():
        same = frame[(frame["metric_label"] == row["metric_label"]) & (frame["date"] == row["date"])
                     & (frame["top"] == row["top"])]["claimant_side"].drop_duplicates()
        if len(same) > 1:
            sides = " and ".join(sorted(same))
            out.loc[index, "label"] = sides + row["label"][len(row["claimant_side"]):]
    out["align"] = ["right" if day > middle else "left" for day in out["day"]]
    return out.drop(columns=["top", "day"])


def estimates_over_time(claims: pd.DataFrame, *, title: str, y_title: str) -> alt.FacetChart:
    """Estimates by source over time: a point per claim that gave a single value (coloured and
    shaped by the claimant's side) and, for a claim given as a range, a vertical bar from low
    to high with ticks at both ends. A range is never reduced to a midpoint. One panel per
    metric label (column ``metric_label``); in each, the largest and the latest estimate are
    labelled on the chart (see :func:`estimate_labels`), so it reads without hovering."""
    sides = list(dict.fromkeys(claims["claimant_side"]))
    labels = estimate_labels(claims)
    data = claims.merge(labels[["claim_id", "label", "align"]], on="claim_id", how="left")
    # room above each panel's largest estimate for its label: an invisible rule the y scale
    # must reach (a scale's padding would push 0 off the bottom too)
    tops = data["high"].fillna(data["value"]).groupby(data["metric_label"]).transform("max")
    data = data.assign(room=tops * (1 + LABEL_CLEARANCE / ESTIMATE_PANEL[1]))
    base = alt.Chart(_clean(data))
    colour = alt.Color("claimant_side:N", scale=colour_scale(sides), title="Estimate by")
    tooltip = CLAIM_TOOLTIP + [alt.Tooltip("low:Q", format=",~f", title="Range from"),
                              alt.Tooltip("high:Q", format=",~f", title="Range to")]
    x = alt.X("date:T", title=None, axis=date_axis(claims["date"].min(), claims["date"].max()))
    y_scale = alt.Scale(zero=True)
    points = base.transform_filter("isValid(datum.value)").mark_point(filled=True, size=70).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=y_scale), color=colour,
        shape=alt.Shape("claimant_side:N", scale=shape_scale(sides), title="Estimate by"),
        tooltip=tooltip)
    with_range = base.transform_filter("isValid(datum.low) && isValid(datum.high)")
    ranges = with_range.mark_rule(strokeWidth=2).encode(
        x=x, y=alt.Y("low:Q", title=y_title, scale=y_scale), y2="high:Q", color=colour,
        tooltip=tooltip)
    ends = [with_range.mark_tick(orient="horizontal", size=10, thickness=2).encode(
        x=x, y=f"{end}:Q", color=colour, tooltip=tooltip) for end in ("low", "high")]
    labelled = base.transform_filter("isValid(datum.label)").transform_calculate(
        at="isValid(datum.high) ? datum.high : datum.value")
    texts = [labelled.transform_filter(f"datum.align == '{side}'").mark_text(
        align=side, dx=9 if side == "left" else -9, baseline="middle", fontSize=11,
        color="#222222").encode(x=x, y=alt.Y("at:Q", scale=y_scale), text="label:N")
        for side in ("left", "right")]
    room = base.mark_rule(opacity=0).encode(y=alt.Y("room:Q", scale=y_scale))
    # panel names sit above each panel, so the panels can take nearly the full width
    width, height = ESTIMATE_PANEL
    return alt.layer(room, ranges, *ends, points, *texts).properties(
        width=width, height=height).facet(
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
    ``share`` names an optional percentage column, written after each bar's value."""
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
    shown = (f"format(datum.value, ',.0f') + ' km² (' + format(datum.{share}, '.1f') + ' %)'"
             if share else "format(datum.value, ',.0f')")  # the share on the bar, not a tooltip
    # a long bar carries its value inside its end, in white; the others just past their end
    long_bar = f"datum.value > {float(frame['value'].max()) * 0.5}"
    labelled = bars.transform_calculate(shown=shown)
    texts = [labelled.transform_filter(long_bar).mark_text(
                 align="right", dx=-6, color="white", fontWeight="bold").encode(
                 text="shown:N", color=alt.value("white")),
             labelled.transform_filter(f"!({long_bar})").mark_text(align="left", dx=4).encode(
                 text="shown:N")]
    return alt.layer(bars, *texts).properties(title=title, width=WIDTH,
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
                   axis=alt.Axis(labelExpr=TWO_LEVEL_MONTHS, labelAngle=0, labelSeparation=4,
                                 tickCount={"interval": "month", "step": 2}))
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


#: Colour and dash of each series of :func:`holds_by_month`, by its ``series`` name.
HOLD_STYLES = {
    "Ukraine in Kursk oblast": (ACTOR_COLOURS["Ukraine"], [1, 0]),
    "Russia in Sumy oblast": (ACTOR_COLOURS["Russia"], [1, 0]),
    "Russia along Kharkiv oblast's border": (ACTOR_COLOURS["Russia"], [6, 3]),
}


def holds_by_month(long: pd.DataFrame, band: pd.DataFrame, *,
                   band_label: str) -> alt.TopLevelMixin:
    """Areas held month by month as lines with a point a month, each drawn at the day it was
    measured (``long``: ``month``, ``date`` the day measured, ``series`` as in :data:`HOLD_STYLES`, ``km2``, ``source``), each line
    named by a direct label (rows of ``long`` with a non-empty ``label``, set left of the
    point where ``label_align`` is "right" and above it where ``label_baseline`` is
    "bottom", well below it where "top"), and ``band`` (``month``, ``low``,
    ``high``, ``date``, ``source``) shaded between two values and named ``band_label`` inside
    it at its last month."""
    names = [s for s in HOLD_STYLES if s in set(long["series"])]
    colour = alt.Color("series:N", scale=alt.Scale(domain=names,
                                                   range=[HOLD_STYLES[s][0] for s in names]),
                       legend=None)
    dash = alt.StrokeDash("series:N", scale=alt.Scale(domain=names,
                                                      range=[HOLD_STYLES[s][1] for s in names]),
                          legend=None)
    start, end = long["date"].min(), long["date"].max()
    x = alt.X("date:T", title=None, axis=date_axis(start, end),
              scale=alt.Scale(domain=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"]))
    tooltip = [alt.Tooltip("series:N", title="Series"),
               alt.Tooltip("date:T", format="%d %b %Y", title="Measured on"),
               alt.Tooltip("km2:Q", format=",.0f", title="km²"),
               alt.Tooltip("source:N", title="Source")]
    base = alt.Chart(_clean(long))
    shade = alt.Chart(_clean(band)).mark_area(color=ACTOR_COLOURS["Russia"], opacity=0.18,
                                              interpolate="linear").encode(
        x=x, y="low:Q", y2="high:Q",
        tooltip=[alt.Tooltip("date:T", format="%d %b %Y", title="Measured on"),
                 alt.Tooltip("high:Q", format=",.0f", title="km² with it"),
                 alt.Tooltip("source:N", title="Source")])
    lines = base.mark_line().encode(
        x=x, y=alt.Y("km2:Q", title="Area held (km²)",
                     # room above the highest point for its label
                     scale=alt.Scale(domain=headroom(long["km2"].dropna()))),
        color=colour, strokeDash=dash,
        detail="series:N")
    points = base.mark_point(filled=True, size=28).encode(
        x=x, y="km2:Q", color=colour, tooltip=tooltip)
    labelled = long[long["label"].fillna("") != ""]
    texts = []
    for (align, baseline), rows in labelled.groupby(["label_align", "label_baseline"]):
        texts.append(alt.Chart(_clean(rows)).mark_text(
            align=align, baseline=baseline, dx=-4 if align == "right" else 6,
            dy=-6 if baseline == "bottom" else 16, fontSize=11, fontWeight="bold").encode(
            x=x, y="km2:Q", text="label:N", color=colour))
    last = band.iloc[[-1]].assign(label=band_label)
    band_text = alt.Chart(_clean(last)).transform_calculate(
        middle="(datum.low + datum.high) / 2").mark_text(
        align="right", baseline="middle", dx=-6, fontSize=10,
        color=ACTOR_COLOURS["Russia"]).encode(x=x, y="middle:Q", text="label:N")
    # the title and subtitle are the figure's (analysis.figures.registry.titled)
    return alt.layer(shade, lines, points, *texts, band_text).properties(
        width=WIDTH, height=HOLD_HEIGHT,
        autosize=FIT)


#: Height (px) of :func:`holds_by_month`.
HOLD_HEIGHT = 340
