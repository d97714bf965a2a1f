"""The data manifest: ``data/datapackage.json`` (a Frictionless Data Package).

Each resource names a file under ``data/``, its sha256, its licence and sources, and for
tables a field schema. Loaders go through here so that no file is read unchecked.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from .. import config
from ..errors import DataError


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=4)
def _read_manifest(path: str, mtime: float) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, "data manifest is missing",
                        fix="restore data/datapackage.json from the repository") from None
    except json.JSONDecodeError as exc:
        raise DataError(path, f"manifest is not valid JSON ({exc.msg})", row=exc.lineno,
                        fix="repair the JSON syntax at that line") from None


def load_manifest(path: Path | None = None) -> dict:
    """The parsed manifest (cached while the file is unchanged)."""
    path = Path(path or config.MANIFEST_PATH)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return _read_manifest(str(path), mtime)


def resource(name: str, manifest: dict | None = None) -> dict:
    """The manifest entry of resource ``name``; DataError if the manifest does not list it."""
    manifest = manifest or load_manifest()
    for entry in manifest["resources"]:
        if entry["name"] == name:
            return entry
    known = ", ".join(sorted(r["name"] for r in manifest["resources"]))
    raise DataError(config.MANIFEST_PATH, f"no resource named '{name}'",
                    expected=f"one of: {known}")


def resource_path(entry: dict, base: Path | None = None) -> Path:
    """Absolute path of a resource's file (``path`` is relative to the manifest's folder)."""
    return (Path(base or config.DATA_DIR) / entry["path"]).resolve()


def verify_file(entry: dict, base: Path | None = None) -> Path:
    """Check that a resource's file exists and matches its recorded sha256; return its path."""
    path = resource_path(entry, base)
    if not path.exists():
        raise DataError(path, f"file of resource '{entry['name']}' is missing",
                        fix="restore it from the repository (git checkout -- data/)")
    expected = entry.get("hash", "").removeprefix("sha256:")
    actual = sha256_of(path)
    if expected != actual:
        raise DataError(path, "checksum does not match the manifest",
                        expected=f"sha256 {expected}", found=f"sha256 {actual}",
                        fix="if the change is intended, run `python scripts/update_manifest.py` "
                            "and review the diff; otherwise restore the file")
    return path
