"""Maps as altair geoshape charts fed by GeoDataFrames (EPSG:4326 in, projected by vega-lite).

Projection: azimuthal equal-area centred on Kursk oblast (35.5 E, 51.5 N), matching the CRS in
which areas are measured. Geometries are clipped to the map frame and simplified to what a
page-width map can show (~100 m), so each map's geometry stays small.
"""
from __future__ import annotations

import json
import math

import altair as alt
import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, box

from .. import config
from ..dates import short as short_date
from ..evidence.sources import distinct_sources
from .charts import _clean as records_data
from .placement import MapFrame, place_labels, scale_bar_km, text_width
from .theme import (
    ACTOR_COLOURS,
    BORDER,
    FACILITY,
    INSET_RUSSIA,
    INSET_UKRAINE,
    LAND_OTHER,
    LAND_RUSSIA,
    LAND_UKRAINE,
    OUTSIDE_BORDER,
    ROUTE,
    WIDTH,
    colour_scale,
)

#: Map frames (lon/lat degrees): the whole oblast with the Sumy border, and the Sudzha salient.
FRAME = (33.7, 50.35, 38.7, 52.55)
SALIENT = (34.3, 50.95, 35.95, 51.65)
SUDZHA = (34.8, 50.99, 35.65, 51.48)
#: Simplification tolerance for displayed control polygons, degrees (~100 m at 51 N).
SIMPLIFY_DEGREES = 0.001
PROJECTION = {"type": "azimuthalEqualArea", "rotate": [-35.5, -51.5, 0]}
LAYER_LABELS = {"held_by_ukraine": "Held by Ukraine (DeepState)",
                "grey_zone": "Grey zone (DeepState)",
                "russian_advances": "Russian advances (ISW)",
                "occupied_sumy": "Occupied by Russia (DeepState)",
                "occupied_kharkiv": "Occupied by Russia (DeepState)",
                "outside_border": "Shown occupied, but beyond Natural Earth's border"}
LAYER_COLOURS = {"Held by Ukraine (DeepState)": ACTOR_COLOURS["Ukraine"],
                 "Grey zone (DeepState)": ACTOR_COLOURS["contested"],
                 "Russian advances (ISW)": ACTOR_COLOURS["Russia"],
                 "Occupied by Russia (DeepState)": ACTOR_COLOURS["Russia"],
                 "Shown occupied, but beyond Natural Earth's border": OUTSIDE_BORDER}


def _to_values(frame: gpd.GeoDataFrame, columns) -> dict:
    """GeoJSON FeatureCollection (as a dict) with only ``columns`` as properties, coordinates
    rounded to 1e-4 degrees, for inline embedding."""
    frame = frame[list(columns) + ["geometry"]].copy()
    for column in columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    frame["geometry"] = frame.set_precision(1e-4)
    return json.loads(frame.to_json(drop_id=True))


def prepare_layers(layers: gpd.GeoDataFrame, frame_box: tuple = FRAME) -> gpd.GeoDataFrame:
    """Clip control polygons (``layer`` column) to the frame, simplify them for display and
    attach display labels (``layer_label``) and, for DeepState layers (``snapshot_utc``), the
    snapshot they come from (``source``; other rows keep the ``source`` they carry). Input and output in EPSG:4326."""
    frame = layers.to_crs(config.CRS_GEOGRAPHIC).copy()
    frame["geometry"] = frame.intersection(box(*frame_box)).simplify(SIMPLIFY_DEGREES,
                                                                      preserve_topology=True)
    frame = frame[~frame.is_empty]
    frame["layer_label"] = frame["layer"].map(LAYER_LABELS)
    if "snapshot_utc" in frame:  # a row that names its own source (ISW's) keeps it
        given = frame["source"] if "source" in frame else pd.Series(None, index=frame.index)
        frame["source"] = [f"DeepStateMap snapshot of {t:%Y-%m-%d %H:%M} UTC" if pd.notna(t)
                           else own for t, own in zip(frame["snapshot_utc"], given)]
    return frame


def _clipped(frame: gpd.GeoDataFrame, box_: tuple) -> gpd.GeoDataFrame:
    out = frame.copy()
    out["geometry"] = out.intersection(box(*box_))
    return out[~out.is_empty]


def _centred_box(frame: MapFrame, text: str, lon: float, lat: float, size: float) -> tuple:
    """The pixel box of ``text`` centred on lon/lat (degrees) at ``size`` px on ``frame``."""
    x, y = frame.to_px(lon, lat)
    half, high = text_width(text, size) / 2, size * 0.65
    return float(x) - half, float(y) - high, float(x) + half, float(y) + high


def _box_on(frame: MapFrame, box_: tuple) -> tuple:
    """The pixel box (with 2 px to spare) of the lon/lat rectangle ``box_`` on ``frame``."""
    xs, ys = frame.to_px([box_[0], box_[2]], [box_[1], box_[3]])
    return float(min(xs)) - 2, float(min(ys)) - 2, float(max(xs)) + 2, float(max(ys)) + 2


def fixed_names(names: list[tuple[str, float, float]], frame: MapFrame, *,
                font_size: float) -> tuple[alt.Chart, list[tuple]]:
    """Region names (text, lon, lat degrees) set in bold grey at fixed points, and their pixel
    boxes on ``frame`` (for place names to avoid)."""
    rows = pd.DataFrame(names, columns=["label", "lon", "lat"])
    chart = alt.Chart(records_data(rows)).mark_text(
        fontSize=font_size, fontWeight="bold", color="#6b6b6b").encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N")
    return chart, [_centred_box(frame, t, lon, lat, font_size) for t, lon, lat in names]


#: Oblast names shown on maps (italic, grey), with a place for Kursk's in open country.
OBLAST_NAMES = ["Kursk", "Sumy", "Belgorod"]
NAME_FONT = 12


