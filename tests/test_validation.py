"""Every kind of bad input stops the load with one error naming file, row, column and fix."""
from __future__ import annotations

import pytest

from analysis.data import boundaries as geo
from analysis.data import manifest
from analysis.data import tables as data
from analysis.errors import DataError
from conftest import rehash


def _edit(base, name, old, new):
    path = base / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    rehash(base)
    return path


def test_missing_file(data_copy):
    (data_copy / "events.csv").unlink()
    with pytest.raises(DataError, match=r"events\.csv: file of resource 'events' is missing"):
        data.load_events(base=data_copy)


def test_wrong_checksum(data_copy):
    path = data_copy / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        data.load_sources(base=data_copy)
    assert "checksum does not match" in str(info.value)
    assert "scripts/update_manifest.py" in str(info.value)


def test_missing_column(data_copy):
    _edit(data_copy, "claims.csv", "claim_id,metric,", "claim_id,measure,")
    with pytest.raises(DataError) as info:
        data.load_claims(base=data_copy)
    assert info.value.column == "metric" and "missing column" in str(info.value)


def _first_row_start(base, name):
    """The first data row's leading 'id,date' text, whatever the data holds today."""
    line = (base / name).read_text(encoding="utf-8").splitlines()[1]
    return ",".join(line.split(",")[:2])


def test_bad_date(data_copy):
    start = _first_row_start(data_copy, "events.csv")
    _edit(data_copy, "events.csv", start, start.split(",")[0] + ",06/08/2024")
    with pytest.raises(DataError) as info:
        data.load_events(base=data_copy)
    err = info.value
    assert (err.row, err.column) == (1, "date")
    assert "YYYY-MM-DD" in str(err) and "events.csv" in str(err)


def test_date_out_of_range(data_copy):
    start = _first_row_start(data_copy, "events.csv")
    _edit(data_copy, "events.csv", start, start.split(",")[0] + ",2023-08-06")
    with pytest.raises(DataError, match=r"row 1, column 'date'.*>= 2024-06-01"):
        data.load_events(base=data_copy)


def test_value_out_of_range(data_copy):
    _edit(data_copy, "settlements.csv", "51.19891,35.26335", "151.19891,35.26335")
    with pytest.raises(DataError) as info:
        data.load_settlements(base=data_copy)
    assert info.value.column == "lat" and "<= 56.5" in str(info.value)


def test_enum_violation(data_copy):
    _edit(data_copy, "events.csv", ";thewest-20250521-putin-visits-kursk,confirmed",
          ";thewest-20250521-putin-visits-kursk,certain")
    with pytest.raises(DataError, match=r"column 'status'.*one of confirmed, claimed, disputed"):
        data.load_events(base=data_copy)


def test_unknown_source_id(data_copy):
    _edit(data_copy, "events.csv", ";thewest-20250521-putin-visits-kursk,confirmed",
          ";thewest-20250521-putin-visits-kursk;no-such-source,confirmed")
    with pytest.raises(DataError) as info:
        data.load_events(base=data_copy)
    assert info.value.found == "no-such-source" and info.value.column == "source_ids"
    assert "add the source to data/sources.csv" in str(info.value)


def test_range_out_of_order(data_copy):
    header = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    (data_copy / "claims.csv").write_text(
        header + "\ncl-999,nk_troops_deployed,2024-10-18,day,10000,9000,9500,count,about,,,"
                 "Someone,South Korea,wikipedia-kursk-oblast,\n", encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(DataError, match=r"row 1, column 'high'.*low <= value <= high"):
        data.load_claims(base=data_copy)


def test_truncated_csv(data_copy):
    path = data_copy / "settlements.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("korenevo") + 30], encoding="utf-8")  # mid-row
    rehash(data_copy)
    with pytest.raises(DataError) as info:
        data.load_settlements(base=data_copy)
    assert info.value.row == 2 and "truncated" in str(info.value)


def test_wrong_encoding(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("GeoNames", "GéoNames")
                     .encode("latin-1", errors="replace"))
    rehash(data_copy)
    with pytest.raises(DataError, match=r"is not UTF-8.*re-save the file as UTF-8"):
        data.load_sources(base=data_copy)


def test_duplicate_ids(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(DataError) as info:
        data.load_events(base=data_copy)
    assert info.value.column == "event_id" and "duplicate id" in str(info.value)
    assert "row 1 has it" in str(info.value)


def test_empty_file(data_copy):
    (data_copy / "claims.csv").write_text("", encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(DataError, match=r"claims\.csv: file is empty"):
        data.load_claims(base=data_copy)


def test_unparseable_geometry(data_copy):
    (data_copy / "boundaries" / "border.geojson").write_text('{"type": "FeatureCollection", '
                                                            '"features": [{"type": "Feat',
                                                            encoding="utf-8")
    rehash(data_copy)
    with pytest.raises(DataError, match=r"border\.geojson: unparseable geometry"):
        geo.read_geojson_resource("border", base=data_copy)


def test_geometry_in_wrong_crs(data_copy):
    import geopandas as gpd

    path = data_copy / "boundaries" / "border.geojson"
    gpd.read_file(path).to_crs(3857).to_file(path, driver="GeoJSON")
    rehash(data_copy)
    with pytest.raises(DataError) as info:
        geo.read_geojson_resource("border", base=data_copy)
    assert "wrong coordinate reference system" in str(info.value)
    assert "to_crs(4326)" in str(info.value)


def test_loading_never_writes_into_data():
    before = {p: p.stat().st_mtime_ns for p in manifest.config.DATA_DIR.rglob("*") if p.is_file()}
    data.load_events(), data.load_claims(), geo.oblasts()
    after = {p: p.stat().st_mtime_ns for p in manifest.config.DATA_DIR.rglob("*") if p.is_file()}
    assert before == after
