"""Preflight: every input checked before a build starts, so bad input stops it in seconds with
one message naming the file, row, column, the value found and what was expected.

``python -m analysis.data.preflight`` checks, in order: the manifest; every table resource
(sha256, schema, references between tables, cross-field rules); every boundary file; the
external control records (present, sha256 as pinned); that each event's chapter is a chapter
of the table of contents. Exit 0 and one summary line, or exit 2 with the one message as the
last line of the output. Nothing is written.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .. import toc
from ..errors import DataError
from . import boundaries, external, manifest, tables

#: Loaders that apply rules beyond the schema; other table resources load plainly.
LOADERS = {"claims": tables.load_claims, "route_points": tables.load_route_points,
           "axes": tables.load_axes}


def check_all(base: Path | None = None) -> dict[str, int]:
    """Check every input; return rows (or features) per resource. Raises DataError."""
    man = manifest.load_manifest(Path(base) / "datapackage.json" if base else None)
    counts: dict[str, int] = {}
    for entry in man["resources"]:
        name = entry["name"]
        if str(entry.get("path", "")).endswith(".csv"):
            loader = LOADERS.get(name)
            frame = loader(base) if loader else tables.load_table(name, base=base)
        else:
            frame = boundaries.read_geojson_resource(name, base)
        counts[name] = len(frame)
    events = tables.load_events(base)
    chapters = [page.key for page in toc.chapters()]
    path = manifest.resource_path(manifest.resource("events", man), base)
    for number, chapter in enumerate(events["chapter"], start=1):
        if chapter not in chapters:
            raise DataError(path, "no such chapter", row=number, column="chapter",
                            found=chapter, expected=f"a chapter key of {toc.TOC_PATH.name}: "
                            + ", ".join(chapters))
    external.locate_external()
    return counts


def main() -> int:
    """Run :func:`check_all` on ``data/`` (or ``$KURSK_DATA_DIR``); print one line."""
    start = time.perf_counter()
    try:
        counts = check_all()
    except DataError as error:
        print(f"BAD INPUT: {error}", file=sys.stderr)
        return 2
    print(f"preflight: {len(counts)} data files and the external records checked "
          f"({sum(counts.values()):,} rows) in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
