"""Measured territorial control from two external, dated records (not ours, not committed).

* DeepStateMap snapshots (``deepstate-kursk/snapshots-study-area.geojson.gz``): polygons of the
  area held by Ukraine's forces in Russia (fill ``#01579b``, "Liberated") and of the grey zone
  (fills ``#bdbdbd`` and ``#bcaaa4``, "Unknown status"), 309 snapshots 2024-08-02..2025-06-08.
* ISW with AEI's Critical Threats Project, "Russian advances in Kursk" (``isw-kursk/``): daily
  km2 as computed by the sdspieg/war-datasets-dashboard repository, and polygons on 37 dates.
* DeepStateMap's Russian-occupied area of Ukraine, one dissolved multipolygon a day
  (``deepstate-occupied/occupied-study-area-daily.geojson.gz``), 769 days 2024-07-08..2026-08-22
  clipped to lon 33.0-38.6, lat 49.9-52.5 (Sumy oblast and northern Kharkiv oblast), from the
  cyterat/deepstate-map-data archive: the aftermath in Ukraine after the incursion.

The folder comes from :func:`analysis.config.external_data_dir` (``KURSK_EXTERNAL_DATA``) or,
failing that, from the download cache filled by :func:`download_originals`. All areas are
computed in :data:`analysis.config.CRS_EQUAL_AREA` and reported in km2.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import urllib.request
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry

from .. import config
from ..errors import DataError

DEEPSTATE_FILE = "deepstate-kursk/snapshots-study-area.geojson.gz"
ISW_DAILY_FILE = "isw-kursk/kursk_russian_advances_daily_km2.json"
ISW_POLYGON_DIR = "isw-kursk"

DEEPSTATE_ATTRIBUTION = "Territorial control: DeepStateMap.Live, via the deepstatemaps-history archive"
#: DeepState's occupied area of Ukraine, one feature (``date``, multipolygon) a day.
OCCUPIED_FILE = "deepstate-occupied/occupied-study-area-daily.geojson.gz"
OCCUPIED_ATTRIBUTION = ("Territorial control: DeepStateMap.Live, via the deepstate-map-data "
                        "archive")
ISW_ATTRIBUTION = "Institute for the Study of War with AEI's Critical Threats Project"

#: Pinned originals (see the external folder's README).
DEEPSTATE_COMMIT = "df633a1700680411949934a4345f1af263327377"
DEEPSTATE_URL = ("https://raw.githubusercontent.com/DanielRose2310/deepstatemaps-history/"
                 f"{DEEPSTATE_COMMIT}/geojsons/{{unix}}.geojson")
ISW_COMMIT = "cc9e7eb5ca3a84b75e2b0fb751ccad6d9f3d2bf9"
ISW_BASE_URL = ("https://raw.githubusercontent.com/sdspieg/war-datasets-dashboard/"
                f"{ISW_COMMIT}/dist/data/")
STUDY_AREA = (33.9, 50.6, 38.6, 52.5)  # lon/lat degrees, as clipped by the archive's README
#: The occupied-area archive at its pinned commit (2026-08-22): one file a day, named by date.
OCCUPIED_COMMIT = "e904719a6726c7e6b5d6e87a7701e1b77b18e554"
OCCUPIED_URL = ("https://raw.githubusercontent.com/cyterat/deepstate-map-data/"
                f"{OCCUPIED_COMMIT}/data/deepstatemap_data_{{yyyymmdd}}.geojson")
#: The rectangle the shared occupied record is clipped to (lon/lat degrees): Sumy oblast and
#: Kharkiv oblast north of 49.9 N, along the Russian border.
OCCUPIED_AREA = (33.0, 49.9, 38.6, 52.5)

#: Dates of the ISW polygon files at the pinned commit.
ISW_POLYGON_DATES = """2024-09-11 2024-09-13 2024-09-14 2024-09-16 2024-09-18 2024-09-28 2024-10-01 2024-10-11 2024-10-17 2024-10-19 2024-10-24 2024-11-10 2024-11-12 2024-11-20 2024-12-01 2024-12-14 2024-12-17 2024-12-30 2025-01-10 2025-01-21 2025-01-24 2025-02-07 2025-02-22 2025-03-07 2025-03-08 2025-03-09 2025-03-11 2025-03-12 2025-03-20 2025-03-27 2025-03-31 2025-04-08 2025-04-14 2025-04-26 2025-06-07 2025-08-20 2025-11-05""".split()
#: ISW's whole-front daily layer areas (all layers, km2 a day), for the diversion test.
ISW_FRONT_FILE = "isw-ukraine/daily_areas.json"
#: sha256 of each file's bytes as distributed in the shared folder.
EXTERNAL_SHA256 = {
    DEEPSTATE_FILE: "ce8fbbabd8d0365f97bac80c399f6415f02e6da4d44e434578d8ffda42015b17",
    ISW_DAILY_FILE: "b935402c0515ea90f780d42ce89809c6df1d1f8c9eecad09138977cca08c3c35",
    ISW_FRONT_FILE: "4fecb4a796123191713e94625a8bf472666adfd4dee31d9762236fe4c3a618d1",
    OCCUPIED_FILE: "b61ceba27062e2f06c7866bce92a83e5b0eaf7973cdc56f072a237252987a589",
}
#: The download cache's record of what it holds: "sha256  path" lines, written by
#: :func:`download_originals` and checked by :func:`locate_external` on every use.
CACHE_SUMS = "SHA256SUMS"
#: DeepState fills and the layer each one encodes (verified against the labels in the data).
DEEPSTATE_LAYERS = {"#01579b": "held_by_ukraine", "#bdbdbd": "grey_zone", "#bcaaa4": "grey_zone"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _missing_message(folder: Path) -> str:
    return (f"the external control records are not in {folder}. Supply them by either "
            f"(a) pointing {config.EXTERNAL_DATA_ENV} at a folder holding "
            f"{', '.join(EXTERNAL_SHA256)} (the project's shared/data folder), or (b) running "
            f"`python -m analysis.data.external download` on a machine with internet access, which "
            f"fetches the originals at the pinned commits into {config.cache_dir()}")


def locate_external() -> Path:
    """Folder with the external records, checked by sha256: the configured/shared folder if it
    holds them, else the download cache. Raises DataError saying how to supply them."""
    shared, cache = config.external_data_dir(), config.cache_dir() / "external"
    if all((shared / name).exists() for name in EXTERNAL_SHA256):
        for name, digest in EXTERNAL_SHA256.items():
            path = shared / name
            if _sha256(path) != digest:
                raise DataError(path, "checksum does not match the pinned original",
                                expected=f"sha256 {digest}", found=_sha256(path)[:16] + "…",
                                fix="replace it with the original file or unset "
                                    f"{config.EXTERNAL_DATA_ENV}")
        return shared
    if (cache / CACHE_SUMS).exists():
        verify_cache(cache)
        return cache
    raise DataError(shared / DEEPSTATE_FILE, _missing_message(shared))


def verify_cache(folder: Path) -> None:
    """Check every file the download cache's :data:`CACHE_SUMS` lists against its sha256 (and
    that the records the book needs are listed); DataError naming the first that differs."""
    sums = {}
    for line in (folder / CACHE_SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    for name in EXTERNAL_SHA256:
        if name not in sums:
            raise DataError(folder / CACHE_SUMS, f"the download cache lacks {name}",
                            fix="run `python -m analysis.data.external download` again")
    for name, digest in sums.items():
        path = folder / name
        found = _sha256(path) if path.exists() else "missing"
        if found != digest:
            raise DataError(path, "the download cache's file differs from what was downloaded",
                            expected=f"sha256 {digest}", found=found[:16] + "…",
                            fix="run `python -m analysis.data.external download` again")


@lru_cache(maxsize=2)
def _deepstate_raw(folder: str) -> gpd.GeoDataFrame:
    path = Path(folder) / DEEPSTATE_FILE
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            collection = json.load(handle)
        frame = gpd.GeoDataFrame.from_features(collection["features"], crs=config.CRS_GEOGRAPHIC)
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(path, f"cannot read the DeepState snapshots ({exc})",
                        expected="a gzipped GeoJSON FeatureCollection") from None
    frame["snapshot_utc"] = pd.to_datetime(frame["snapshot_utc"], utc=True)
    frame["layer"] = frame["fill"].map(DEEPSTATE_LAYERS)
    return frame[frame["layer"].notna()].reset_index(drop=True)


def deepstate_features() -> gpd.GeoDataFrame:
    """DeepState polygons of the two Kursk layers: ``layer`` (held_by_ukraine, grey_zone),
    ``snapshot_utc`` (publication time, UTC), geometry in EPSG:4326. Unclipped."""
    return _deepstate_raw(str(locate_external())).copy()


def _layer_union(features: gpd.GeoDataFrame, layer: str, clip):
    part = features[features["layer"] == layer]
    if part.empty:
        return None
    return part.geometry.union_all().intersection(clip)


def deepstate_snapshot_polygons(oblast_geometry, when: str | pd.Timestamp) -> gpd.GeoDataFrame:
    """The DeepState layers in force on day ``when`` (the last snapshot published on or before
    that day, UTC), dissolved per layer and clipped to ``oblast_geometry`` (EPSG:4326).

    Returns one row per layer with ``layer``, ``snapshot_utc`` and ``area_km2`` (equal-area)."""
    features = deepstate_features()
    day_end = pd.Timestamp(when).tz_localize("UTC") + pd.Timedelta(days=1) \
        if pd.Timestamp(when).tzinfo is None else pd.Timestamp(when)
    published = features.loc[features["snapshot_utc"] < day_end, "snapshot_utc"]
    if published.empty:
        raise ValueError(f"no DeepState snapshot on or before {when}")
    snapshot = published.max()
    current = features[features["snapshot_utc"] == snapshot]
    rows = []
    for layer in ("held_by_ukraine", "grey_zone"):
        geometry = _layer_union(current, layer, oblast_geometry)
        if geometry is not None and not geometry.is_empty:
            rows.append({"layer": layer, "snapshot_utc": snapshot, "geometry": geometry})
    frame = gpd.GeoDataFrame(rows, columns=["layer", "snapshot_utc", "geometry"],
                             geometry="geometry", crs=config.CRS_GEOGRAPHIC)
    frame["area_km2"] = frame.to_crs(config.CRS_EQUAL_AREA).area / 1e6
    return frame


def deepstate_daily_series(oblast_geometry) -> pd.DataFrame:
    """Daily measured control in the oblast from DeepState, one row per calendar day.

    Columns: ``date``; ``snapshot_utc`` (the snapshot in force: the day's last, else the latest
    earlier one, so days without a snapshot repeat it); ``held_by_ukraine_km2``;
    ``grey_zone_km2``; ``retaken_by_russia_km2`` — derived by us: the union of every area DeepState
    had shown as held by Ukraine up to that snapshot, less what it shows as held or grey then.
    Areas in km2 in the equal-area CRS, clipped to ``oblast_geometry`` (EPSG:4326)."""
    features = deepstate_features()
    equal_area = config.CRS_EQUAL_AREA
    geometries = features.geometry.to_numpy()
    groups = features.groupby(["snapshot_utc", "layer"]).indices

    def union(snapshot, layer):
        index = groups.get((snapshot, layer))
        if index is None:
            return None
        return shapely.union_all(geometries[index]).intersection(oblast_geometry)

    snapshots_in_order, shapes, ever_held = [], [], None
    empty = box(0, 0, 0, 0)
    for snapshot in sorted(features["snapshot_utc"].unique()):
        held, grey = union(snapshot, "held_by_ukraine"), union(snapshot, "grey_zone")
        if held is not None:
            ever_held = held if ever_held is None else ever_held.union(held)
        lost = None
        if ever_held is not None:
            lost = ever_held
            for part in (held, grey):
                if part is not None:
                    lost = lost.difference(part)
        snapshots_in_order.append(snapshot)
        shapes += [g if g is not None else empty for g in (held, grey, lost)]
    # every area in one projection call: (held, grey, lost) per snapshot, in order
    areas = (gpd.GeoSeries(shapes, crs=config.CRS_GEOGRAPHIC).to_crs(equal_area).area / 1e6) \
        .to_numpy().reshape(-1, 3)
    rows = [{"snapshot_utc": snapshot, "held_by_ukraine_km2": held, "grey_zone_km2": grey,
             "retaken_by_russia_km2": lost}
            for snapshot, (held, grey, lost) in zip(snapshots_in_order, areas)]
    snapshots = pd.DataFrame(rows)
    snapshots["date"] = snapshots["snapshot_utc"].dt.tz_convert("UTC").dt.tz_localize(None) \
        .dt.normalize()
    last = snapshots.groupby("date").tail(1).set_index("date")
    days = pd.date_range(last.index.min(), last.index.max(), freq="D", name="date")
    daily = last.reindex(days).ffill().reset_index()
    return daily[["date", "snapshot_utc", "held_by_ukraine_km2", "grey_zone_km2",
                  "retaken_by_russia_km2"]].round({"held_by_ukraine_km2": 1,
                                                   "grey_zone_km2": 1,
                                                   "retaken_by_russia_km2": 1})


def isw_daily_series() -> pd.DataFrame:
    """ISW's "Russian advances in Kursk": ``date`` and ``retaken_by_russia_km2`` (cumulative
    area Russia had retaken, km2, as computed by the dashboard repository), reindexed to every
    day with the last published value carried forward; ``published`` marks original rows."""
    path = locate_external() / ISW_DAILY_FILE
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        frame = pd.DataFrame.from_records(records)
        frame = frame[frame["layerType"] == "kursk_russian_advances"]
        frame = pd.DataFrame({"date": pd.to_datetime(frame["date"]),
                              "retaken_by_russia_km2": frame["areaKm2"].astype(float)})
    except (ValueError, KeyError) as exc:
        raise DataError(path, f"cannot read the ISW daily areas ({exc})",
                        expected="a JSON list of {date, layerType, areaKm2}") from None
    frame = frame.drop_duplicates("date", keep="last").set_index("date").sort_index()
    frame["published"] = True
    days = pd.date_range(frame.index.min(), frame.index.max(), freq="D", name="date")
    daily = frame.reindex(days)
    daily["published"] = daily["published"].fillna(False).astype(bool)
    daily["retaken_by_russia_km2"] = daily["retaken_by_russia_km2"].ffill()
    return daily.reset_index()


#: ISW layers whose sum is the Russian-held area of Ukraine: assessed control (Crimea
#: included) plus assessed advances not yet folded into control.
FRONT_LAYERS = ("ukraine_control_map", "russian_advances")
#: ISW's layer of Russian claims of control it has not confirmed; counted by AFP's monthly
#: figures, not by the book's diversion test (0 on days the table has no row for it).
CLAIMED_LAYER = "russian_claimed"
#: The control polygons of the whole front, one file per date, beside the daily areas.
ISW_FRONT_POLYGON_DIR = "isw-ukraine/control"


def isw_front_daily() -> pd.DataFrame:
    """ISW's whole-front layers per day, as the dashboard computed them: ``date`` and one
    column per layer of :data:`FRONT_LAYERS` (km2), plus ``held_by_russia_km2``, their sum,
    and :data:`CLAIMED_LAYER` with ``held_or_claimed_km2`` (all three: what AFP counts).
    Days missing either layer are dropped. Not the Kursk layer: Kursk oblast is in Russia."""
    path = locate_external() / ISW_FRONT_FILE
    try:
        frame = pd.DataFrame.from_records(json.loads(path.read_text(encoding="utf-8")))
        frame = frame[frame["layerType"].isin(FRONT_LAYERS + (CLAIMED_LAYER,))]
        wide = frame.pivot_table(index="date", columns="layerType", values="areaKm2")
    except (ValueError, KeyError) as exc:
        raise DataError(path, f"cannot read ISW's daily areas ({exc})",
                        expected="a JSON list of {date, layerType, areaKm2}") from None
    wide = wide.dropna(subset=list(FRONT_LAYERS)).reset_index()
    wide["date"] = pd.to_datetime(wide["date"])
    wide["held_by_russia_km2"] = wide[list(FRONT_LAYERS)].sum(axis=1)
    wide[CLAIMED_LAYER] = wide[CLAIMED_LAYER].fillna(0.0) if CLAIMED_LAYER in wide else 0.0
    wide["held_or_claimed_km2"] = wide["held_by_russia_km2"] + wide[CLAIMED_LAYER]
    return wide[["date", *FRONT_LAYERS, CLAIMED_LAYER, "held_by_russia_km2",
                 "held_or_claimed_km2"]].sort_values("date").reset_index(drop=True)


def isw_front_polygon_area_km2(day: str) -> float:
    """Area (km2, equal-area CRS, after ``make_valid``) of ISW's control polygons on ``day``
    (a file in :data:`ISW_FRONT_POLYGON_DIR`), to check the dashboard's table against."""
    path = locate_external() / ISW_FRONT_POLYGON_DIR / f"{day}.geojson"
    if not path.exists():
        raise DataError(path, "no ISW control polygons for that day",
                        expected="a date with a file in " + ISW_FRONT_POLYGON_DIR)
    frame = gpd.read_file(path).set_crs(config.CRS_GEOGRAPHIC, allow_override=True)
    valid = frame.geometry.make_valid()
    return float(gpd.GeoSeries([valid.union_all()], crs=config.CRS_GEOGRAPHIC)
                 .to_crs(config.CRS_EQUAL_AREA).area.iloc[0] / 1e6)


