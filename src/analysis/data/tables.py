"""Loaders for the project's own tables in ``data/``, read through the manifest.

Each loader checks the file's sha256 against ``data/datapackage.json``, validates every row
against the resource's schema (see :mod:`analysis.data.schema`) and any cross-field rule, and
returns a typed DataFrame. Nothing here writes to ``data/``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import config, dates
from ..errors import DataError
from . import manifest
from .schema import read_csv_strict, validate_rows


def _key_field(entry: dict) -> str:
    """The resource's id column: its first field declared unique."""
    for field in entry["schema"]["fields"]:
        if field.get("constraints", {}).get("unique"):
            return field["name"]
    raise DataError(config.MANIFEST_PATH, f"resource {entry['name']} has no unique field",
                    expected="a field with constraints.unique to be referenced")


def load_table(name: str, *, known_ids: dict[str, set[str]] | None = None,
               base: Path | None = None) -> pd.DataFrame:
    """Load table resource ``name`` after checking its checksum, its schema and every
    reference its schema declares (``x-references``: each id must exist in the referenced
    table, which is loaded and checked the same way unless ``known_ids`` supplies its ids).

    ``base`` overrides the folder the manifest's paths are relative to (tests use it).
    """
    man = manifest.load_manifest(Path(base) / "datapackage.json" if base else None)
    entry = manifest.resource(name, man)
    ids = dict(known_ids or {})
    for field in entry["schema"]["fields"]:
        target = field.get("x-references", {}).get("resource")
        if target and target not in ids:
            referenced = load_table(target, base=base)
            ids[target] = set(referenced[_key_field(manifest.resource(target, man))].dropna())
    path = manifest.verify_file(entry, base)
    header, rows = read_csv_strict(path)
    return validate_rows(path, header, rows, entry["schema"], ids)


def load_sources(base: Path | None = None) -> pd.DataFrame:
    """Every source we read: one row per page, with ``source_id``, publisher, title, author,
    ``published`` (date), ``url`` as published, kind and language."""
    return load_table("sources", base=base)


def load_events(base: Path | None = None) -> pd.DataFrame:
    """The campaign's timeline: one row per event with ``date`` and ``date_precision`` (day,
    month or year: see :mod:`analysis.dates`), ``chapter`` (its page's key, e.g.
    ``north_korean_role``; the number comes from the table of contents), ``phase`` (an id of
    data/phases.csv), actor, type, place, ``settlement_id``, a one-line summary in our words,
    ``source_ids`` (``;``-separated) and ``status`` (confirmed, claimed, disputed).
    Rule checked here: the phase is the one that holds the whole period the date stands for
    (a month-only date in the phase of its whole month), or empty when that period spans
    several phases."""
    frame = load_table("events", base=base)
    phases = load_phases(base)
    path = manifest.resource_path(manifest.resource("events"), base)
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        expected = phase_holding(row.date, row.date_precision, phases)
        found = "" if pd.isna(row.phase) else row.phase
        if found != expected:
            raise DataError(path, "phase does not hold the event's date", row=number,
                            column="phase", found=found or "(empty)",
                            expected=f"{expected or '(empty)'}: the phase of data/phases.csv "
                                     f"holding all of {dates.long(row.date, row.date_precision)}"
                                     + ("" if expected else " (it spans several phases)"))
    return frame


def phase_holding(day, precision: str, phases: pd.DataFrame) -> str:
    """The id of the phase (``phases``: data/phases.csv) that holds every day ``day`` at
    ``precision`` may stand for, or "" when none holds them all."""
    first, last = dates.span(day, precision)
    held = phases[(phases["start"] <= first) & (phases["end"] >= last)]
    return str(held["phase"].iloc[0]) if not held.empty else ""


def load_claims(base: Path | None = None) -> pd.DataFrame:
    """Every quantitative claim: one row per metric, claimant and date, with ``value`` and, where
    a range was given, ``low``/``high`` (same unit, ``unit`` column: km2, count or percent).
    Rule checked here: low <= value <= high where present."""
    frame = load_table("claims", base=base)
    path = manifest.resource_path(manifest.resource("claims"), base)
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        low, value, high = row.low, row.value, row.high
        if pd.isna(value) and (pd.isna(low) or pd.isna(high)):
            raise DataError(path, "no value", row=number, column="value",
                            expected="a value, or both low and high for a range")
        for column, a, b in (("low", low, value), ("high", value, high), ("high", low, high)):
            if not (pd.isna(a) or pd.isna(b)) and a > b:
                raise DataError(path, "range out of order", row=number, column=column,
                                found=f"low={low}, value={value}, high={high}",
                                expected="low <= value <= high")
    return frame


