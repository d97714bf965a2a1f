"""Boundaries and places as GeoDataFrames, and areas in km2.

Every file is read through the manifest (checksum first). Geometries are stored and returned in
EPSG:4326 (lon/lat degrees); areas are always computed after projecting to
:data:`analysis.config.CRS_EQUAL_AREA`.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .. import config
from ..errors import DataError
from . import manifest
from .tables import load_settlements, load_sources

#: Kursk oblast's official area (km2), for the sanity check against our boundary; as given by
#: source ``wikipedia-kursk-oblast`` in data/sources.csv (Wikipedia's infobox, 2023 mirror).
KURSK_OFFICIAL_AREA_KM2 = 29_997
KURSK_OFFICIAL_AREA_SOURCE = "wikipedia-kursk-oblast"


def read_geojson_resource(name: str, base: Path | None = None) -> gpd.GeoDataFrame:
    """Read a GeoJSON resource after its checksum check; insists on EPSG:4326 and valid,
    non-empty geometries within lon/lat bounds."""
    entry = manifest.resource(name, manifest.load_manifest(
        Path(base) / "datapackage.json" if base else None))
    path = manifest.verify_file(entry, base)
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several error types for broken files
        raise DataError(path, f"unparseable geometry file ({exc})",
                        expected="a GeoJSON FeatureCollection") from None
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise DataError(path, "wrong coordinate reference system", found=str(frame.crs),
                        expected="EPSG:4326 (lon/lat degrees)",
                        fix="reproject with geopandas .to_crs(4326) before saving")
    for number, geometry in enumerate(frame.geometry, start=1):
        if geometry is None or geometry.is_empty:
            raise DataError(path, "empty geometry", row=number, column="geometry",
                            expected="a polygon or line")
        minx, miny, maxx, maxy = geometry.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise DataError(path, "coordinates outside lon/lat range", row=number,
                            column="geometry", found=geometry.bounds,
                            expected="degrees (EPSG:4326); the file may be in a projected CRS")
    return frame


@lru_cache(maxsize=4)
def _oblasts(display: bool) -> gpd.GeoDataFrame:
    return read_geojson_resource("oblasts_display" if display else "oblasts")


def oblasts(display: bool = False) -> gpd.GeoDataFrame:
    """Kursk oblast and its neighbours (``oblast``, ``country``), Natural Earth 10m admin-1
    clipped to the 10m national outlines, EPSG:4326. ``display=True``: the simplified copy."""
    return _oblasts(display).copy()


def countries() -> gpd.GeoDataFrame:
    """Russia, Ukraine and their neighbours (``country``) for the locator inset: Natural Earth
    50m, simplified, Crimea within Ukraine's recognised border; EPSG:4326, display only."""
    return read_geojson_resource("countries")


def kursk_oblast(display: bool = False):
    """Kursk oblast's polygon (shapely, EPSG:4326)."""
    frame = oblasts(display)
    return frame.loc[frame["oblast"] == "Kursk", "geometry"].iloc[0]


def border(display: bool = True) -> gpd.GeoDataFrame:
    """The Russia-Ukraine border within the study area (lines, EPSG:4326)."""
    return read_geojson_resource("border")


def area_km2(geometry) -> float:
    """Area of a shapely geometry given in EPSG:4326, in km2 (equal-area CRS)."""
    series = gpd.GeoSeries([geometry], crs=config.CRS_GEOGRAPHIC).to_crs(config.CRS_EQUAL_AREA)
    return float(series.area.iloc[0] / 1e6)


def kursk_area_km2() -> float:
    """Kursk oblast's area from our boundary, km2 (equal-area CRS)."""
    return area_km2(kursk_oblast())


#: Degrees clockwise from north of the compass words of ``approx_bearing``.
BEARINGS = {"north": 0, "north-east": 45, "east": 90, "south-east": 135, "south": 180,
            "south-west": 225, "west": 270, "north-west": 315}


