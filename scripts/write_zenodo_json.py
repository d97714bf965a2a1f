"""Write .zenodo.json (what Zenodo reads to mint a release's DOI) from CITATION.cff.

Run after editing CITATION.cff: `.venv/bin/python scripts/write_zenodo_json.py`. A test
(tests/test_release.py) fails while the committed file differs from what this writes.
"""
from __future__ import annotations

from analysis import config
from analysis.publish import cite

if __name__ == "__main__":
    path = config.REPO_ROOT / ".zenodo.json"
    path.write_text(cite.zenodo_json(), encoding="utf-8")
    print(f"wrote {path}")