def isw_polygon_dates() -> list[str]:
    """Dates (YYYY-MM-DD) for which ISW polygons are available."""
    folder = locate_external() / ISW_POLYGON_DIR
    return sorted(p.stem for p in folder.glob("????-??-??.geojson"))


def isw_polygons(day: str) -> gpd.GeoDataFrame:
    """ISW's Russian-advances polygons on ``day`` (EPSG:4326), as published."""
    path = locate_external() / ISW_POLYGON_DIR / f"{day}.geojson"
    if not path.exists():
        raise DataError(path, "no ISW polygons for that date",
                        expected="one of " + ", ".join(isw_polygon_dates()))
    try:
        return gpd.read_file(path).set_crs(config.CRS_GEOGRAPHIC, allow_override=True)
    except Exception as exc:  # pyogrio raises several types for unparseable files
        raise DataError(path, f"unparseable geometry ({exc})", expected="GeoJSON") from None


@lru_cache(maxsize=2)
def _occupied_raw(folder: str) -> gpd.GeoDataFrame:
    path = Path(folder) / OCCUPIED_FILE
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            features = json.load(handle)["features"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataError(path, f"cannot read DeepState's occupied area ({exc})",
                        expected="a gzipped GeoJSON FeatureCollection") from None
    return occupied_frame(features, path)


def occupied_frame(features: list, path: Path | str) -> gpd.GeoDataFrame:
    """The occupied-area features as a frame (``date``, ``geometry`` EPSG:4326), sorted by
    date; DataError naming the file, the feature (row, 1-based) and the column for a feature
    without a YYYY-MM-DD ``date``, with a date seen before, or without a (multi)polygon."""
    dates, shapes, seen = [], [], set()
    for row, feature in enumerate(features, start=1):
        day = (feature.get("properties") or {}).get("date")
        try:
            parsed = (pd.Timestamp(day) if isinstance(day, str)
                      and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None)
        except ValueError:
            parsed = None
        if parsed is None:
            raise DataError(path, "a feature without a valid date", row=row, column="date",
                            found=day, expected="a day as YYYY-MM-DD")
        if parsed in seen:
            raise DataError(path, "a day given twice", row=row, column="date", found=day,
                            expected="one feature a day")
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise DataError(path, "a feature without an area", row=row, column="geometry",
                            found=geometry.get("type"), expected="a Polygon or MultiPolygon "
                            "in lon/lat degrees (EPSG:4326)")
        seen.add(parsed)
        dates.append(parsed)
        shapes.append(shape(geometry))
    frame = gpd.GeoDataFrame({"date": dates}, geometry=shapes, crs=config.CRS_GEOGRAPHIC)
    return frame.sort_values("date").reset_index(drop=True)


def occupied_daily() -> gpd.GeoDataFrame:
    """DeepState's area occupied by Russia in Ukraine (its "Occupied", "CADR and CALR" and
    "Occupied Crimea" layers, dissolved by the archive), one row a day the archive fetched it:
    ``date`` (UTC day) and ``geometry`` (multipolygon, EPSG:4326, clipped to
    :data:`OCCUPIED_AREA`, following DeepState's own border line). Some days are missing."""
    return _occupied_raw(str(locate_external())).copy()


def occupied_on(day) -> tuple[pd.Timestamp, BaseGeometry]:
    """(the record's day, its occupied multipolygon, EPSG:4326) in force on ``day``: the
    latest record on or before it. ValueError if ``day`` precedes the record."""
    frame = _occupied_raw(str(locate_external()))
    earlier = frame[frame["date"] <= pd.Timestamp(day)]
    if earlier.empty:
        raise ValueError(f"no DeepState occupied-area record on or before {day}")
    row = earlier.iloc[-1]
    return row["date"], row["geometry"]


def derive_occupied(collection: dict, day: str) -> dict | None:
    """One day's archive file (a FeatureCollection of the occupied layers) as the shared
    record holds it: the polygons dissolved into one, clipped to :data:`OCCUPIED_AREA`,
    rounded to 1e-5 degrees, with property ``date`` (YYYY-MM-DD); None if nothing is left."""
    parts = [shape(f["geometry"]) for f in collection.get("features", [])
             if (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    merged = shapely.union_all([shapely.make_valid(p) for p in parts])
    clipped = merged.intersection(box(*OCCUPIED_AREA))
    clipped = gpd.GeoSeries([clipped]).set_precision(1e-5).iloc[0]
    polygons = [g for g in getattr(clipped, "geoms", [clipped])
                if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    if not polygons:
        return None
    dissolved = shapely.union_all(polygons)
    if dissolved.geom_type == "Polygon":
        dissolved = shapely.MultiPolygon([dissolved])
    geometry = json.loads(gpd.GeoSeries([dissolved]).to_json())["features"][0]["geometry"]
    return {"type": "Feature", "properties": {"date": f"{day[:4]}-{day[4:6]}-{day[6:8]}"},
            "geometry": geometry}


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (pinned https URLs)
        return response.read()


def download_originals(target: Path | None = None, fetch=_fetch,
                       stamps: list[str] | None = None,
                       occupied_days: list[str] | None = None) -> Path:
    """Download the originals at the pinned commits and derive the same files as the shared
    folder holds (clip DeepState to the study area, round to 1e-5 degrees), into
    ``target`` (default: the cache). Checks the ISW daily file's sha256. Returns the folder.

    ``fetch(url) -> bytes`` is injectable so the derivation can be tested without a network;
    ``stamps`` (snapshot unix times) defaults to every pinned snapshot, ``occupied_days``
    (YYYYMMDD) to every day of the occupied-area archive at its pinned commit."""
    target = Path(target or config.cache_dir() / "external")
    (target / "deepstate-kursk").mkdir(parents=True, exist_ok=True)
    (target / ISW_POLYGON_DIR).mkdir(parents=True, exist_ok=True)
    area = box(*STUDY_AREA)
    if stamps is None:
        stamps = resources.files("analysis.data").joinpath("deepstate_snapshots.txt") \
            .read_text().split()
    features = []
    for unix in stamps:
        collection = json.loads(fetch(DEEPSTATE_URL.format(unix=unix)))
        stamp = pd.Timestamp(int(unix), unit="s", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
        for feature in collection.get("features", []):
            geometry = feature.get("geometry")
            if not geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
                continue
            clipped = shape(geometry).intersection(area)
            if clipped.is_empty:
                continue
            clipped = gpd.GeoSeries([clipped]).set_precision(1e-5).iloc[0]
            props = {k: feature["properties"].get(k) for k in ("name", "fill")}
            props.update(snapshot_unix=int(unix), snapshot_utc=stamp)
            features.append({"type": "Feature", "properties": props,
                             "geometry": json.loads(gpd.GeoSeries([clipped]).to_json())
                             ["features"][0]["geometry"]})
    with gzip.open(target / DEEPSTATE_FILE, "wt", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "features": features}, handle)
    daily = json.loads(fetch(ISW_BASE_URL + "daily_areas.json"))
    rows = [r for r in daily if r.get("layerType") == "kursk_russian_advances"]
    (target / ISW_DAILY_FILE).write_text(json.dumps(rows), encoding="utf-8")
    (target / ISW_FRONT_FILE).parent.mkdir(parents=True, exist_ok=True)
    (target / ISW_FRONT_FILE).write_text(json.dumps(daily), encoding="utf-8")
    if occupied_days is None:
        occupied_days = resources.files("analysis.data").joinpath(
            "deepstate_occupied_dates.txt").read_text().split()
    occupied = [derive_occupied(json.loads(fetch(OCCUPIED_URL.format(yyyymmdd=day))), day)
                for day in occupied_days]
    (target / OCCUPIED_FILE).parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(target / OCCUPIED_FILE, "wt", encoding="utf-8") as handle:
        json.dump({"type": "FeatureCollection", "name": "deepstate-occupied-study-area",
                   "features": [f for f in occupied if f is not None]}, handle)
    written = [DEEPSTATE_FILE, ISW_DAILY_FILE, ISW_FRONT_FILE, OCCUPIED_FILE]
    for day in ISW_POLYGON_DATES:
        (target / ISW_POLYGON_DIR / f"{day}.geojson").write_bytes(
            fetch(f"{ISW_BASE_URL}kursk_geojson/{day}.geojson"))
        written.append(f"{ISW_POLYGON_DIR}/{day}.geojson")
    (target / CACHE_SUMS).write_text(
        "".join(f"{_sha256(target / name)}  {name}\n" for name in written), encoding="utf-8")
    return target


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["download"]:
        print("downloaded into", download_originals())
    else:
        print("usage: python -m analysis.data.external download")