def base_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame, frame: MapFrame,
             names_at: list[tuple[str, float, float]] | None = None
             ) -> tuple[list[alt.Chart], list[tuple]]:
    """Background layers clipped to ``frame``: oblasts (Russian and Ukrainian land tinted
    apart; Kursk oblast outlined more strongly), the state border, and the names of the oblasts
    whose label point lies well inside the frame, or the names ``names_at`` (text, lon, lat)
    instead. Returns the layers and the names' pixel boxes (for
    :func:`analysis.figures.placement.place_labels` to avoid)."""
    land = _clipped(oblasts, frame.box)
    land["source"] = "Natural Earth 10m (public domain)"
    fills = alt.Chart(alt.Data(values=_to_values(land, ["oblast", "country", "source"])
                               ["features"])) \
        .mark_geoshape(stroke="#b0b0b0", strokeWidth=0.6).encode(
            fill=alt.Fill("properties.country:N", legend=None,
                          scale=alt.Scale(domain=["Russia", "Ukraine"],
                                          range=[LAND_RUSSIA, LAND_UKRAINE])),
            tooltip=[alt.Tooltip("properties.oblast:N", title="Oblast"),
                     alt.Tooltip("properties.source:N", title="Source")])
    kursk = land[land["oblast"] == "Kursk"]
    kursk_outline = alt.Chart(alt.Data(values=_to_values(kursk, ["oblast"])["features"])) \
        .mark_geoshape(filled=False, stroke="#6b6b6b", strokeWidth=1.2)
    line = _clipped(border, frame.box)
    border_layer = alt.Chart(alt.Data(values=_to_values(line, ["name"])["features"])) \
        .mark_geoshape(filled=False, stroke=BORDER, strokeWidth=1.6)
    names, boxes = _oblast_names(land, frame, names_at)
    layers = [fills, kursk_outline, border_layer]
    if not names.empty:
        layers.append(alt.Chart(records_data(names)).mark_text(
            fontSize=NAME_FONT, fontStyle="italic", color="#8a8a8a").encode(
            longitude="lon:Q", latitude="lat:Q", text="oblast:N"))
    return layers, boxes


def _oblast_names(land: gpd.GeoDataFrame, frame: MapFrame,
                  names_at: list[tuple[str, float, float]] | None = None
                  ) -> tuple[pd.DataFrame, list]:
    """Names of :data:`OBLAST_NAMES` at a point inside their clipped land (or ``names_at``),
    kept only where the whole name fits inside the frame, with their pixel boxes."""
    rows, boxes = [], []
    wanted = names_at
    if wanted is None:
        wanted = []
        for oblast, shape in zip(land["oblast"], land.geometry):
            if oblast not in OBLAST_NAMES:
                continue
            point = shape.representative_point()
            lon, lat = point.x, point.y
            if oblast == "Kursk":  # in open country: east of the city, or north of the salient
                lon, lat = (37.3, 51.95) if frame.box[2] > 37.5 else (35.45, 51.56)
            wanted.append((f"{oblast} oblast", lon, lat))
    for text, lon, lat in wanted:
        name_box = _centred_box(frame, text, lon, lat, NAME_FONT)
        if name_box[0] < 4 or name_box[1] < 4 or name_box[2] > frame.width - 4 \
                or name_box[3] > frame.height - 4:
            continue
        rows.append({"oblast": text, "lon": round(lon, 3), "lat": round(lat, 3)})
        boxes.append(name_box)
    return pd.DataFrame(rows, columns=["oblast", "lon", "lat"]), boxes


def control_layer(layers: gpd.GeoDataFrame, legend: bool | alt.Legend = True,
                  frame: tuple = FRAME) -> alt.Chart:
    """Filled control polygons coloured by layer (held, grey zone, Russian advances); the
    legend (True: one row at the bottom; or an ``alt.Legend``) lists only the layers present."""
    prepared = prepare_layers(layers, frame)
    labels = [label for label in LAYER_COLOURS if label in set(prepared["layer_label"])]
    columns = ["layer_label"] + (["source"] if "source" in prepared else [])
    tooltip = [alt.Tooltip(f"properties.{c}:N", title=t)
               for c, t in zip(columns, ["Layer", "Source"])]
    return alt.Chart(alt.Data(values=_to_values(prepared, columns)["features"])) \
        .mark_geoshape(strokeWidth=0.3, stroke="white", opacity=0.85).encode(
            fill=alt.Fill("properties.layer_label:N", title="Control",
                          scale=alt.Scale(domain=labels, range=[LAYER_COLOURS[name] for name in labels]),
                          legend=(legend if isinstance(legend, alt.Legend)
                                  else alt.Legend(orient="bottom") if legend else None)),
            tooltip=tooltip)


#: Place names on maps: size (px) and colour.
LABEL_FONT = 10
LABEL_COLOUR = "#111111"


def place_names(placed: pd.DataFrame, *, font_size: float = LABEL_FONT,
                colour: str = LABEL_COLOUR) -> list[alt.Chart]:
    """Text layers for labels placed by :func:`analysis.figures.placement.place_labels`
    (``label``, ``label_lon``/``label_lat``, ``align``, ``placed``): one layer per alignment,
    each over a white stroked copy of itself (a halo) so names stay legible on any fill."""
    layers = []
    shown = placed[placed["placed"]]
    for align in ("left", "right", "center"):
        rows = shown[shown["align"] == align]
        if rows.empty:
            continue
        base = alt.Chart(records_data(rows[["label", "label_lon", "label_lat"]]))
        where = dict(longitude="label_lon:Q", latitude="label_lat:Q", text="label:N")
        style: dict = dict(align=align, baseline="middle", fontSize=font_size)
        layers += [base.mark_text(**style, color="white", stroke="white", strokeWidth=3,
                                  strokeJoin="round").encode(**where),
                   base.mark_text(**style, color=colour).encode(**where)]
    return layers


