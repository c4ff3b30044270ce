"""The monthly report as one HTML page a street leader reads on a phone (``--format html``).

Headings, labels and explanations in the reader's language (``--lang``, Chinese first, from
the text catalogues, keys ``rpt_*``); rates as percentages (88.9%); times local with their
zone; the 每月一题 proposal as the monthly digest gives it; the two charts under a heading
in the same language; then the tables. Markdown and CSV stay the operator's formats.
"""

from __future__ import annotations

import base64
from datetime import datetime

from domain.analysis.monthly import MonthlyAnalysis
from domain.notices.proposal import Proposal
from handlers.month_report import summary, tables
from handlers.month_report import topic as topic_html
from handlers.texts import text
from handlers.web.page import esc

STYLE = (
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif;font-size:16px;"
    "line-height:1.5;max-width:48em;margin:auto;padding:.8em;color:#222}"
    "h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em;"
    "border-bottom:2px solid #c33;padding-bottom:.15em}"
    ".meta{color:#666;font-size:.9em;margin:.1em 0}"
    ".rates{display:flex;gap:.5em;flex-wrap:wrap;margin:.6em 0}"
    ".rate{flex:1 1 6em;border:1px solid #ddd;border-radius:.4em;padding:.4em;text-align:center}"
    ".rate b{display:block;font-size:1.5em;color:#c33}"
    ".topic{background:#fff6e5;border-left:4px solid #e90;padding:.5em .7em}"
    "img{max-width:100%;height:auto;display:block;margin:.6em 0}"
    ".scroll{overflow-x:auto}table{border-collapse:collapse;margin-bottom:.8em;font-size:.9em}"
    "td,th{border:1px solid #ccc;padding:.25em .45em;text-align:left;min-width:2.5em}"
    "th{background:#f3f3f3;white-space:nowrap}td.n{text-align:right;white-space:nowrap}"
    "td.c{white-space:nowrap}"
)


def page(a: MonthlyAnalysis, proposal: Proposal | None, pictures: dict[str, bytes], *,
         lang: str, now: datetime, topic: str = "") -> str:
    """The whole report as one self-contained HTML page (charts embedded as PNG)."""
    title = text(lang, "rpt_title", month=a.month)
    body = [f"<h1>{esc(title)}</h1>", *summary(a, lang, now),
            topic_html(a, proposal, lang, topic),
            f"<h2>{esc(text(lang, 'rpt_charts'))}</h2>"]
    body += [f'<img alt="{esc(text(lang, f"chart_{name}_title"))}" src="data:image/png;base64,'
             f'{base64.b64encode(png).decode()}">' for name, png in pictures.items()]
    body += tables(a, lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
