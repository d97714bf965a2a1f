"""Tables for the data appendix, read from the manifest and the data themselves."""
from __future__ import annotations

import html

import pandas as pd

from ..data import external as control
from ..data import manifest
from ..data.schema import read_csv_strict
from ..data.tables import (
    load_claims,
    load_events,
    load_phases,
    load_route_points,
    load_settlements,
    load_sources,
    load_units,
)
from ..evidence.sources import citing_rows, ids_per_row
from ..figures.render import HTMLFragment

#: The tables that cite sources, with their loaders.
LOADERS = {"events": load_events, "claims": load_claims, "settlements": load_settlements,
           "phases": load_phases, "route_points": load_route_points, "units": load_units}


def _licence(entry: dict) -> str:
    licences = entry.get("licenses", [])
    return "; ".join(item.get("title") or item.get("name", "") for item in licences)


def datasets() -> pd.DataFrame:
    """One row per resource of data/datapackage.json: ``name``, ``file`` (from the repository
    root), ``path`` (inside data/), ``title``,
    ``rows`` (tables: data rows; GeoJSON: features), ``licence``, ``class``
    (constructed/verbatim), ``chapters`` and ``sha256`` (first 12 hex digits)."""
    rows = []
    for entry in manifest.load_manifest()["resources"]:
        path = manifest.verify_file(entry)
        if entry.get("format") == "csv":
            count = len(read_csv_strict(path)[1])
        else:
            import json
            count = len(json.loads(path.read_text(encoding="utf-8"))["features"])
        rows.append({"name": entry["name"], "file": "data/" + entry["path"],
                     "path": entry["path"],
                     "title": entry["title"], "rows": count, "licence": _licence(entry),
                     "class": entry.get("x-class", ""),
                     "chapters": ", ".join(map(str, entry.get("x-chapters", []))),
                     "sha256": entry.get("hash", "").removeprefix("sha256:")[:12],
                     "description": entry.get("description", "")})
    return pd.DataFrame(rows)


def fields(name: str) -> pd.DataFrame:
    """The field schema of table ``name``: ``field``, ``type``, ``required``, ``rule``
    (allowed values, pattern, bounds, references) and ``description``."""
    entry = manifest.resource(name)
    rows = []
    for field in entry["schema"]["fields"]:
        c = field.get("constraints", {})
        rule = []
        if "enum" in c:
            rule.append("one of: " + ", ".join(map(str, c["enum"])))
        if "pattern" in c:
            rule.append(f"pattern {c['pattern']}")
        if "minimum" in c or "maximum" in c:
            rule.append(f"{c.get('minimum', '')} … {c.get('maximum', '')}")
        if c.get("unique"):
            rule.append("unique")
        if "x-references" in field:
            rule.append(f"ids of {field['x-references']['resource']}")
        rows.append({"field": field["name"], "type": field.get("type", "string"),
                     "required": "yes" if c.get("required") else "",
                     "rule": "; ".join(rule), "description": field.get("description", "")})
    return pd.DataFrame(rows)


def sources_per_table() -> pd.DataFrame:
    """For each table that cites sources: ``table``, ``sources`` (distinct ids) and ``rows``."""
    rows = []
    for name, loader in LOADERS.items():
        rows.append({"table": f"data/{name}.csv", "sources": sources_cited(name),
                     "rows": len(loader())})
    return pd.DataFrame(rows)


def sources_cited(name: str) -> int:
    """How many distinct sources table ``name`` cites."""
    return len(set().union(*ids_per_row(LOADERS[name]())))


def external_records() -> pd.DataFrame:
    """The external control records the book reads but does not redistribute."""
    return pd.DataFrame([
        {"record": "DeepStateMap snapshots (Kursk study area)", "file": control.DEEPSTATE_FILE,
         "origin": f"github.com/DanielRose2310/deepstatemaps-history @ {control.DEEPSTATE_COMMIT[:12]}",
         "attribution": control.DEEPSTATE_ATTRIBUTION, "licence": "none stated"},
        {"record": "ISW Russian advances in Kursk (daily km2)", "file": control.ISW_DAILY_FILE,
         "origin": f"github.com/sdspieg/war-datasets-dashboard @ {control.ISW_COMMIT[:12]}",
         "attribution": control.ISW_ATTRIBUTION, "licence": "none stated"},
        {"record": "ISW Russian advances in Kursk (polygons, 37 dates)",
         "file": control.ISW_POLYGON_DIR + "/YYYY-MM-DD.geojson",
         "origin": f"github.com/sdspieg/war-datasets-dashboard @ {control.ISW_COMMIT[:12]}",
         "attribution": control.ISW_ATTRIBUTION, "licence": "none stated"},
        {"record": "ISW whole-front layers (daily km2; control polygons to check them)",
         "file": f"{control.ISW_FRONT_FILE}; {control.ISW_FRONT_POLYGON_DIR}/YYYY-MM-DD.geojson",
         "origin": f"github.com/sdspieg/war-datasets-dashboard @ {control.ISW_COMMIT[:12]}",
         "attribution": control.ISW_ATTRIBUTION, "licence": "none stated"},
        {"record": "DeepStateMap occupied area of Ukraine (daily, Sumy and northern Kharkiv "
                   "oblasts, to August 2026)", "file": control.OCCUPIED_FILE,
         "origin": "github.com/cyterat/deepstate-map-data @ "
                   f"{control.OCCUPIED_COMMIT[:12]}",
         "attribution": control.OCCUPIED_ATTRIBUTION,
         "licence": "none stated for the data (the repository is GPL-3.0)"},
    ])


def sources_list() -> pd.DataFrame:
    """Every source, sorted by publication date, with how many rows of the data cite it."""
    sources = load_sources()
    counts = citing_rows()
    sources = sources.assign(cited_rows=sources["source_id"].map(counts).fillna(0).astype(int))
    return sources.sort_values(["published", "source_id"], na_position="first")


def sources_by_kind() -> pd.DataFrame:
    """Counts of sources by ``kind`` and ``language``."""
    return (load_sources().groupby(["kind", "language"]).size().rename("sources")
            .reset_index().sort_values("sources", ascending=False))


def downloads() -> HTMLFragment:
    """Links to every dataset as published with the book (``data/`` beside the pages) and to
    one zip of them all with the manifest."""
    items = "".join(f'<li><a href="../data/{html.escape(row.path)}">{html.escape(row.path)}</a>'
                    f" — {html.escape(row.title)}</li>" for row in datasets().itertuples())
    return HTMLFragment('<div class="kursk-downloads"><p><strong>Download the data.</strong> '
                        '<a href="../data/kursk-data.zip">All datasets with their manifest '
                        "(zip)</a>, or each file:</p><ul>"
                        f'<li><a href="../data/datapackage.json">datapackage.json</a> — the '
                        f"manifest: every file's description, schema, licence and sha256</li>"
                        f"{items}</ul></div>")