def places_layer(settlements: pd.DataFrame, frame: MapFrame, *, sized: bool = True,
                 size_title: str = "Population (GeoNames)", labelled=None,
                 obstacles: list[tuple] | None = None) -> tuple[list[alt.Chart], pd.DataFrame]:
    """Place markers (sized by the ``population`` column where ``sized``; the legend says
    ``size_title``; a place without a value is an open circle of fixed size; a place with only
    an approximate position, ``position_text`` set, an open diamond) and their names,
    placed where no two collide. ``labelled``: the names to label (default all); others keep
    a marker and tooltip. Needs ``name``, ``lat``, ``lon``, ``population`` and optionally
    ``note`` and ``sources`` (tooltip). Returns the layers and the placement table."""
    frame_rows = settlements[["name", "lat", "lon", "population"] +
                             [c for c in ("note", "sources", "coordinate_source",
                                          "position_text") if c in settlements]].copy()
    approximate = (frame_rows["position_text"].fillna("") != "") if "position_text" in \
        frame_rows else pd.Series(False, index=frame_rows.index)
    frame_rows["approximate"] = approximate
    frame_rows = frame_rows.sort_values("population", ascending=False, na_position="last",
                                        kind="stable")
    if not sized:
        frame_rows = frame_rows.drop(columns="population")
    base = alt.Chart(records_data(frame_rows))
    size = (alt.Size("population:Q", title=size_title,
                     scale=alt.Scale(range=[25, 300], zero=False),
                     legend=alt.Legend(orient="bottom", format=",~f"))
            if sized else alt.value(30))
    tooltip = [alt.Tooltip("name:N", title="Place")]
    if sized:
        tooltip.append(alt.Tooltip("population:Q", format=",~f", title=size_title))
    for column, title in (("note", "Reported"), ("sources", "Sources"),
                          ("coordinate_source", "Source")):
        if column in frame_rows:
            tooltip.append(alt.Tooltip(f"{column}:N", title=title))
    exact = base.transform_filter("!datum.approximate")
    known = exact.transform_filter("isValid(datum.population)") if sized else exact
    points = known.mark_circle(color="#222222", opacity=0.8, stroke="white", strokeWidth=0.8) \
        .encode(longitude="lon:Q", latitude="lat:Q", size=size, tooltip=tooltip)
    wanted = frame_rows if labelled is None else frame_rows[frame_rows["name"].isin(labelled)]
    placed = place_labels(wanted[["name", "lon", "lat"]], frame, font_size=LABEL_FONT,
                          marker_radius=6 if sized else 4, obstacles=obstacles,
                          others=frame_rows[["lon", "lat"]])
    layers = [points]
    if approximate.any():
        # a place whose source gives only a distance and direction from another: an open
        # diamond, so a modelled position never looks like a sourced one
        layers.append(base.transform_filter("datum.approximate").mark_point(
            shape="diamond", filled=False, size=55, color="#222222", strokeWidth=1.4).encode(
            longitude="lon:Q", latitude="lat:Q",
            tooltip=tooltip[:1] + [alt.Tooltip("position_text:N", title="Position")]
            + [t for t in tooltip[1:] if t.shorthand != "population:Q"]))
    if sized:
        # a place whose population no source gives: an open circle, never a size
        layers.append(exact.transform_filter("!isValid(datum.population)").transform_calculate(
            population_text="'not given'").mark_circle(
            size=30, filled=False, color="#222222", strokeWidth=1.2).encode(
            longitude="lon:Q", latitude="lat:Q",
            tooltip=tooltip[:1] + [alt.Tooltip("population_text:N", title=size_title)]
            + tooltip[2:]))
    return layers + place_names(placed), placed


def route_layer(ends: gpd.GeoDataFrame, line: gpd.GeoDataFrame,
                frame: MapFrame) -> tuple[list[alt.Chart], list[tuple]]:
    """A schematic route: the dashed straight ``line`` (EPSG:4326) between its ``ends``
    (points with ``label``, ``lon``/``lat`` in degrees, ``description``, ``claimant``,
    ``sources``), each end marked and labelled, the line marked "schematic" at its middle;
    tooltips give the claim and its source. Labels have a white halo (a stroked copy).
    Returns the layers and the pixel boxes of the labels on ``frame`` (for place names to
    avoid)."""
    line = line.assign(source=distinct_sources(ends["sources"]))
    path = alt.Chart(alt.Data(values=_to_values(line, ["label", "source"])["features"])) \
        .mark_geoshape(filled=False, stroke=ROUTE, strokeWidth=2, strokeDash=[5, 3]).encode(
            tooltip=[alt.Tooltip("properties.label:N", title="Route"),
                     alt.Tooltip("properties.source:N", title="Ends as claimed in")])
    points = ends[["label", "lon", "lat", "description", "claimant", "sources"]].copy()
    base = alt.Chart(records_data(points))
    marks = base.mark_point(shape="triangle-up", filled=True, size=70, color=ROUTE,
                            stroke="white", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("label:N", title="Pipe"),
                 alt.Tooltip("description:N", title="As described"),
                 alt.Tooltip("claimant:N", title="Claimed by"),
                 alt.Tooltip("sources:N", title="Source")])
    middle = line.geometry.iloc[0].interpolate(0.5, normalized=True)
    note = alt.Chart(records_data(pd.DataFrame({"lon": [middle.x], "lat": [middle.y],
                                                "label": ["pipe, schematic"]})))
    # each label sits left of its mark, or right of it where the left would leave the map
    boxes, sides = [], []
    for texts, lons, lats, gap, size in ((points["label"], points["lon"], points["lat"], 7, 10),
                                         (["pipe, schematic"], [middle.x], [middle.y], 5, 9)):
        xs, ys = frame.to_px(list(lons), list(lats))
        for text, x, y in zip(texts, xs, ys):
            width = text_width(text, size) * 1.1  # bold
            left = float(x) - gap - width >= 4
            sides.append(left)
            boxes.append((float(x) - gap - width, float(y) - size * 0.65, float(x) - gap,
                          float(y) + size * 0.65) if left else
                         (float(x) + gap, float(y) - size * 0.65, float(x) + gap + width,
                          float(y) + size * 0.65))
            boxes.append((float(x) - 5, float(y) - 5, float(x) + 5, float(y) + 5))  # marker
    points["left"] = sides[:len(points)]
    layers = [path, marks]
    for left, rows in points.groupby("left"):
        chart = alt.Chart(records_data(rows[["label", "lon", "lat"]]))
        layers += _haloed_text(chart, align="right" if left else "left", dx=-7 if left else 7,
                               fontSize=10, fontWeight="bold")
    layers += _haloed_text(note, align="right" if sides[-1] else "left",
                           dx=-5 if sides[-1] else 5, fontSize=9, fontStyle="italic")
    return layers, boxes


def _haloed_text(chart: alt.Chart, **style) -> list[alt.Chart]:
    """The ``label`` of each row at its ``lon``/``lat`` in the route colour, over a white
    stroked copy of itself so it stays legible on any fill."""
    where = dict(longitude="lon:Q", latitude="lat:Q", text="label:N")
    return [chart.mark_text(**style, color="white", stroke="white", strokeWidth=3,
                            strokeJoin="round").encode(**where),
            chart.mark_text(**style, color=ROUTE).encode(**where)]


