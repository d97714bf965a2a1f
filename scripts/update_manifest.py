"""Refresh the sha256 and byte size of every resource in data/datapackage.json.

Run by hand after an intended change to a data file, then review the diff. The book build
never runs this (nothing in a build writes into data/).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from analysis import config  # noqa: E402
from analysis.data import manifest  # noqa: E402


def main() -> None:
    path = config.MANIFEST_PATH
    package = json.loads(path.read_text(encoding="utf-8"))
    for entry in package["resources"]:
        file = config.DATA_DIR / entry["path"]
        entry["hash"] = "sha256:" + manifest.sha256_of(file)
        entry["bytes"] = file.stat().st_size
    path.write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"updated {len(package['resources'])} resources in {path}")


if __name__ == "__main__":
    main()
