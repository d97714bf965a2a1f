"""Maps as altair geoshape charts fed by GeoDataFrames (EPSG:4326 in, projected by vega-lite).

Projection: azimuthal equal-area centred on Kursk oblast (35.5 E, 51.5 N), matching the CRS in
which areas are measured. Geometries are clipped to the map frame and simplified to what a
page-width map can show (~100 m), so each map's geometry stays small.
"""
from __future__ import annotations

import json

import altair as alt
import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from .. import config
from ..evidence.sources import distinct_sources
from .charts import _clean as records_data
from .theme import ACTOR_COLOURS, BORDER, LAND_RUSSIA, LAND_UKRAINE, ROUTE, WIDTH

#: Map frames (lon/lat degrees): the whole oblast with the Sumy border, and the Sudzha salient.
FRAME = (33.7, 50.35, 38.7, 52.55)
SALIENT = (34.3, 50.95, 35.95, 51.65)
SUDZHA = (34.8, 50.99, 35.65, 51.48)
#: Simplification tolerance for displayed control polygons, degrees (~100 m at 51 N).
SIMPLIFY_DEGREES = 0.001
PROJECTION = {"type": "azimuthalEqualArea", "rotate": [-35.5, -51.5, 0]}
LAYER_LABELS = {"held_by_ukraine": "Held by Ukraine (DeepState)",
                "grey_zone": "Grey zone (DeepState)",
                "russian_advances": "Russian advances (ISW)"}
