"""Row-by-row validation of CSV tables against their Frictionless field schema.

The reader is strict on purpose: UTF-8 only, every row as long as the header, every value of
its declared type and within its constraints. The first problem stops the load with a
:class:`~analysis.errors.DataError` naming the file, the data row (1-based, header excluded),
the column and what was expected.
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import DataError

#: Extra field property (ours): the value lists ids of another table, separated like this.
LIST_SEPARATOR = ";"


def read_csv_strict(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a UTF-8 CSV file, refusing empty, mis-encoded or ragged files."""
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise DataError(path, "file is empty", expected="a header row and data rows",
                        fix="restore the file from the repository")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(path, f"byte {exc.start} (line {line}) is not UTF-8",
                        expected="UTF-8 text", fix="re-save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError(path, f"CSV syntax error at line {reader.line_num}: {exc}",
                        fix="close the open quote or remove the stray one") from None
    header, body = rows[0], [r for r in rows[1:] if r]
    for number, row in enumerate(body, start=1):
        if len(row) != len(header):
            raise DataError(path, f"row has {len(row)} fields", row=number,
                            expected=f"{len(header)} fields like the header",
                            fix="the file may be truncated or a comma is unquoted")
    return header, body


def _check_value(value: str, field: dict):
    """Parse one cell to its declared type and check its constraints; return the value or raise
    ValueError with the expectation."""
    kind = field.get("type", "string")
    constraints = field.get("constraints", {})
    parsed: object
    if value == "":
        if constraints.get("required"):
            raise ValueError("a value (the field is required)")
        return None
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", value):
            raise ValueError("a whole number")
        parsed = int(value)
    elif kind == "number":
        try:
            parsed = float(value)
        except ValueError:
            raise ValueError("a number (decimal point, no thousands separator)") from None
    elif kind == "date":
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise ValueError("a date as YYYY-MM-DD") from None
        if len(value) != 10:
            raise ValueError("a date as YYYY-MM-DD")
    elif kind == "boolean":
        if value not in ("true", "false"):
            raise ValueError("true or false")
        parsed = value == "true"
    else:
        parsed = value
    if "enum" in constraints and parsed not in constraints["enum"]:
        raise ValueError("one of " + ", ".join(map(str, constraints["enum"])))
    if "maxLength" in constraints and len(value) > constraints["maxLength"]:
        raise ValueError(f"at most {constraints['maxLength']} characters")
    if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
        raise ValueError(f"text matching {constraints['pattern']}")
    for bound, test in (("minimum", lambda a, b: a >= b), ("maximum", lambda a, b: a <= b)):
        if bound in constraints:
            limit = constraints[bound]
            if kind == "date":
                limit = date.fromisoformat(limit)
            if not test(parsed, limit):
                sign = ">=" if bound == "minimum" else "<="
                raise ValueError(f"a value {sign} {constraints[bound]}")
    return parsed


def validate_rows(path: Path, header: list[str], rows: list[list[str]], schema: dict,
                  known_ids: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Validate rows against ``schema`` and return a typed DataFrame.

    ``known_ids`` maps a table name to the ids it holds, for fields whose schema carries
    ``"x-references": {"resource": ..., "separator": ";"}``. Dates become ``datetime64``.
    """
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(path, "missing column", column=missing[0],
                        expected="columns " + ", ".join(names),
                        fix=f"add the column '{missing[0]}' to the header")
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(path, "unexpected column", column=extra[0],
                        expected="only columns " + ", ".join(names),
                        fix="declare it in data/datapackage.json or remove it")
    index = {name: header.index(name) for name in names}
    records: list[dict] = []
    unique_seen: dict[str, dict] = {f["name"]: {} for f in fields
                                    if f.get("constraints", {}).get("unique")}
    for number, row in enumerate(rows, start=1):
        record = {}
        for field in fields:
            name, cell = field["name"], row[index[field["name"]]]
            try:
                value = _check_value(cell, field)
            except ValueError as exc:
                raise DataError(path, "invalid value", row=number, column=name, found=cell,
                                expected=str(exc)) from None
            if name in unique_seen and value is not None:
                if value in unique_seen[name]:
                    raise DataError(path, "duplicate id", row=number, column=name, found=cell,
                                    expected=f"a value not already used (row "
                                             f"{unique_seen[name][value]} has it)",
                                    fix="give the row a new id")
                unique_seen[name][value] = number
            ref = field.get("x-references")
            if ref and value is not None and known_ids is not None:
                ids = known_ids.get(ref["resource"])
                if ids is None:
                    raise DataError(path, "reference not checked", column=name,
                                    expected=f"the ids of {ref['resource']} to check against")
                for item in (value.split(ref.get("separator", LIST_SEPARATOR))
                             if ref.get("separator") else [value]):
                    item = item.strip()
                    if ids is not None and item not in ids:
                        raise DataError(path, "unknown id", row=number, column=name,
                                        found=item,
                                        expected=f"an id listed in {ref['resource']}",
                                        fix=f"add the source to data/{ref['resource']}.csv "
                                            "or correct the id")
            record[name] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=names)
    for field in fields:
        if field.get("type") == "date":
            frame[field["name"]] = pd.to_datetime(frame[field["name"]])
        elif field.get("type") == "number":
            frame[field["name"]] = pd.to_numeric(frame[field["name"]])
        elif field.get("type") == "integer":
            frame[field["name"]] = frame[field["name"]].astype("Int64")
    return frame
