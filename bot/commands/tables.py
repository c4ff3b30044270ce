"""Plain tables written as Markdown or CSV (the HTML report is ``report_html``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    """A titled table; ``name`` heads the table's first column in CSV."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[object]]


def cell(value: object) -> str:
    """A number with 4 decimals, a signed change, or text; None as empty."""
    if isinstance(value, float):
        return f"{value:.4f}"
    return "" if value is None else str(value)


def markdown(heading: str, lines: list[str], tables: list[Table]) -> str:
    """``# heading``, the lines, then one ``##`` section per table."""
    out = [f"# {heading}", "", *lines]
    for table in tables:
        out += ["", f"## {table.title}", "", "| " + " | ".join(table.columns) + " |",
                "|" + "---|" * len(table.columns)]
        out += ["| " + " | ".join(cell(v).replace("|", "\\|") for v in row) + " |"
                for row in table.rows]
    return "\n".join(out) + "\n"


def csv_text(tables: list[Table]) -> str:
    """The tables one after another, a blank line between; the first header cell names it."""
    out = io.StringIO()
    writer = csv.writer(out)
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.name, *table.columns[1:]] if table.columns else [table.name])
        writer.writerows([cell(v) for v in row] for row in table.rows)
    return out.getvalue()
