"""Plain tables written as Markdown, CSV or one self-contained HTML page."""

from __future__ import annotations

import base64
import csv
import html
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


def html_page(heading: str, lines: list[str], tables: list[Table],
              pictures: dict[str, bytes]) -> str:
    """One HTML file: the pictures embedded as base64 PNG, then the tables."""
    esc = html.escape
    body = [f"<h1>{esc(heading)}</h1>"] + [f"<p>{esc(line)}</p>" for line in lines]
    body += [f'<img alt="{esc(name)}" src="data:image/png;base64,'
             f'{base64.b64encode(png).decode()}">' for name, png in pictures.items()]
    for table in tables:
        head = "".join(f"<th>{esc(c)}</th>" for c in table.columns)
        rows = "".join("<tr>" + "".join(f"<td>{esc(cell(v))}</td>" for v in row) + "</tr>"
                       for row in table.rows)
        body.append(f"<h2>{esc(table.title)}</h2><table><thead><tr>{head}</tr></thead>"
                    f"<tbody>{rows}</tbody></table>")
    style = ("body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
             "img{max-width:100%;height:auto;display:block;margin:1em 0}"
             "table{border-collapse:collapse;margin-bottom:1em}"
             "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}")
    return ('<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            f"<title>{esc(heading)}</title><style>{style}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