def control_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
                layers: gpd.GeoDataFrame, settlements: pd.DataFrame | None = None, *,
                title: str, frame: MapFrame | None = None,
                size_title: str = "Population (GeoNames)", labelled=None,
                landmarks: pd.DataFrame | None = None) -> alt.LayerChart:
    """A map of control within ``frame`` (default: the whole oblast, page wide): base map,
    control polygons, optional places (only those inside the frame), named where
    ``labelled`` says (default all), and optional ``landmarks`` (name, lon, lat: unsized
    markers, named where a name fits among the others) and a scale bar at the bottom left."""
    frame = frame or MapFrame(FRAME, WIDTH)
    background, names = base_map(oblasts, border, frame)
    bar, bar_box = scale_bar(frame)
    names = names + [bar_box]
    parts = background + [control_layer(layers, frame=frame.box)]
    if settlements is not None:
        settlements = inside(settlements, frame.box)
    if settlements is not None and not settlements.empty:
        layers_, placed = places_layer(settlements, frame, size_title=size_title,
                                       labelled=labelled, obstacles=names)
        parts += layers_
        names = names + [b for b in placed["box"] if b is not None]
        names += [(float(x) - 6, float(y) - 6, float(x) + 6, float(y) + 6)
                  for x, y in zip(*frame.to_px(settlements["lon"].to_numpy(float),
                                               settlements["lat"].to_numpy(float)))]
    if landmarks is not None and not inside(landmarks, frame.box).empty:
        parts += places_layer(inside(landmarks, frame.box).assign(population=None), frame,
                              sized=False, obstacles=names)[0]
    return alt.layer(*parts, *bar).resolve_scale(fill="independent", size="independent") \
        .project(**frame.projection()).properties(title=title, width=frame.width,
                                                  height=frame.height)


def inside(places: pd.DataFrame, box_: tuple) -> pd.DataFrame:
    """The rows of ``places`` whose ``lon``/``lat`` (degrees) lie within ``box_``."""
    west, south, east, north = box_
    return places[places["lon"].between(west, east) & places["lat"].between(south, north)]


