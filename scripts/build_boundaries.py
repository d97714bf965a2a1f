"""Build data/boundaries/ from public-domain Natural Earth data shipped in registry packages.

Run by hand when the boundaries should change (never by the book build):

    apt-get download qgis-common          # Debian: ships Natural Earth 10m admin-1
    dpkg-deb --fsys-tarfile qgis-common_*.deb | tar -x ./usr/share/qgis/resources/data/world_map.gpkg
    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz   # Natural Earth 10m countries
    python scripts/build_boundaries.py WORLD_MAP_GPKG WORLD_ATLAS_DIR

    python scripts/build_boundaries.py --countries WORLD_ATLAS_DIR   # the locator inset only

Writes oblasts.geojson (full detail, oblasts clipped to their country's 10m outline),
oblasts_display.geojson (simplified for maps) and border.geojson (the Russia-Ukraine border
within the study area) and countries.geojson (Russia, Ukraine and their neighbours in the
locator inset's frame, Natural Earth 50m, simplified), all in EPSG:4326. Then run
scripts/update_manifest.py and review the diff.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
from shapely.geometry import MultiPolygon, Polygon, box

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries"
OBLASTS = {"Kursk": "Russia", "Belgorod": "Russia", "Bryansk": "Russia", "Orel": "Russia",
           "Sumy": "Ukraine", "Kharkiv": "Ukraine", "Chernihiv": "Ukraine"}
STUDY_AREA = box(32.0, 49.5, 39.5, 53.5)  # lon/lat degrees, generous around Kursk oblast


def topojson_object(path: Path, name: str, keep: set[str]) -> gpd.GeoDataFrame:
    """Decode the features named in ``keep`` of one object of a quantized TopoJSON file into a
    GeoDataFrame (EPSG:4326); rings too small to be polygons (under 4 points) are dropped."""
    topo = json.loads(path.read_text())
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        points = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(points * scale + translate)

    def ring(indices):
        coords = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            coords.extend(part.tolist() if not coords else part[1:].tolist())
        return coords

    rows = []
    for geom in topo["objects"][name]["geometries"]:
        if geom.get("properties", {}).get("name") not in keep:
            continue
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        shapes = [Polygon(ring(p[0]), [r for r in map(ring, p[1:]) if len(r) >= 4])
                  for p in polys if len(ring(p[0])) >= 4]
        rows.append({"name": geom.get("properties", {}).get("name"),
                     "geometry": MultiPolygon(shapes).buffer(0)})
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def main(gpkg: str, atlas_dir: str) -> None:
    provinces = gpd.read_file(gpkg, layer="states_provinces")
    provinces = provinces[provinces["name"].isin(OBLASTS) &
                          provinces["admin"].isin(set(OBLASTS.values()))].copy()
    provinces = provinces[[OBLASTS[n] == a for n, a in zip(provinces["name"], provinces["admin"])]]
    countries = topojson_object(Path(atlas_dir) / "countries-10m.json", "countries",
                                {"Russia", "Ukraine"})
    countries["geometry"] = countries.intersection(STUDY_AREA)
    outline = dict(zip(countries["name"], countries.geometry))
    provinces["geometry"] = [geom.intersection(outline[country]).buffer(0)
                             for geom, country in zip(provinces.geometry, provinces["admin"])]
    oblasts = gpd.GeoDataFrame({
        "oblast": provinces["name"].values,
        "country": provinces["admin"].values,
        "geometry": provinces.geometry.values}, crs="EPSG:4326").sort_values("oblast")
    border = outline["Russia"].boundary.intersection(outline["Ukraine"].buffer(1e-6))
    border = gpd.GeoDataFrame({"name": ["Russia-Ukraine border (Natural Earth 10m)"]},
                              geometry=[border.intersection(STUDY_AREA)], crs="EPSG:4326")
    OUT.mkdir(parents=True, exist_ok=True)
    oblasts["geometry"] = oblasts.set_precision(1e-5)
    oblasts.to_file(OUT / "oblasts.geojson", driver="GeoJSON")
    display = oblasts.copy()
    display["geometry"] = display.simplify(0.005, preserve_topology=True).set_precision(1e-4)
    display.to_file(OUT / "oblasts_display.geojson", driver="GeoJSON")
    border["geometry"] = border.simplify(0.002).set_precision(1e-4)
    border.to_file(OUT / "border.geojson", driver="GeoJSON")
    print("wrote", *sorted(p.name for p in OUT.glob("*.geojson")))


#: The locator inset's frame (lon/lat degrees) and the countries drawn in it.
INSET_AREA = box(20.0, 43.0, 52.0, 61.0)
#: Crimea's box (lon/lat degrees): west of the Kerch Strait, south of the Perekop isthmus.
CRIMEA = box(32.3, 44.3, 36.62, 46.2)
INSET_COUNTRIES = {"Russia", "Ukraine", "Belarus", "Poland", "Lithuania", "Latvia", "Estonia",
                   "Moldova", "Romania", "Slovakia", "Hungary", "Georgia", "Kazakhstan",
                   "Finland", "Turkey", "Bulgaria"}


def write_countries(atlas_dir: str) -> None:
    """countries.geojson: the inset's countries (``country``), clipped to :data:`INSET_AREA`
    and simplified to about 3 km (0.03 degrees), EPSG:4326."""
    countries = topojson_object(Path(atlas_dir) / "countries-50m.json", "countries",
                                INSET_COUNTRIES)
    countries["geometry"] = countries.intersection(INSET_AREA).simplify(
        0.03, preserve_topology=True).set_precision(1e-3)
    # this Natural Earth edition draws Crimea within Russia; the inset draws the internationally
    # recognised border, so the peninsula (west of the Kerch Strait, south of the isthmus) is
    # moved to Ukraine
    outline = dict(zip(countries["name"], countries.geometry))
    crimea = outline["Russia"].intersection(CRIMEA)
    outline["Russia"] = outline["Russia"].difference(CRIMEA)
    outline["Ukraine"] = outline["Ukraine"].union(crimea)
    countries["geometry"] = [outline[n] for n in countries["name"]]
    countries = countries[~countries.is_empty].rename(columns={"name": "country"}) \
        .sort_values("country")
    countries.to_file(OUT / "countries.geojson", driver="GeoJSON")
    print("wrote countries.geojson:", len(countries), "countries")


if __name__ == "__main__":
    if sys.argv[1] == "--countries":
        write_countries(sys.argv[2])
    else:
        main(*sys.argv[1:3])
