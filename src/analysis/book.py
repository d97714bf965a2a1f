"""Helpers a chapter notebook calls: setup, gluing computed numbers into the prose, tables.

Keeps notebooks to prose plus a few calls: ``book.setup()``, ``book.glue_numbers(...)``,
``figures.show(...)``, ``book.table(...)``.
"""
from __future__ import annotations

import html

import pandas as pd

from . import theme
from .render import HTMLFragment


def setup() -> None:
    """Enable the report's chart theme and quiet pandas' display in executed notebooks."""
    theme.enable()
    pd.set_option("display.max_columns", 20)


def glue_numbers(numbers: dict) -> None:
    """Glue each computed number under its name, for ``{glue:text}`name:format``` in prose."""
    from myst_nb import glue

    for name, value in numbers.items():
        glue(name, value, display=False)


def table(frame: pd.DataFrame, *, caption: str, columns: dict | None = None,
          link_column: str | None = None) -> HTMLFragment:
    """An HTML table (every cell escaped) with a caption; ``columns`` maps column -> heading
    and chooses the order; ``link_column`` names a column of URLs shown as links."""
    columns = columns or {c: c for c in frame.columns}
    head = "".join(f"<th>{html.escape(h)}</th>" for h in columns.values())
    rows = []
    for record in frame[list(columns)].itertuples(index=False):
        cells = []
        for name, value in zip(columns, record):
            if pd.isna(value) if not isinstance(value, (list, tuple)) else False:
                text = ""
            elif isinstance(value, pd.Timestamp):
                text = html.escape(value.strftime("%Y-%m-%d"))
            elif isinstance(value, float):
                text = html.escape(f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}")
            else:
                text = html.escape(str(value))
            if name == link_column and text:
                text = f'<a href="{text}" rel="noopener">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return HTMLFragment(f'<table class="kursk-table table"><caption>{html.escape(caption)}'
                        f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
                        "</tbody></table>")


def tables(frames: dict[str, pd.DataFrame], *, columns: dict) -> HTMLFragment:
    """Several tables in one output, each captioned with its name (for a toggled cell)."""
    parts = [table(frame, caption=name, columns=columns).markup for name, frame in frames.items()]
    return HTMLFragment("".join(parts))
