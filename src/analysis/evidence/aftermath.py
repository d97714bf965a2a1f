"""The aftermath: Russia's hold on the Ukrainian side of the border after the incursion, measured
from DeepState's occupied-area record (:func:`analysis.data.external.occupied_daily`), month by
month to August 2026.

One consistent border: Natural Earth's (``data/boundaries/oblasts.geojson``, the border every
other measurement in the book uses). DeepState draws its polygons to its own border line,
which is not Natural Earth's, so each day's occupied area is split into:

* ``sumy_km2``: inside Sumy oblast (Natural Earth);
* ``kharkiv_border_km2``: inside Kharkiv oblast north of 49.9 N, the record's southern edge
  (the border districts from the Sumy oblast line to the Oskil: Vovchansk, Velykyi Burluk,
  Dvorichna; the record has nothing further south);
* ``outside_border_km2``: what DeepState shows as occupied Ukraine but Natural Earth puts in
  Russia (Kursk, Belgorod, Bryansk oblasts), each point of it credited to the Ukrainian
  area it lies nearest to (:func:`catchments`): ``outside_border_sumy_km2``,
  ``outside_border_kharkiv_km2`` and ``outside_border_elsewhere_km2``;
* ``elsewhere_km2``: the rest, inside Ukraine but in no oblast our boundaries hold (northern
  Luhansk oblast, east of 38.08 E, occupied since 2022);
* ``total_km2``: all of it (the five parts sum to it).

Areas in km2 in :data:`analysis.config.CRS_EQUAL_AREA`, rounded to 0.1 km2. Computed once per
set of inputs and kept on disk like the Kursk series (see :mod:`analysis.evidence.series`).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from .. import config
from ..data import boundaries, external
from . import series as measures

#: The measured columns, in order (see the module docstring); ``month_end`` marks the rows of
#: the monthly series (the last day the record has in each month, and its latest day).
COLUMNS = ["date", "sumy_km2", "kharkiv_border_km2", "outside_border_km2",
           "outside_border_sumy_km2", "outside_border_kharkiv_km2",
           "outside_border_elsewhere_km2", "elsewhere_km2", "total_km2", "month_end"]
#: The Kharkiv border area's southern edge (degrees north): the record's own edge.
KHARKIV_BORDER_SOUTH = external.OCCUPIED_AREA[1]


def regions() -> dict[str, BaseGeometry]:
    """The areas the occupied polygons are split by (shapely, EPSG:4326): ``sumy``,
    ``kharkiv_border`` (Kharkiv oblast north of :data:`KHARKIV_BORDER_SOUTH`), ``russia``
    (every Russian oblast of our boundaries) and ``elsewhere`` (the record's rectangle less
    every oblast we hold: Ukraine beyond Sumy and Kharkiv oblasts, chiefly Luhansk oblast)."""
    oblasts = boundaries.oblasts()
    rectangle = box(*external.OCCUPIED_AREA)
    shapes = oblasts.set_index("oblast").geometry
    return {
        "sumy": shapes["Sumy"],
        "kharkiv_border": shapes["Kharkiv"].intersection(rectangle),
        "russia": oblasts.loc[oblasts["country"] == "Russia", "geometry"].union_all(),
        "elsewhere": rectangle.difference(oblasts.geometry.union_all()),
    }


def _areas_km2(geometries) -> np.ndarray:
    return (gpd.GeoSeries(list(geometries), crs=config.CRS_GEOGRAPHIC)
            .to_crs(config.CRS_EQUAL_AREA).area.to_numpy() / 1e6)


#: Spacing (degrees) of the border points that define which of Sumy and Kharkiv oblasts a
#: point outside the border is nearest to (about 1 km).
_CATCHMENT_STEP = 0.01


@lru_cache(maxsize=1)
def catchments() -> dict[str, BaseGeometry]:
    """Where a point that DeepState shows as occupied but our border puts in Russia is
    credited (EPSG:4326, within the record's rectangle): ``elsewhere``, east of Kharkiv
    oblast's easternmost point (from our boundary; there only Luhansk oblast meets Russia),
    else whichever of ``sumy`` and ``kharkiv_border`` is nearer (a Voronoi partition of
    points every :data:`_CATCHMENT_STEP` degrees along their outlines)."""
    areas = regions()
    points: dict[tuple[float, float], int] = {}
    for index, name in enumerate(("sumy", "kharkiv_border")):
        outline = shapely.segmentize(shapely.boundary(shapely.simplify(areas[name], 0.002)),
                                     _CATCHMENT_STEP)
        for x, y in shapely.get_coordinates(outline):
            points.setdefault((round(float(x), 7), round(float(y), 7)), index)
    rectangle = box(*external.OCCUPIED_AREA)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(list(points)),
                                     extend_to=rectangle.buffer(1), ordered=True)
    east = box(areas["kharkiv_border"].bounds[2], *external.OCCUPIED_AREA[1:])
    west = rectangle.difference(east)
    out = {}
    for index, name in enumerate(("sumy", "kharkiv_border")):
        mine = [cell for cell, owner in zip(cells.geoms, points.values()) if owner == index]
        out[name] = shapely.union_all(mine).intersection(west)
    out["elsewhere"] = east
    return out


def split_outside(outside) -> dict[str, BaseGeometry]:
    """``outside`` (occupied area inside Russia by our border, EPSG:4326) split by the
    :func:`catchments` of the Ukrainian areas: ``sumy``, ``kharkiv_border`` and ``elsewhere``
    (geometries; empty where none)."""
    return {name: outside.intersection(zone) for name, zone in catchments().items()}


def month_ends(dates: pd.Series) -> pd.Series:
    """True for the last day of each calendar month that ``dates`` holds, and for the latest
    day (so a month still running at the end of the record counts its last day)."""
    dates = pd.Series(pd.to_datetime(dates)).reset_index(drop=True)
    last = dates.groupby(dates.dt.to_period("M")).transform("max")
    return (dates == last) | (dates == dates.max())


def compute_daily(occupied: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """The split of every day of the record (see the module docstring), one row a day the
    record has, with ``month_end``; about 10 s."""
    occupied = external.occupied_daily() if occupied is None else occupied
    areas = regions()
    geometries = occupied.geometry.to_numpy()
    sumy = shapely.intersection(geometries, areas["sumy"])
    kharkiv = shapely.intersection(geometries, areas["kharkiv_border"])
    outside = shapely.intersection(geometries, areas["russia"])
    rows = []
    parts = [split_outside(piece) for piece in outside]
    measured = _areas_km2(list(geometries) + list(sumy) + list(kharkiv) + list(outside)
                          + [p[n] for p in parts
                             for n in ("sumy", "kharkiv_border", "elsewhere")])
    count = len(geometries)
    total, in_sumy, in_kharkiv, in_russia = (measured[i * count:(i + 1) * count]
                                             for i in range(4))
    credited = measured[4 * count:].reshape(count, 3)
    for index, day in enumerate(occupied["date"]):
        rows.append({
            "date": day, "sumy_km2": in_sumy[index], "kharkiv_border_km2": in_kharkiv[index],
            "outside_border_km2": in_russia[index],
            "outside_border_sumy_km2": credited[index, 0],
            "outside_border_kharkiv_km2": credited[index, 1],
            "outside_border_elsewhere_km2": credited[index, 2],
            "elsewhere_km2": total[index] - in_sumy[index] - in_kharkiv[index] - in_russia[index],
            "total_km2": total[index]})
    frame = pd.DataFrame(rows)
    numbers = [c for c in COLUMNS if c.endswith("_km2")]
    frame[numbers] = frame[numbers].clip(lower=0).round(1)
    frame["month_end"] = month_ends(frame["date"]).to_numpy()
    return frame[COLUMNS]


def cache_path() -> Path:
    """Where the measured split is kept: ``<cache dir>/series/occupied-<key>.pkl`` (the key
    also covers this module's code; see :func:`analysis.evidence.series.cache_key`)."""
    return config.cache_dir() / "series" / f"occupied-{measures.cache_key(__file__)}.pkl"


@lru_cache(maxsize=1)
def _daily() -> pd.DataFrame:
    external.locate_external()  # checks the records' checksums before trusting a cache
    return measures.read_or_compute(cache_path(), COLUMNS, lambda: compute_daily())


def daily() -> pd.DataFrame:
    """Every day of the record, 2024-07-08 to 2026-08-22 (a few days missing), split as the
    module docstring says (km2)."""
    return _daily().copy()


def monthly() -> pd.DataFrame:
    """The monthly series: the last day the record has in each month from July 2024 to
    August 2026 (the latest day, 22 August 2026, for August 2026), with ``month`` (the first
    of the month) beside ``date`` (the day measured)."""
    frame = daily()
    frame = frame[frame["month_end"]].drop(columns="month_end").reset_index(drop=True)
    frame.insert(0, "month", frame["date"].dt.to_period("M").dt.to_timestamp())
    return frame


def latest() -> pd.Series:
    """The record's latest day (a row of :func:`daily`)."""
    frame = daily()
    return frame.iloc[-1]


def peak(column: str = "sumy_km2") -> tuple[pd.Timestamp, float]:
    """(first day of the maximum, maximum km2) of ``column`` over every day of the record."""
    frame = daily()
    index = frame[column].idxmax()
    return frame.loc[index, "date"], float(frame.loc[index, column])


def year_ends(column: str = "sumy_km2") -> dict[int, tuple[pd.Timestamp, float]]:
    """{year: (the record's last day of that year, ``column`` km2 on it)} for every year the
    record covers; the current year's entry is its latest day."""
    frame = daily()
    last = frame.groupby(frame["date"].dt.year).tail(1)
    return {int(day.year): (day, float(value)) for day, value in zip(last["date"], last[column])}


def sumy_zone_on(day) -> tuple[pd.Timestamp, gpd.GeoDataFrame]:
    """(the record's day, the occupied area on it, split for a map): rows ``layer``
    (``occupied_sumy``, ``occupied_kharkiv``, ``outside_border``), ``area_km2`` and geometry
    (EPSG:4326); the day is the latest on or before ``day``."""
    when, geometry = external.occupied_on(day)
    areas = regions()
    shapes = {"occupied_sumy": geometry.intersection(areas["sumy"]),
              "occupied_kharkiv": geometry.intersection(areas["kharkiv_border"]),
              "outside_border": geometry.intersection(areas["russia"])}
    frame = gpd.GeoDataFrame({"layer": list(shapes)}, geometry=list(shapes.values()),
                             crs=config.CRS_GEOGRAPHIC)
    frame["area_km2"] = _areas_km2(frame.geometry).round(1)
    frame["date"] = when
    return when, frame[~frame.is_empty].reset_index(drop=True)
