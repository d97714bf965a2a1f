"""The operation's course as the sources describe it: each axis of data/axes.csv as a schematic
line through its places (EPSG:4326), numbered in date order for the map and its list."""
from __future__ import annotations

import geopandas as gpd
from shapely.geometry import LineString, Point

from .. import config, dates
from ..data import boundaries
from ..data.tables import load_axes, load_sources
from .sources import describe_sources


def border_point(start: Point, towards: Point) -> Point:
    """Where the straight segment from ``start`` to ``towards`` (lon/lat degrees) first
    crosses the state border (Natural Earth, undisplayed detail); ``start`` if it never
    does. A schematic point: the crossing a straight line would make, not a sourced one."""
    segment = LineString([start, towards])
    crossing = segment.intersection(boundaries.border(display=False).union_all())
    if crossing.is_empty:
        return start
    points = [crossing] if crossing.geom_type == "Point" else list(getattr(crossing, "geoms", []))
    points = [p for p in points if p.geom_type == "Point"] or [start]
    return min(points, key=start.distance)


def axis_lines() -> gpd.GeoDataFrame:
    """One row per axis, in date order (roads first): ``number`` ("1", "2", …), ``axis_id``,
    ``side``, ``kind``, ``when`` (the date at its precision), ``label``, ``claimant``,
    ``sources`` (publishers and dates), ``quote`` and the schematic line through its points
    (EPSG:4326; approximate positions as modelled by
    :func:`analysis.data.boundaries.approximate_positions`)."""
    from ..data.tables import load_settlements

    places = boundaries.approximate_positions(load_settlements()).set_index("settlement_id")
    table = load_axes()
    table = table.assign(road=table["kind"].eq("road")).sort_values(
        ["road", "date"], ascending=[False, True], kind="stable").reset_index(drop=True)
    sources = load_sources().set_index("source_id")
    lines = []
    for row in table.itertuples(index=False):
        names = [p.strip() for p in row.points.split(";")]
        points: list[Point | None] = [None if n.startswith("border@") else
                                      Point(places.loc[n, "lon"], places.loc[n, "lat"])
                                      for n in names]
        for i, name in enumerate(names):
            if points[i] is None:
                start = places.loc[name.removeprefix("border@")]
                towards = points[i + 1] if i + 1 < len(points) and points[i + 1] else points[i - 1]
                points[i] = border_point(Point(start["lon"], start["lat"]), towards)
        lines.append(LineString(points))
    out = table.drop(columns="road").assign(
        number=[str(i + 1) for i in range(len(table))],
        when=[dates.short(d, p) for d, p in zip(table["date"], table["date_precision"])],
        when_long=[dates.long(d, p) for d, p in zip(table["date"], table["date_precision"])],
        sources=[describe_sources(ids, sources) for ids in table["source_ids"]])
    return gpd.GeoDataFrame(out, geometry=lines, crs=config.CRS_GEOGRAPHIC)
