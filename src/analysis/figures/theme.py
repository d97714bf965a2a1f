"""The one chart theme and the one palette: a fixed colour per actor, typography, sizes.

Colours are the Okabe-Ito set, chosen to stay distinguishable with the common colour-vision
deficiencies. Every chart takes its colours from :data:`ACTOR_COLOURS` / :func:`colour_scale`.
"""
from __future__ import annotations

import altair as alt

#: One fixed colour per actor or layer; used by every chart and map.
ACTOR_COLOURS = {
    "Ukraine": "#0072B2",        # blue
    "Russia": "#D55E00",         # vermillion
    "North Korea": "#CC79A7",    # reddish purple
    "contested": "#999999",      # grey: DeepState's grey zone, unknown status
    "United States": "#009E73",  # bluish green
    "South Korea": "#E69F00",    # orange
    "independent": "#000000",    # black: measured or independent assessments
    "NATO": "#56B4E9",           # sky blue
    "United Kingdom": "#56B4E9",
    "IAEA": "#F0E442",
    "other": "#7F7F7F",
}
#: Land DeepState shows as occupied Ukraine that Natural Earth's border puts in Russia: a pale
#: tint of Russia's colour (the same hold, on the far side of the border we measure by).
OUTSIDE_BORDER = "#F4B183"
#: Map fills for land that is no actor's layer.
LAND_RUSSIA = "#f2efe9"
LAND_UKRAINE = "#e8eef3"
#: Land of third countries, and the stronger tints of the small locator inset.
LAND_OTHER = "#fbfbfb"
INSET_RUSSIA = "#e3ddd0"
INSET_UKRAINE = "#cfdde9"
BORDER = "#333333"
#: Facilities on maps (the Kursk nuclear plant): a colour no actor or layer uses.
FACILITY = "#5b2a86"
#: Routes on maps (the Russian gas-pipeline raid): drawn in Russia's colour.
ROUTE = ACTOR_COLOURS["Russia"]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
#: The font of the exported SVG and PNG: one a viewer can match by name or by metrics (Liberation
#: Sans has Arial's widths), so a chart laid out by vl-convert keeps its layout wherever the SVG
#: is opened; the page's own charts are laid out by the reader's browser in :data:`FONT`.
EXPORT_FONT = "'Liberation Sans', Arial, Helvetica, sans-serif"
WIDTH = 640
#: Single and layered charts shrink their plot so that axes, labels and legends fit in WIDTH
#: across (the page column holds about 670 px); heights stay as set, and compositions size
#: their panels by hand.
FIT = {"type": "fit-x", "contains": "padding"}
HEIGHT = 320


#: One marker shape per claimant side, so a claim's side reads without colour too.
SIDE_SHAPES = {"Ukraine": "circle", "Russia": "triangle-up", "independent": "square",
               "United States": "diamond", "South Korea": "cross", "United Kingdom": "triangle-down",
               "North Korea": "triangle-right", "NATO": "triangle-left"}


def shape_scale(sides) -> alt.Scale:
    """An altair shape scale mapping each claimant side to its fixed marker (same domain as
    :func:`colour_scale`, so colour and shape share one legend)."""
    sides = list(dict.fromkeys(sides))
    return alt.Scale(domain=sides, range=[SIDE_SHAPES.get(s, "circle") for s in sides])


def colour_scale(actors) -> alt.Scale:
    """An altair colour scale mapping each given actor name to its fixed colour."""
    actors = list(dict.fromkeys(actors))
    return alt.Scale(domain=actors, range=[ACTOR_COLOURS.get(a, ACTOR_COLOURS["other"])
                                           for a in actors])


def theme() -> dict:
    """The report's altair/vega-lite config: system fonts (nothing fetched), quiet axes."""
    return {"config": {
        "font": FONT,
        "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
        "title": {"fontSize": 15, "fontWeight": 600, "anchor": "start", "subtitleFontSize": 12,
                  "subtitleColor": "#555555", "offset": 10},
        "axis": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": 500,
                 "gridColor": "#e6e6e6", "domainColor": "#888888", "tickColor": "#888888"},
        # the first and last date labels stay inside the chart instead of being cut at its edge
        "axisTemporal": {"labelFlush": True},
        "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "top",
                   "symbolStrokeWidth": 2},
        "header": {"labelFontSize": 12, "titleFontSize": 12},
        "line": {"strokeWidth": 2},
        "point": {"size": 45, "filled": True},
        "text": {"fontSize": 11},
    }}


def enable() -> None:
    """Register and enable the theme for altair (idempotent)."""
    alt.theme.register("kursk", enable=True)(theme)  # type: ignore[arg-type]