def load_settlements(base: Path | None = None) -> pd.DataFrame:
    """Places the book names: ``settlement_id``, name and its Ukrainian and Russian spellings,
    ``kind``, oblast, district, ``lat``/``lon`` (degrees, EPSG:4326; empty where no source we
    read gives them), ``population`` (people, where a source gives it), the coordinate and
    names sources, and the dates on which each side's officials claimed to control the place,
    with source ids. A coordinate comes as a pair, with its source; a place no page locates
    may instead carry an approximate position (``approx_from``, a located place's id;
    ``approx_distance_km``; ``approx_bearing``, a compass word) with the source giving it."""
    table = load_table("settlements", base=base)
    path = config.DATA_DIR / "settlements.csv" if base is None else Path(base) / "settlements.csv"
    for number, row in enumerate(table.itertuples(index=False), start=1):
        given = [pd.notna(row.lat), pd.notna(row.lon)]
        if any(given) and not all(given):
            raise DataError(path, "half a coordinate", row=number,
                            column="lon" if given[0] else "lat",
                            expected="both lat and lon, or neither")
        if all(given) and pd.isna(row.coordinate_source_id):
            raise DataError(path, "coordinate without a source", row=number,
                            column="coordinate_source_id",
                            expected="the source_id of the page or gazetteer giving lat/lon")
        approx = [pd.notna(row.approx_from), pd.notna(row.approx_distance_km),
                  pd.notna(row.approx_bearing)]
        if any(approx):
            if not all(approx):
                raise DataError(path, "incomplete approximate position", row=number,
                                column=("approx_from", "approx_distance_km",
                                        "approx_bearing")[approx.index(False)],
                                expected="approx_from, approx_distance_km and approx_bearing "
                                         "together")
            if any(given):
                raise DataError(path, "both a coordinate and an approximate position",
                                row=number, column="approx_from",
                                expected="lat/lon from a page, or a distance and bearing, "
                                         "not both")
            anchor = table[table["settlement_id"] == row.approx_from]
            if anchor.empty or anchor["lat"].isna().any():
                raise DataError(path, f"approximate position measured from {row.approx_from!r}",
                                row=number, column="approx_from",
                                expected="the settlement_id of a place with a sourced lat/lon")
            if pd.isna(row.coordinate_source_id):
                raise DataError(path, "approximate position without a source", row=number,
                                column="coordinate_source_id",
                                expected="the source_id of the page giving distance and bearing")
    return table


def load_units(base: Path | None = None) -> pd.DataFrame:
    """The order of battle: ``entry_id``, ``phase``, ``side``, ``unit`` (as the source names
    it), ``role``, ``date`` (text: a day, a month or empty) and ``source_ids``."""
    return load_table("units", base=base)


def load_phases(base: Path | None = None) -> pd.DataFrame:
    """Our periodisation of the campaign (an analytical choice, not a fact): ``phase``,
    ``label``, ``start`` and ``end`` dates (inclusive) and the reasoning, with source ids."""
    return load_table("phases", base=base)


def load_axes(base: Path | None = None) -> pd.DataFrame:
    """The operation's axes as the sources describe them (data/axes.csv): ``axis_id``,
    ``side``, ``kind`` (advance, withdrawal, road), ``date`` at ``date_precision``,
    ``points`` (settlement ids in order, or ``border@<id>``), our ``label``, ``claimant``,
    ``source_ids``, ``quote``. Every point must name a place of data/settlements.csv that has
    a coordinate or an approximate position."""
    table = load_table("axes", base=base)
    places = load_settlements(base).set_index("settlement_id")
    path = config.DATA_DIR / "axes.csv" if base is None else Path(base) / "axes.csv"
    for number, row in enumerate(table.itertuples(index=False), start=1):
        points = [p.strip() for p in str(row.points).split(";") if p.strip()]
        if len(points) < 2:
            raise DataError(path, "an axis needs two points or more", row=number,
                            column="points", expected="settlement ids separated by ';'")
        for point in points:
            place = point.removeprefix("border@")
            if place not in places.index:
                raise DataError(path, f"unknown place {point!r}", row=number, column="points",
                                expected="a settlement_id of settlements.csv, or "
                                         "border@<settlement_id>")
            if pd.isna(places.loc[place, "lat"]) and pd.isna(places.loc[place, "approx_from"]):
                raise DataError(path, f"{place!r} has no position", row=number,
                                column="points", expected="a place with a coordinate or an "
                                                          "approximate position")
    return table


def load_route_points(base: Path | None = None) -> pd.DataFrame:
    """The claimed ends of a route: ``route_id``, ``role`` (entry, exit), ``date``, the
    ``anchor_settlement_id`` the claim measures from, ``bearing_deg`` (degrees clockwise from
    true north) and ``distance_km`` (km) as claimed, who claimed it and the source ids.
    Rules checked here: each (route_id, role) pair once, and every route has both ends."""
    frame = load_table("route_points", base=base)
    path = manifest.resource_path(manifest.resource("route_points"), base)
    seen: dict[tuple, int] = {}
    for number, row in enumerate(frame.itertuples(index=False), start=1):
        key = (row.route_id, row.role)
        if key in seen:
            raise DataError(path, "duplicate route end", row=number, column="role",
                            found=row.role, expected=f"one {row.role} per route (row "
                                                     f"{seen[key]} has it)")
        seen[key] = number
    for route, roles in frame.groupby("route_id")["role"]:
        missing = {"entry", "exit"} - set(roles)
        if missing:
            raise DataError(path, f"route '{route}' has no {sorted(missing)[0]}",
                            column="role", expected="an entry row and an exit row per route")
    return frame