def panel_frame(box_: tuple, columns: int = 3) -> MapFrame:
    """The frame of one panel of :func:`small_multiples` showing ``box_`` in ``columns``."""
    return MapFrame(box_, (WIDTH - 20 * (columns - 1)) // columns)


#: The small multiples' legend: under the last panel, one entry per line.
STACKED_LEGEND = alt.Legend(orient="bottom", direction="vertical")


def small_multiples(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
                    panels: list[tuple[str, gpd.GeoDataFrame]], *, title: str,
                    columns: int = 3, frame: tuple = SALIENT,
                    landmarks: pd.DataFrame | None = None,
                    overlays: dict[int, list[alt.Chart]] | None = None,
                    overlay_boxes: dict[int, list[tuple]] | None = None) -> alt.ConcatChart:
    """One small map per (panel title, control layers) pair, same frame and colours; the
    legend is drawn once, under the last panel, one entry per line so it fits its width.
    ``landmarks`` (name, lat, lon) are marked unsized and named on every panel; ``overlays``
    maps a panel's index to extra layers drawn on top of that panel only, and
    ``overlay_boxes`` to the pixel boxes their labels take (kept clear of place names). Every
    panel has its own scale bar."""
    view = panel_frame(frame, columns)
    bar, bar_box = scale_bar(view, at=(6, None))
    maps = []
    for index, (panel_title, layers) in enumerate(panels):
        parts = base_map(oblasts, border, view)[0][:3] + [
            control_layer(layers, frame=frame,
                          legend=index == len(panels) - 1 and STACKED_LEGEND)]
        if landmarks is not None:
            parts += places_layer(inside(landmarks, frame).assign(population=None), view,
                                  sized=False,
                                  obstacles=[bar_box] + (overlay_boxes or {}).get(index, []))[0]
        parts += (overlays or {}).get(index, []) + bar
        maps.append(alt.layer(*parts).resolve_scale(fill="independent")
                    .project(**view.projection())
                    .properties(title=alt.TitleParams(panel_title, fontSize=12),
                                width=view.width, height=view.height))
    return alt.concat(*maps, columns=columns).properties(title=title)


#: The locator map's frame (lon/lat degrees): the salient, the border from Tyotkino to
#: Krasnopillia, Sumy, and Kurchatov with its nuclear plant.
LOCATOR = (34.05, 50.72, 36.05, 51.8)
#: The inset's frame (lon/lat degrees): Ukraine and European Russia as far as Moscow.
INSET = (22.0, 44.0, 46.0, 58.5)
#: Region names on the locator map, in open country (text, lon, lat degrees).
LOCATOR_NAMES = [("Kursk oblast (Russia)", 35.05, 51.62), ("Sumy oblast (Ukraine)", 34.38, 50.99)]
INSET_WIDTH = 170
COUNTRIES_SOURCE = "Natural Earth 50m via world-atlas (public domain); Crimea within Ukraine"
INSET_CENTRE = (34.0, 51.0)



def _box_outline(box_: tuple) -> gpd.GeoDataFrame:
    """The rectangle ``box_`` (lon/lat degrees) as a densified line, so it bends with the
    projection like the graticule would."""
    west, south, east, north = box_
    steps = [i / 20 for i in range(21)]
    ring = ([(west + (east - west) * t, south) for t in steps]
            + [(east, south + (north - south) * t) for t in steps]
            + [(east - (east - west) * t, north) for t in steps]
            + [(west, north - (north - south) * t) for t in steps])
    return gpd.GeoDataFrame({"name": ["Area of the main map"]}, geometry=[LineString(ring)],
                            crs=config.CRS_GEOGRAPHIC)


def scale_bar(frame: MapFrame, at: tuple[float, float | None] = (12, None)) -> tuple[list, tuple]:
    """A scale bar of a round number of km (see
    :func:`analysis.figures.placement.scale_bar_km`) near the bottom left of ``frame``: the
    layers and the pixel box it takes. ``at``: its left end in pixels (y default: 22 px above
    the bottom)."""
    km = scale_bar_km(frame)
    length = km / frame.km_per_px()
    x0 = at[0]
    y0 = at[1] if at[1] is not None else frame.height - 22
    lons, lats = frame.to_lonlat([x0, x0 + length, x0 + length / 2], [y0, y0, y0 - 9])
    bar = pd.DataFrame({"lon": [lons[0]], "lat": [lats[0]], "lon2": [lons[1]],
                        "lat2": [lats[1]]})
    text = pd.DataFrame({"lon": [lons[2]], "lat": [lats[2]], "label": [f"{km:g} km"]})
    layers = [alt.Chart(records_data(bar)).mark_rule(color="#222222", strokeWidth=3).encode(
                  longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q"),
              alt.Chart(records_data(text)).mark_text(fontSize=10, baseline="bottom",
                                                      color="#222222").encode(
                  longitude="lon:Q", latitude="lat:Q", text="label:N")]
    return layers, (x0 - 2, y0 - 24, x0 + length + 2, y0 + 4)


def country_fills(countries: gpd.GeoDataFrame, box_: tuple, tints: tuple[str, str, str],
                  stroke_width: float) -> alt.Chart:
    """``countries`` (``country``, EPSG:4326) clipped to ``box_`` and filled with ``tints``
    (Russia, Ukraine, any other), with the country and its source in the tooltip."""
    land = _clipped(countries, box_)
    land["tint"] = land["country"].where(land["country"].isin(["Russia", "Ukraine"]), "other")
    land["source"] = COUNTRIES_SOURCE
    return alt.Chart(alt.Data(values=_to_values(land, ["country", "tint", "source"])
                              ["features"])) \
        .mark_geoshape(stroke="#9a9a9a", strokeWidth=stroke_width).encode(
            fill=alt.Fill("properties.tint:N", legend=None,
                          scale=alt.Scale(domain=["Russia", "Ukraine", "other"],
                                          range=list(tints))),
            tooltip=[alt.Tooltip("properties.country:N", title="Country"),
                     alt.Tooltip("properties.source:N", title="Source")])


def locator_inset(countries: gpd.GeoDataFrame, cities: pd.DataFrame, main: tuple,
                  width: int = INSET_WIDTH):
    """A small map placing the main map's frame ``main`` (lon/lat box, outlined) in Ukraine
    and European Russia: ``countries`` (``country``, EPSG:4326) tinted Russia/Ukraine/other,
    ``cities`` (name, lon, lat) marked and named, the two countries named."""
    frame = MapFrame(INSET, width, centre=INSET_CENTRE)
    fills = country_fills(countries, INSET, (INSET_RUSSIA, INSET_UKRAINE, LAND_OTHER), 0.5)
    outline = alt.Chart(alt.Data(values=_to_values(_box_outline(main), ["name"])["features"])) \
        .mark_geoshape(filled=False, stroke=ACTOR_COLOURS["Russia"], strokeWidth=2)
    country_names, name_boxes = fixed_names([("RUSSIA", 41.5, 53.6), ("UKRAINE", 31.0, 48.7)],
                                            frame, font_size=10)
    dots = alt.Chart(records_data(cities[["name", "lon", "lat"]])).mark_circle(
        size=22, color="#222222").encode(longitude="lon:Q", latitude="lat:Q",
                                         tooltip=alt.Tooltip("name:N", title="City"))
    placed = place_labels(cities[["name", "lon", "lat"]], frame, font_size=10,
                          marker_radius=3, obstacles=name_boxes + [_box_on(frame, main)])
    return alt.layer(fills, outline, country_names, dots, *place_names(placed)) \
        .project(**frame.projection()) \
        .properties(width=frame.width, height=frame.height,
                    title=alt.TitleParams("Where it is", fontSize=12))


def locator_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame, layers: gpd.GeoDataFrame,
                places: pd.DataFrame, countries: gpd.GeoDataFrame, cities: pd.DataFrame, *,
                title: str) -> alt.HConcatChart:
    """The book's locator map: the border area on ``LOCATOR`` with the control ``layers``,
    every place of ``places`` inside it with a sourced coordinate marked (towns filled,
    villages smaller, facilities as squares; ``kind`` column; places with only an approximate
    position are left to the larger maps) and named where a name fits, a scale bar, and beside it an inset
    placing the area in Ukraine and Russia (see :func:`locator_inset`)."""
    frame = MapFrame(LOCATOR, WIDTH - INSET_WIDTH - 20)
    background, names = base_map(oblasts, border, frame, names_at=LOCATOR_NAMES)
    bar, bar_box = scale_bar(frame)
    shown = inside(places, LOCATOR).copy()
    if "position" in shown:  # approximate positions go on the chapters' larger maps
        shown = shown[shown["position"] != "approximate"]
    rank = {"city": 0, "facility": 1, "crossing": 1, "town": 2, "village": 3}
    shown = shown.assign(order=shown["kind"].map(rank)).sort_values(
        ["order", "population"], ascending=[True, False], na_position="last", kind="stable")
    settled = shown[shown["kind"] != "facility"]
    sites = shown[shown["kind"] == "facility"]
    tooltip = [alt.Tooltip("name:N", title="Place"), alt.Tooltip("kind:N", title="Kind"),
               alt.Tooltip("coordinate_source:N", title="Source")]
    columns = ["name", "kind", "lon", "lat", "coordinate_source"]
    base = alt.Chart(records_data(settled[columns]))
    towns = base.transform_filter("datum.kind != 'village'").mark_circle(
        size=45, color="#222222", stroke="white", strokeWidth=0.8).encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=tooltip)
    villages = base.transform_filter("datum.kind == 'village'").mark_circle(
        size=16, color="#444444").encode(longitude="lon:Q", latitude="lat:Q", tooltip=tooltip)
    facilities = alt.Chart(records_data(sites[columns])).mark_point(
        shape="square", size=60, filled=True, color=FACILITY).encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=tooltip)
    labels = shown[["name", "lon", "lat"]].assign(
        label=shown["name"].str.replace("Nuclear Power Plant", "NPP", regex=False))
    placed = place_labels(labels, frame, font_size=LABEL_FONT, marker_radius=4,
                          obstacles=names + [bar_box])
    main = alt.layer(*background, control_layer(layers, frame=LOCATOR), villages, towns,
                     facilities, *place_names(placed), *bar) \
        .resolve_scale(fill="independent") \
        .project(**frame.projection()) \
        .properties(width=frame.width, height=frame.height)
    inset = locator_inset(countries, cities, LOCATOR)
    return alt.hconcat(main, inset, spacing=20).properties(title=title)


