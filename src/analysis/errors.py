"""The one error type for bad input: it names the file, row, column and what was expected."""
from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """Bad or missing input data.

    Attributes mirror the message: ``path`` (file), ``row`` (1-based data row, header
    excluded; ``None`` for whole-file problems), ``column`` and ``expected`` (what a valid
    value looks like), ``found`` (what was there) and ``fix`` (how to repair it).
    """

    def __init__(self, path, message: str = "", *, row: int | None = None,
                 column: str | None = None, expected: str | None = None,
                 found: object = None, fix: str | None = None):
        self.path = Path(path) if path is not None else None
        self.row, self.column, self.expected, self.found, self.fix = row, column, expected, found, fix
        parts = [f"{self.path}" if self.path else "<no file>"]
        if row is not None:
            parts.append(f"row {row}")
        if column is not None:
            parts.append(f"column '{column}'")
        text = ", ".join(parts) + ": " + (message or "invalid value")
        if found is not None:
            text += f"; found {found!r}"
        if expected:
            text += f"; expected {expected}"
        if fix:
            text += f". Fix: {fix}"
        super().__init__(text)
