"""Check that the sources' URLs still answer: `make linkcheck` (needs a network).

Writes a throw-away Sphinx project listing every URL in data/sources.csv and runs Sphinx's
linkcheck builder on it, then prints the links it found broken or redirected. Always exits 0:
a dead link is a finding for a maintainer (the stored copy we read is what the book cites),
never a reason to fail a build; the offline build never runs this.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as handle:
        sources = [row for row in csv.DictReader(handle) if row["url"]]
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "conf.py").write_text("linkcheck_timeout = 20\nlinkcheck_workers = 4\n")
        lines = ["Sources", "=======", ""]
        lines += [f"- `{row['source_id']} <{row['url']}>`__" for row in sources]
        (project / "index.rst").write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = project / "_out"
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "linkcheck", "-q", str(project),
                        str(out)], check=False)
        report = out / "output.json"
        results = [json.loads(line) for line in report.read_text().splitlines()] \
            if report.exists() else []
    bad = [r for r in results if r.get("status") not in ("working", "ignored", "unchecked")]
    for result in bad:
        print(f"{result.get('status')}: {result.get('uri')} {result.get('info', '')}")
    print(f"linkcheck: {len(results)} links checked, {len(bad)} broken or redirected "
          f"(not a failure: see the script's docstring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