#: The day-by-day map's frame (lon/lat degrees): the Sudzha salient and, south of it, the Sumy
#: border zone Russia occupied from 2025; the height of its heading (px).
DAY_BY_DAY = (34.3, 50.62, 35.95, 51.62)
HEADING = 44
DAY_BY_DAY_NAMES = [("Kursk oblast (Russia)", 35.45, 51.56), ("Sumy oblast (Ukraine)", 34.62, 50.9)]


_SNAPSHOT = "DeepStateMap snapshot of "


def _merged_source(first: str, last: str) -> str:
    """The source of a row drawn unchanged from the frame of ``first`` to that of ``last``."""
    if first == last:
        return first
    if first.startswith(_SNAPSHOT) and last.startswith(_SNAPSHOT):
        return f"DeepStateMap snapshots of {first[len(_SNAPSHOT):]} to {last[len(_SNAPSHOT):]}"
    head, _, first_day = first.rpartition(", ")
    if head and last.startswith(head + ", "):  # the occupied record: "<archive>, <day>"
        return f"{head}, records of {first_day} to {last.rpartition(', ')[2]}"
    return f"{first} (drawn the same to {last})"


def _merge_runs(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows of one layer whose displayed geometry is the same on consecutive frames merged
    into one row spanning them (``first_frame``..``last_frame``, ``source`` naming the first
    and last record drawn), so a layer that does not change on the map is stored once."""
    merged: list[dict] = []
    for _, rows in frame.groupby("layer_label", sort=False):
        run: list[dict] = []
        for row in rows.sort_values("first_frame").to_dict("records"):
            last = run[-1] if run else None
            if last is not None and last["last_frame"] + 1 == row["first_frame"] \
                    and last["geometry"].equals_exact(row["geometry"], 0):
                last["source"] = _merged_source(last["first_source"], row["source"])
                last["last_frame"] = row["last_frame"]
            else:
                run.append({**row, "first_source": row["source"]})
        merged += run
    out = gpd.GeoDataFrame(merged, geometry="geometry", crs=config.CRS_GEOGRAPHIC)
    return out.drop(columns="first_source")


def day_by_day(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame, control: gpd.GeoDataFrame,
               isw: gpd.GeoDataFrame, occupied: gpd.GeoDataFrame, frames: pd.DataFrame,
               events: pd.DataFrame, places: pd.DataFrame, *, start: int,
               title: str) -> alt.VConcatChart:
    """One map with a slider over ``frames`` (``frame``, ``date``, ``heading``, ``subheading``):
    the two heading lines of the frame; the map with DeepState's Kursk layers of that frame
    (``control``: ``frame``, ``layer``, geometry EPSG:4326), ISW's Russian-advance layer in
    force (``isw``: ``first_frame``, ``last_frame``, ``published``, geometry), Russia's
    occupied zone in Sumy oblast (``occupied``: ``frame``, ``layer``, ``source``, geometry),
    the ``places`` (named where a name fits) and a scale bar. The slider is the vega-lite
    parameter ``frame`` (a range input, starting at frame ``start``); the page script
    (``kursk-charts.js``) shows the frame's date beside it (``usermeta.kursk.dates``), adds a
    Play button and lists below the map, in a scrolling box, the ``events`` of the frame
    (``frame``, ``when``, ``headline``, ``sources``; ``usermeta.kursk.events``)."""
    view = MapFrame(DAY_BY_DAY, WIDTH)
    chosen = alt.param(name="frame", value=start,
                       bind=alt.binding_range(min=0, max=int(frames["frame"].max()), step=1,
                                              name="Day shown "))
    shapes = prepare_layers(control.assign(first_frame=control["frame"],
                                           last_frame=control["frame"]), DAY_BY_DAY)
    advances = prepare_layers(isw.assign(layer="russian_advances", source=[
        f"ISW/CTP layer published {short_date(d)}" for d in isw["published"]]), DAY_BY_DAY)
    zone = prepare_layers(occupied.assign(first_frame=occupied["frame"],
                                          last_frame=occupied["frame"]), DAY_BY_DAY)
    columns = ["layer_label", "first_frame", "last_frame", "source"]
    both = pd.concat([advances[columns + ["geometry"]], zone[columns + ["geometry"]],
                      shapes[columns + ["geometry"]]], ignore_index=True)
    both = gpd.GeoDataFrame(both, geometry="geometry", crs=config.CRS_GEOGRAPHIC)
    both["geometry"] = both.simplify(0.003, preserve_topology=True).set_precision(1e-3)
    both = _merge_runs(both[~both.is_empty])
    labels = [name for name in LAYER_COLOURS if name in set(both["layer_label"])]
    layer = alt.Chart(alt.Data(values=_to_values(both, columns)["features"])) \
        .transform_filter("datum.properties.first_frame <= frame && "
                          "frame <= datum.properties.last_frame") \
        .mark_geoshape(strokeWidth=0.3, stroke="white", opacity=0.85).encode(
            fill=alt.Fill("properties.layer_label:N", title="Control",
                          scale=alt.Scale(domain=labels,
                                          range=[LAYER_COLOURS[n] for n in labels]),
                          legend=alt.Legend(orient="bottom", columns=2, labelLimit=300)),
            tooltip=[alt.Tooltip("properties.layer_label:N", title="Layer"),
                     alt.Tooltip("properties.source:N", title="Source")])
    background, names = base_map(oblasts, border, view, names_at=DAY_BY_DAY_NAMES)
    bar, bar_box = scale_bar(view)
    marks = places_layer(inside(places, DAY_BY_DAY).assign(population=None), view, sized=False,
                         obstacles=names + [bar_box])[0]
    drawn = alt.layer(*background, layer, *marks, *bar).resolve_scale(fill="independent") \
        .project(**view.projection()).properties(width=view.width, height=view.height)
    lines = records_data(frames[["frame", "heading", "subheading"]])
    today = "datum.frame == frame"
    heading = alt.layer(
        alt.Chart(lines).transform_filter(today).mark_text(
            align="left", baseline="middle", fontSize=14, fontWeight="bold").encode(
            x=alt.value(0), y=alt.value(11), text="heading:N"),
        alt.Chart(lines).transform_filter(today).mark_text(
            align="left", baseline="middle", fontSize=12, color=ACTOR_COLOURS["Russia"]).encode(
            x=alt.value(0), y=alt.value(32), text="subheading:N"),
    ).properties(width=WIDTH, height=HEADING)
    listed = [[int(f), w, h, src] for f, w, h, src in
              zip(events["frame"], events["when"], events["headline"], events["sources"])]
    dates = [f"{short_date(d)}" for d in frames["date"]]
    return alt.vconcat(heading, drawn, spacing=6).add_params(chosen) \
        .properties(title=title, usermeta={"kursk": {"player": "frame", "dates": dates,
                                                     "events": listed}})


#: The wider map's frame (lon/lat degrees): Kyiv to Moscow and down to the Donbas.
WIDER = (29.0, 46.8, 40.5, 56.4)
WIDER_CENTRE = (34.5, 51.5)


def wider_map(countries: gpd.GeoDataFrame, oblasts: gpd.GeoDataFrame, places: pd.DataFrame, *,
              title: str):
    """Ukraine and western Russia with ``places`` (name, lon, lat degrees) marked and named,
    Kursk oblast outlined and the main map's frame (:data:`LOCATOR`) drawn as a box."""
    frame = MapFrame(WIDER, WIDTH, centre=WIDER_CENTRE)
    fills = country_fills(countries, WIDER, (LAND_RUSSIA, LAND_UKRAINE, LAND_OTHER), 0.6)
    kursk = oblasts[oblasts["oblast"] == "Kursk"]
    outline = alt.Chart(alt.Data(values=_to_values(kursk, ["oblast"])["features"])) \
        .mark_geoshape(filled=False, stroke="#6b6b6b", strokeWidth=1.2)
    box_ = alt.Chart(alt.Data(values=_to_values(_box_outline(LOCATOR), ["name"])["features"])) \
        .mark_geoshape(filled=False, stroke=ACTOR_COLOURS["Russia"], strokeWidth=2)
    country_names, boxes = fixed_names([("RUSSIA", 38.5, 54.2), ("UKRAINE", 31.5, 48.3),
                                        ("Kursk oblast", 36.9, 52.35)], frame, font_size=11)
    boxes.append(_box_on(frame, LOCATOR))
    bar, bar_box = scale_bar(frame)
    boxes.append(bar_box)
    shown = inside(places, WIDER)
    dots = alt.Chart(records_data(shown[["name", "lon", "lat", "coordinate_source"]])).mark_circle(
        size=40, color="#222222").encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title="Place"),
                 alt.Tooltip("coordinate_source:N", title="Source")])
    placed = place_labels(shown[["name", "lon", "lat"]], frame, font_size=LABEL_FONT,
                          marker_radius=4, obstacles=boxes)
    return alt.layer(fills, outline, box_, country_names, dots, *place_names(placed), *bar) \
        .project(**frame.projection()) \
        .properties(title=title, width=frame.width, height=frame.height)


