"""Print settlements.csv rows for places found in the offline GeoNames gazetteer.

Usage: python scripts/gazetteer_rows.py "id|Name in book|Gazetteer name|Oblast|Country" ...
Paste the rows into data/settlements.csv (then add capture dates with their sources and run
scripts/update_manifest.py). tests/test_data.py checks every GeoNames row against the
gazetteer, so a hand edit of its coordinates or population fails the tests.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from analysis.data import gazetteer  # noqa: E402

writer = csv.writer(sys.stdout, lineterminator="\n")
for spec in sys.argv[1:]:
    sid, name, gname, oblast, country = spec.split("|")
    record = gazetteer.lookup(gname, "RU" if country == "Russia" else "UA")
    if record is None:
        print(f"# not in gazetteer: {gname}", file=sys.stderr)
        continue
    writer.writerow([sid, name, gname, oblast, country, record["lat"], record["lon"],
                     "" if record["population"] != record["population"] else record["population"], gazetteer.GAZETTEER_SOURCE_ID,
                     "", "", "", "", ""])