def approximate_positions(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (data/settlements.csv) with ``lat``/``lon`` filled for the places that carry
    only an approximate position: the point ``approx_distance_km`` from the ``approx_from``
    place's sourced point along ``approx_bearing`` (on the WGS84 ellipsoid, EPSG:4326). Adds
    ``position`` ("sourced" or "approximate") and ``position_text`` ("about 16 km north-east
    of Sudzha, as the source gives it"). A modelled point, never written back to data/."""
    from pyproj import Geod

    out = table.copy()
    out["position"] = ["sourced" if pd.notna(v) else "" for v in out["lat"]]
    out["position_text"] = ""
    located = out.set_index("settlement_id")
    geod = Geod(ellps="WGS84")
    for index, row in out[out["approx_from"].notna()].iterrows():
        anchor = located.loc[row["approx_from"]]
        lon, lat, _ = geod.fwd(anchor["lon"], anchor["lat"], BEARINGS[row["approx_bearing"]],
                               float(row["approx_distance_km"]) * 1000)
        out.loc[index, ["lat", "lon"]] = [round(lat, 5), round(lon, 5)]
        out.loc[index, "position"] = "approximate"
        out.loc[index, "position_text"] = (
            f"approximate: {row['approx_distance_km']:g} km {row['approx_bearing']} of "
            f"{anchor['name']}, as the source gives it")
    return out


def settlements_frame() -> gpd.GeoDataFrame:
    """The places that have a sourced coordinate or an approximate position (see
    :func:`approximate_positions`), as points (EPSG:4326), with ``coordinate_source``: the
    publisher of that coordinate or distance (for map tooltips)."""
    table = approximate_positions(load_settlements())
    table = table[table["lat"].notna()].copy()
    publishers = dict(zip(*load_sources()[["source_id", "publisher"]].T.values))
    table["coordinate_source"] = table["coordinate_source_id"].map(publishers)
    return gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]),
                            crs=config.CRS_GEOGRAPHIC)


#: How far (km) a settlement on the state border may fall outside its oblast's Natural Earth
#: polygon, whose 10m border is simplified (Hrabovske, a Sumy village on the border, falls
#: about half a km into Belgorod oblast on it).
BORDER_TOLERANCE_KM = 1.0


def settlements_outside_their_oblast() -> pd.DataFrame:
    """Settlements whose point is farther than :data:`BORDER_TOLERANCE_KM` from the polygon of
    the oblast the table gives (should be empty). Uses the full-detail boundaries, measured in
    the equal-area CRS."""
    shapes = oblasts().set_index("oblast").to_crs(config.CRS_EQUAL_AREA).geometry
    points = settlements_frame()
    points = points[points["oblast"].isin(shapes.index)]  # the mapped oblasts only
    metric = points.to_crs(config.CRS_EQUAL_AREA).geometry
    inside = [shapes[o].distance(p) <= BORDER_TOLERANCE_KM * 1000
              for o, p in zip(points["oblast"], metric)]
    return points.loc[[not i for i in inside], ["settlement_id", "name", "oblast", "lat", "lon"]]


def distance_km(a: str, b: str) -> float:
    """Great-circle distance (km, on the WGS84 ellipsoid) between the sourced points of the
    places named ``a`` and ``b`` in data/settlements.csv (an approximate position counts as
    its modelled point, see :func:`approximate_positions`)."""
    from pyproj import Geod

    places = approximate_positions(load_settlements()).set_index("name")
    for name in (a, b):
        if name not in places.index or pd.isna(places.loc[name, "lat"]):
            raise KeyError(f"data/settlements.csv: no located place named {name!r}")
    _, _, metres = Geod(ellps="WGS84").inv(places.loc[a, "lon"], places.loc[a, "lat"],
                                           places.loc[b, "lon"], places.loc[b, "lat"])
    return metres / 1000