#: The Sumy border zone's frame (lon/lat degrees): the border from the Bryansk to the Belgorod
#: line, Sumy city to the south.
SUMY_ZONE = (33.95, 50.6, 35.8, 51.85)
SUMY_ZONE_NAMES = [("Kursk oblast (Russia)", 35.35, 51.62), ("Sumy oblast (Ukraine)", 34.3, 50.95)]


#: The Kharkiv border zone's frame (lon/lat degrees): Kharkiv oblast north of 49.9 N from the
#: Sumy oblast line to the Luhansk oblast line, Kharkiv city at its south-western corner.
KHARKIV_ZONE = (36.1, 49.85, 38.1, 50.55)
KHARKIV_ZONE_NAMES = [("Belgorod oblast (Russia)", 36.9, 50.48),
                      ("Kharkiv oblast (Ukraine)", 36.6, 49.93)]


def zone_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame, layers: gpd.GeoDataFrame,
             places: pd.DataFrame, *, frame_box: tuple = SUMY_ZONE,
             names_at: list[tuple[str, float, float]] | None = None,
             bar_at: tuple[float, float | None] = (12, None)) -> alt.LayerChart:
    """A border zone on one day: the base map of ``frame_box`` (region names ``names_at``,
    default the Sumy zone's), the occupied-area ``layers`` (``layer``: occupied_sumy,
    occupied_kharkiv, outside_border; ``source``; EPSG:4326), the ``places`` inside the frame
    marked and named where a name fits, and a scale bar (its left end at ``bar_at`` pixels,
    see :func:`scale_bar`)."""
    view = MapFrame(frame_box, WIDTH)
    background, names = base_map(oblasts, border, view,
                                 names_at=SUMY_ZONE_NAMES if names_at is None else names_at)
    bar, bar_box = scale_bar(view, at=bar_at)
    marks = places_layer(inside(places, frame_box).assign(population=None), view, sized=False,
                         obstacles=names + [bar_box])[0]
    legend = alt.Legend(orient="bottom", direction="vertical", labelLimit=WIDTH)
    return alt.layer(*background, control_layer(layers, legend=legend, frame=frame_box), *marks,
                     *bar) \
        .resolve_scale(fill="independent") \
        .project(**view.projection()) \
        .properties(width=view.width, height=view.height)


#: The operation map's frame (lon/lat degrees): Sumy to Bolshoye Soldatskoye, Korenevo to the
#: border south of Sudzha.
OPERATION = (34.6, 50.85, 35.75, 51.5)
#: How far (px) an advance is drawn to the left of its line and a withdrawal to the right, so
#: the two never lie on one another or on the road beneath them.
LANE_OFFSET = 5


def _offset_px(xs, ys, by: float) -> tuple[list[float], list[float]]:
    """Pixel polyline ``xs``/``ys`` moved ``by`` px to the right of its direction of travel
    (each vertex along the mean normal of its segments)."""
    normals = []
    for (x0, y0), (x1, y1) in zip(zip(xs, ys), zip(xs[1:], ys[1:])):
        length = math.hypot(x1 - x0, y1 - y0) or 1
        normals.append((-(y1 - y0) / length, (x1 - x0) / length))
    out_x, out_y = [], []
    for i, (x, y) in enumerate(zip(xs, ys)):
        near = normals[max(0, i - 1):i + 1]
        nx, ny = sum(n[0] for n in near) / len(near), sum(n[1] for n in near) / len(near)
        out_x.append(x - nx * by)
        out_y.append(y - ny * by)
    return out_x, out_y