LAYER_COLOURS = {"Held by Ukraine (DeepState)": ACTOR_COLOURS["Ukraine"],
                 "Grey zone (DeepState)": ACTOR_COLOURS["contested"],
                 "Russian advances (ISW)": ACTOR_COLOURS["Russia"]}


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
    snapshot they come from (``source``). Input and output in EPSG:4326."""
    frame = layers.to_crs(config.CRS_GEOGRAPHIC).copy()
    frame["geometry"] = frame.intersection(box(*frame_box)).simplify(SIMPLIFY_DEGREES,
                                                                      preserve_topology=True)
    frame = frame[~frame.is_empty]
    frame["layer_label"] = frame["layer"].map(LAYER_LABELS)
    if "snapshot_utc" in frame:
        frame["source"] = [f"DeepStateMap snapshot of {t:%Y-%m-%d %H:%M} UTC"
                           for t in frame["snapshot_utc"]]
    return frame


def base_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
             frame: tuple = FRAME) -> list[alt.Chart]:
    """Background layers clipped to ``frame``: oblasts (Russian and Ukrainian land tinted
    apart; Kursk oblast outlined more strongly), the state border, and oblast names."""
    land = oblasts.copy()
    land["geometry"] = land.intersection(box(*frame))
    land = land[~land.is_empty]
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
    line = border.copy()
    line["geometry"] = line.intersection(box(*frame))
    border_layer = alt.Chart(alt.Data(values=_to_values(line, ["name"])["features"])) \
        .mark_geoshape(filled=False, stroke=BORDER, strokeWidth=1.6)
    centres = land.assign(geometry=land.representative_point())
    if frame == FRAME:  # place the Kursk label in open country east of the city
        centres.loc[centres["oblast"] == "Kursk", "geometry"] = gpd.points_from_xy([37.3], [51.95])
    names = pd.DataFrame({"oblast": centres["oblast"] + " oblast",
                          "lon": centres.geometry.x.round(3), "lat": centres.geometry.y.round(3)})
    names = names[names["oblast"].isin(["Kursk oblast", "Sumy oblast", "Belgorod oblast"])]
    name_layer = alt.Chart(records_data(names)).mark_text(fontSize=12, fontStyle="italic",
                                            color="#8a8a8a").encode(
        longitude="lon:Q", latitude="lat:Q", text="oblast:N")
    return [fills, kursk_outline, border_layer, name_layer]


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


def places_layer(settlements: pd.DataFrame, sized: bool = True,
                 size_title: str = "Population (GeoNames)") -> list[alt.Chart]:
    """Settlement points (sized by the ``population`` column where ``sized``; the legend says
    ``size_title``; a place without a value is an open circle of fixed size) with their
    names. Needs ``name``, ``lat``, ``lon``, ``population`` and optionally ``note`` and
    ``sources`` (tooltip)."""
    frame = settlements[["name", "lat", "lon", "population"] +
                        [c for c in ("note", "sources") if c in settlements]].copy()
    if not sized:
        frame = frame.drop(columns="population").assign(source="GeoNames (CC BY 4.0)")
    base = alt.Chart(records_data(frame))
    size = (alt.Size("population:Q", title=size_title,
                     scale=alt.Scale(range=[25, 300], zero=False),
                     legend=alt.Legend(orient="bottom", format=",~f"))
            if sized else alt.value(30))
    tooltip = [alt.Tooltip("name:N", title="Place"),
               alt.Tooltip("population:Q", format=",~f", title=size_title) if sized
               else alt.Tooltip("source:N", title="Source")]
    if "note" in frame:
        tooltip.append(alt.Tooltip("note:N", title="Reported"))
    if "sources" in frame:
        tooltip.append(alt.Tooltip("sources:N", title="Sources"))
    known = base.transform_filter("isValid(datum.population)") if sized else base
    points = known.mark_circle(color="#222222", opacity=0.8, stroke="white", strokeWidth=0.8) \
        .encode(longitude="lon:Q", latitude="lat:Q", size=size, tooltip=tooltip)
    labels = base.mark_text(align="left", dx=6, dy=-4, fontSize=11, color="#111111").encode(
        longitude="lon:Q", latitude="lat:Q", text="name:N")
    if not sized:
        return [points, labels]
    # a place whose population the gazetteer does not give: an open circle, never a size
    unknown = base.transform_filter("!isValid(datum.population)").transform_calculate(
        population_text="'not given'").mark_circle(
        size=30, filled=False, color="#222222", strokeWidth=1.2).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title="Place"),
                 alt.Tooltip("population_text:N", title=size_title)] + tooltip[2:])
    return [points, unknown, labels]


def route_layer(ends: gpd.GeoDataFrame, line: gpd.GeoDataFrame) -> list[alt.Chart]:
    """A schematic route: the dashed straight ``line`` (EPSG:4326) between its ``ends``
    (points with ``label``, ``lon``/``lat`` in degrees, ``description``, ``claimant``,
    ``sources``), each end marked and labelled, the line marked "schematic" at its middle;
    tooltips give the claim and its source. Labels have a white halo (a stroked copy)."""
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
                                                "label": ["schematic"]})))
    return [path, marks,
            *_haloed_text(base, align="right", dx=-7, fontSize=10, fontWeight="bold"),
            *_haloed_text(note, align="right", dx=-5, fontSize=9, fontStyle="italic")]


def _haloed_text(chart: alt.Chart, **style) -> list[alt.Chart]:
    """The ``label`` of each row at its ``lon``/``lat`` in the route colour, over a white
    stroked copy of itself so it stays legible on any fill."""
    where = dict(longitude="lon:Q", latitude="lat:Q", text="label:N")
    return [chart.mark_text(**style, color="white", stroke="white", strokeWidth=3,
                            strokeJoin="round").encode(**where),
            chart.mark_text(**style, color=ROUTE).encode(**where)]


def control_map(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
                layers: gpd.GeoDataFrame, settlements: pd.DataFrame | None = None, *,
                title: str, width: int = WIDTH, height: int = 440,
                size_title: str = "Population (GeoNames)",
                frame: tuple = FRAME) -> alt.LayerChart:
    """A map of control within ``frame``: base map, control polygons, optional places (only
    those inside the frame)."""
    parts = base_map(oblasts, border, frame) + [control_layer(layers, frame=frame)]
    if settlements is not None:
        west, south, east, north = frame
        settlements = settlements[settlements["lon"].between(west, east)
                                  & settlements["lat"].between(south, north)]
    if settlements is not None and not settlements.empty:
        parts += places_layer(settlements, size_title=size_title)
    return alt.layer(*parts).resolve_scale(fill="independent", size="independent") \
        .project(**PROJECTION).properties(title=title, width=width, height=height)


#: The small multiples' legend: under the last panel, one entry per line.
STACKED_LEGEND = alt.Legend(orient="bottom", direction="vertical")


def small_multiples(oblasts: gpd.GeoDataFrame, border: gpd.GeoDataFrame,
                    panels: list[tuple[str, gpd.GeoDataFrame]], *, title: str,
                    columns: int = 3, frame: tuple = SALIENT,
                    landmarks: pd.DataFrame | None = None,
                    overlays: dict[int, list[alt.Chart]] | None = None) -> alt.ConcatChart:
    """One small map per (panel title, control layers) pair, same frame and colours; the
    legend is drawn once, under the last panel, one entry per line so it fits its width.
    ``landmarks`` (name, lat, lon) are marked unsized on every panel; ``overlays`` maps a
    panel's index to extra layers drawn on top of that panel only."""
    width = (WIDTH - 20 * (columns - 1)) // columns
    maps = []
    for index, (panel_title, layers) in enumerate(panels):
        parts = base_map(oblasts, border, frame)[:3] + [
            control_layer(layers, frame=frame,
                          legend=index == len(panels) - 1 and STACKED_LEGEND)]
        if landmarks is not None:
            parts += places_layer(landmarks.assign(population=None), sized=False)
        parts += (overlays or {}).get(index, [])
        maps.append(alt.layer(*parts).resolve_scale(fill="independent").project(**PROJECTION)
                    .properties(title=alt.TitleParams(panel_title, fontSize=12),
                                width=width, height=int(width * 0.8)))
    return alt.concat(*maps, columns=columns).properties(title=title)
