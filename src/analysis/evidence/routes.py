"""Routes placed from claims of distance and bearing (``data/route_points.csv``).

No source we read names the places where a route began or ended, only how far and in which
direction from a town. Each end is therefore *modelled*: the point at the claimed distance and
bearing from the anchor settlement's GeoNames coordinate, by a geodesic offset on the WGS84
ellipsoid. The line between the ends is schematic: a straight segment, not the route's course.
Everything returned is in EPSG:4326 (longitude, latitude in degrees); distances are km.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
from pyproj import Geod
from shapely.geometry import LineString, Point

from .. import config
from ..data.tables import load_route_points, load_settlements
from .sources import describe_sources

_GEOD = Geod(ellps="WGS84")
#: The gas-pipeline raid of March 2025 (chapter 4).
PIPELINE_RAID = "pipeline-raid"


def offset(lon: float, lat: float, bearing_deg: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` (km) from (``lon``, ``lat``) (degrees, EPSG:4326) along the
    geodesic leaving at ``bearing_deg`` (degrees clockwise from true north), as (lon, lat)."""
    lon2, lat2, _ = _GEOD.fwd(lon, lat, bearing_deg, distance_km * 1000.0)
    return lon2, lat2


COMPASS = ["north", "north-east", "east", "south-east", "south", "south-west", "west",
           "north-west"]


def compass(bearing_deg: float) -> str:
    """The bearing (degrees clockwise from true north) as a word where it is a multiple of
    45 degrees ("north"), else as "bearing N°"."""
    if bearing_deg % 45 == 0:
        return COMPASS[int(bearing_deg // 45) % 8]
    return f"bearing {bearing_deg:g}°"


def geodesic_km(a: Point, b: Point) -> float:
    """Length of the geodesic between two EPSG:4326 points, km (WGS84 ellipsoid)."""
    return _GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000.0


def ends(route_id: str = PIPELINE_RAID) -> gpd.GeoDataFrame:
    """The route's two ends as modelled points (EPSG:4326), one row each, entry first, with the
    claim behind each (``date``, ``distance_km``, ``bearing_deg``, ``qualifier``,
    ``description``, ``claimant``, ``claimant_side``, ``source_ids``), ``anchor`` (the town's
    name),
    ``sources`` ("Publisher, date; …") and ``label`` (e.g. "Entry (claimed)")."""
    points = load_route_points()
    points = points[points["route_id"] == route_id]
    if points.empty:
        raise KeyError(f"no route '{route_id}' in data/route_points.csv")
    towns = load_settlements().set_index("settlement_id")
    geometry, anchors = [], []
    for row in points.itertuples(index=False):
        town = towns.loc[row.anchor_settlement_id]
        geometry.append(Point(offset(town["lon"], town["lat"], row.bearing_deg, row.distance_km)))
        anchors.append(town["name"])
    frame = gpd.GeoDataFrame(points.assign(anchor=anchors), geometry=geometry,
                             crs=config.CRS_GEOGRAPHIC)
    frame["sources"] = [describe_sources(ids) for ids in frame["source_ids"]]
    frame["label"] = frame["role"].str.capitalize() + " (claimed)"
    frame["lon"], frame["lat"] = frame.geometry.x, frame.geometry.y
    return frame.sort_values("role").reset_index(drop=True)


def schematic_line(route_ends: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A one-row GeoDataFrame (EPSG:4326) with the straight segment from the entry to the exit
    and its ``length_km`` (geodesic, km). Schematic: not the route's real course."""
    entry = route_ends.loc[route_ends["role"] == "entry"].geometry.iloc[0]
    exit_ = route_ends.loc[route_ends["role"] == "exit"].geometry.iloc[0]
    return gpd.GeoDataFrame({"label": ["Schematic line between the claimed ends"],
                             "length_km": [geodesic_km(entry, exit_)]},
                            geometry=[LineString([entry, exit_])], crs=config.CRS_GEOGRAPHIC)


def summary(route_id: str = PIPELINE_RAID) -> pd.DataFrame:
    """One row per end for tables: role, date, claimed distance and bearing from the anchor
    town, the modelled ``lat``/``lon`` (degrees as text with 3 decimals, about 100 m, so a
    table shows them unrounded), claimant, sources."""
    frame = ends(route_id)
    return pd.DataFrame({
        "role": frame["role"], "date": frame["date"].dt.strftime("%d %B %Y").str.lstrip("0"),
        "claim": [f"{q + ' ' if isinstance(q, str) else ''}{d:g} km {compass(b)} of {a}"
                  for q, d, b, a in zip(frame["qualifier"], frame["distance_km"],
                                        frame["bearing_deg"], frame["anchor"])],
        "lat": frame["lat"].map("{:.3f}".format), "lon": frame["lon"].map("{:.3f}".format),
        "description": frame["description"], "claimant": frame["claimant"],
        "sources": frame["sources"]})