def _along(xs, ys, fraction: float) -> tuple[float, float]:
    """The pixel point ``fraction`` of the way along the polyline ``xs``/``ys``."""
    lengths = [math.hypot(x1 - x0, y1 - y0)
               for x0, y0, x1, y1 in zip(xs, ys, xs[1:], ys[1:])]
    left = sum(lengths) * fraction
    for (x0, y0, x1, y1), length in zip(zip(xs, ys, xs[1:], ys[1:]), lengths):
        if left <= length and length:
            return x0 + (x1 - x0) * left / length, y0 + (y1 - y0) * left / length
        left -= length
    return xs[-1], ys[-1]


def operation_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
                  held: gpd.GeoDataFrame, axes: gpd.GeoDataFrame, places: pd.DataFrame, *,
                  title: str, listing: alt.Chart) -> alt.VConcatChart:
    """The operation as the sources describe it, schematic: the base map of :data:`OPERATION`,
    the area held at the peak (``held``: DeepState layers, EPSG:4326) as a pale backdrop,
    each road of ``axes`` (from :func:`analysis.evidence.axes.axis_lines`) as a wide grey line
    and each advance or withdrawal as an arrow in its side's colour (withdrawals dashed),
    numbered at its middle; the ``places`` the axes pass through marked (an approximate
    position as an open diamond) and named; a scale bar; ``listing`` (the numbered list of the
    axes with their sources) under the map."""
    frame = MapFrame(OPERATION, WIDTH)
    background, names = base_map(oblasts, border, frame, names_at=[
        ("Kursk oblast (Russia)", 35.55, 51.45), ("Sumy oblast (Ukraine)", 34.75, 51.02)])
    bar, bar_box = scale_bar(frame)
    backdrop = control_layer(held, legend=False, frame=OPERATION).encode(opacity=alt.value(0.35))
    rows, heads, numbers = [], [], []
    for axis in axes.itertuples(index=False):
        lons, lats = zip(*axis.geometry.coords)
        xs, ys = (list(v) for v in frame.to_px(list(lons), list(lats)))
        if axis.kind != "road":
            xs, ys = _offset_px(xs, ys, -LANE_OFFSET if axis.kind == "advance" else LANE_OFFSET)
            # stop short of the end so the arrowhead sits on it
            dx, dy = xs[-1] - xs[-2], ys[-1] - ys[-2]
            length = math.hypot(dx, dy) or 1
            heads.append({"x": xs[-1], "y": ys[-1], "side": axis.side,
                          "angle": math.degrees(math.atan2(dx, -dy))})
            xs[-1], ys[-1] = xs[-1] - dx / length * 5, ys[-1] - dy / length * 5
            # the number a third of the way along, so two arrows on one road keep apart
            mx, my = _along(xs, ys, 1 / 3)
        else:
            mx, my = _along(xs, ys, 0.5)
        numbers.append({"x": mx, "y": my, "number": axis.number, "side": axis.side})
        lon, lat = frame.to_lonlat(xs, ys)
        rows += [{"axis": axis.number, "order": i, "lon": float(a), "lat": float(b),
                  "side": axis.side, "kind": axis.kind, "label": axis.label,
                  "sources": axis.sources}
                 for i, (a, b) in enumerate(zip(lon, lat))]
    lines = pd.DataFrame(rows)
    head_rows = pd.DataFrame(heads)
    head_rows["lon"], head_rows["lat"] = frame.to_lonlat(head_rows["x"], head_rows["y"])
    number_rows = pd.DataFrame(numbers)
    number_rows["lon"], number_rows["lat"] = frame.to_lonlat(number_rows["x"], number_rows["y"])
    sides = ["Ukraine", "Russia"]
    colour = alt.Color("side:N", scale=colour_scale(sides), title="Side",
                       legend=alt.Legend(orient="bottom"))
    geo_pos = dict(longitude="lon:Q", latitude="lat:Q")
    roads = alt.Chart(records_data(lines[lines["kind"] == "road"])).mark_line(
        color="#b5b5b5", strokeWidth=7, strokeCap="round").encode(
        **geo_pos, detail="axis:N", order="order:Q",
        tooltip=[alt.Tooltip("label:N", title="Road"),
                 alt.Tooltip("sources:N", title="Sources")])
    moves = lines[lines["kind"] != "road"]
    arrows = [alt.Chart(records_data(moves)).mark_line(strokeWidth=3).encode(
        **geo_pos, detail="axis:N", order="order:Q", color=colour,
        strokeDash=alt.StrokeDash("kind:N", title="Movement", scale=alt.Scale(
            domain=["advance", "withdrawal"], range=[[1, 0], [6, 3]]),
            legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("label:N", title="Axis"),
                 alt.Tooltip("sources:N", title="Sources")])]
    tips = alt.Chart(records_data(head_rows[["lon", "lat", "angle", "side"]])).mark_point(
        shape="triangle-up", filled=True, size=110, opacity=1).encode(
        **geo_pos, angle=alt.Angle("angle:Q", scale=None), color=alt.Color(
            "side:N", scale=colour_scale(sides), legend=None))
    badges = alt.Chart(records_data(number_rows[["lon", "lat", "number", "side"]]))
    discs = badges.mark_circle(size=230, color="white", stroke="#222222", strokeWidth=1,
                               opacity=1).encode(**geo_pos)
    digits = badges.mark_text(fontSize=11, fontWeight="bold", color="#222222").encode(
        **geo_pos, text="number:N")
    taken = names + [bar_box] + [(x - 9, y - 9, x + 9, y + 9)
                                 for x, y in zip(number_rows["x"], number_rows["y"])]
    marks = places_layer(inside(places, OPERATION).assign(population=None), frame, sized=False,
                         obstacles=taken)[0]
    main = alt.layer(*background, backdrop, roads, *arrows, tips, *marks, discs, digits, *bar) \
        .resolve_scale(fill="independent") \
        .project(**frame.projection()) \
        .properties(width=frame.width, height=frame.height)
    return alt.vconcat(main, listing, spacing=4).properties(title=title)
