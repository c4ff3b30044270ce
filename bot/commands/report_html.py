"""The monthly report as one HTML page a street leader reads on a phone (``--format html``).

Headings, labels and explanations in the reader's language (``--lang``, Chinese first, from
the text catalogues, keys ``rpt_*``); rates as percentages (88.9%); times local with their
zone; the 每月一题 proposal as the monthly digest gives it; the two charts under a heading
in the same language; then the tables. Markdown and CSV stay the operator's formats.
"""

from __future__ import annotations

import base64
import html
from datetime import datetime, timedelta

from domain.analysis.monthly import MonthlyAnalysis
from domain.notices.proposal import Proposal
from domain.unit_rates import shown
from handlers.kpi import pct, solved_of
from handlers.notices.calendar_texts import evidence, heading
from handlers.texts import text

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
DIMENSIONS = ("total", "category", "building", "worker")


def _esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _cell(value: object) -> str:
    """Numbers and percentages right-aligned; codes, months and numbers never broken."""
    shown = "" if value is None else str(value)
    if isinstance(value, int) or shown.endswith("%"):
        return f'<td class="n">{_esc(shown)}</td>'
    return f'<td class="c">{_esc(shown)}</td>' if shown.isascii() else f"<td>{_esc(shown)}</td>"


def _table(lang: str, title: str, columns: list[str], rows: list[list[object]]) -> str:
    """A titled table; numbers and percentages right-aligned."""
    if not rows:
        return f"<h2>{_esc(title)}</h2><p>{_esc(text(lang, 'rpt_none'))}</p>"
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return (f'<h2>{_esc(title)}</h2><div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _summary(a: MonthlyAnalysis, lang: str, now: datetime) -> list[str]:
    tz, total = a.start.tzinfo, a.total_rates
    last = (a.until or a.end - timedelta(minutes=1)).astimezone(tz)
    period_key = "rpt_period_partial" if a.until else "rpt_period"
    meta = [text(lang, period_key, start=f"{a.start:%Y-%m-%d}", end=f"{last:%Y-%m-%d %H:%M}",
                 days=a.days, zone=str(tz)),
            text(lang, "rpt_made", at=f"{now.astimezone(tz):%Y-%m-%d %H:%M}", zone=str(tz))]
    out = [f'<p class="meta">{_esc(m)}</p>' for m in meta]
    count_key = "rpt_requests_partial" if a.until else "rpt_requests"
    out.append(f"<h2>{_esc(text(lang, 'rpt_overview'))}</h2>")
    counts = text(lang, count_key, n=a.total.tickets, last=a.total.previous,
                  year=a.total.last_year, change=f"{a.total.change:+d}",
                  yoy=f"{a.total.change_last_year:+d}")
    boxes = "".join(f'<div class="rate">{_esc(text(lang, f"digest_rate_{k}"))}<b>{pct(v)}</b>'
                    "</div>" for k, v in (("response", total.response_rate),
                                          ("resolution", total.resolution_rate),
                                          ("satisfaction", total.satisfaction_rate)))
    basis = text(lang, "rpt_basis", answered=total.answered, solved=solved_of(total),
                 none=total.no_answer, unsure=total.uncertain, excluded=len(a.excluded),
                 weight=a.rates.weight)
    out += [f"<p>{_esc(counts)}</p>", f'<div class="rates">{boxes}</div>',
            f"<p>{_esc(basis)}</p>"]
    return out


def _topic(a: MonthlyAnalysis, proposal: Proposal | None, lang: str, topic: str) -> str:
    """每月一题: the proposal for next month, else the month's biggest hot spot."""
    if proposal is not None:
        body = (f"<p><b>{_esc(heading(proposal, lang, topic))}</b></p>"
                f"<p>{_esc(evidence(proposal, lang, topic))}</p>")
    else:
        spots = sorted(a.hot_spots, key=lambda s: (-s.tickets, s.building, s.category))
        body = f"<p>{_esc(text(lang, 'digest_monthly_no_topic'))}</p>" if not spots else (
            "<p>" + _esc(text(lang, "digest_monthly_topic", building=spots[0].building,
                              category=spots[0].category.split("/")[-1],
                              n=spots[0].tickets)) + "</p>")
    return f"<h2>{_esc(text(lang, 'rpt_topic'))}</h2><div class=\"topic\">{body}</div>"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}"


def _ranking(a: MonthlyAnalysis, lang: str) -> list[str]:
    """单位排名: the units ranked for the month, last month beside (two units or more)."""
    ranked = shown(a.ranking)
    if not ranked:
        return []
    t = lambda key: text(lang, key)  # noqa: E731
    rows = [[x.rank or "—", x.last_rank or "—", x.unit.name, x.line.tickets,
             pct(x.line.response_rate), pct(x.line.resolution_rate),
             pct(x.line.satisfaction_rate), _score(x.score), _score(x.last_score)]
            for x in ranked]
    return [_table(lang, t("rpt_ranking"),
                   [t("rpt_col_rank"), t("rpt_col_last_rank"), t("rpt_col_unit"),
                    t("rpt_col_tickets"), t("digest_rate_response"),
                    t("digest_rate_resolution"), t("digest_rate_satisfaction"),
                    t("rpt_col_score"), t("rpt_col_last_score")], rows)]


def _tables(a: MonthlyAnalysis, lang: str) -> list[str]:
    t = lambda key: text(lang, key)  # noqa: E731
    rows = [[c.category, c.tickets, c.previous, f"{c.change:+d}", c.last_year,
             f"{c.change_last_year:+d}"] for c in a.top]
    rows.append([t("rpt_all"), a.total.tickets, a.total.previous, f"{a.total.change:+d}",
                 a.total.last_year, f"{a.total.change_last_year:+d}"])
    previous = t("rpt_col_same_days_last_month") if a.until else t("rpt_col_last_month")
    rates_rows = [[t(f"kpi_dim_{x.dimension}"), x.key, x.tickets,
                   pct(x.response_rate), pct(x.resolution_rate), pct(x.satisfaction_rate),
                   x.answered, x.no_answer, x.uncertain]
                  for d in DIMENSIONS for x in a.rates.lines if x.dimension == d]
    return [
        _table(lang, text(lang, "rpt_by_category", n=len(a.top)),
               [t("rpt_col_category"), t("rpt_col_tickets"), previous, t("rpt_col_change"),
                t("rpt_col_last_year"), t("rpt_col_change_year")], rows),
        _table(lang, t("rpt_rates"),
               [t("rpt_col_dimension"), t("rpt_col_name"), t("rpt_col_tickets"),
                t("digest_rate_response"), t("digest_rate_resolution"),
                t("digest_rate_satisfaction"), t("rpt_col_answered"), t("rpt_col_no_answer"),
                t("rpt_col_uncertain")], rates_rows),
        *_ranking(a, lang),
        _table(lang, t("rpt_hot_spots"),
               [t("rpt_col_building"), t("rpt_col_category"), t("rpt_col_tickets")],
               [[h.building, h.category.split("/")[-1], h.tickets] for h in a.hot_spots]),
        _table(lang, text(lang, "rpt_excluded", n=len(a.excluded)),
               [t("rpt_col_code"), t("rpt_col_category"), t("rpt_col_reason"),
                t("rpt_col_excluded_by")],
               [[e.code, e.category, e.reason or "—", e.excluded_by or "—"]
                for e in a.excluded]),
        _table(lang, t("rpt_volume"), [t("rpt_col_month"), *a.volume],
               [[m, *(a.volume[c][i] for c in a.volume)] for i, m in enumerate(a.months)]),
        _table(lang, t("rpt_trend"),
               [t("rpt_col_month"), t("rpt_col_tickets"), t("digest_rate_response"),
                t("digest_rate_resolution"), t("digest_rate_satisfaction"),
                t("rpt_col_no_answer")],
               [[m, x.tickets, pct(x.response_rate), pct(x.resolution_rate),
                 pct(x.satisfaction_rate), x.no_answer] for m, x in zip(a.months, a.trend,
                                                                        strict=True)]),
    ]


def page(a: MonthlyAnalysis, proposal: Proposal | None, pictures: dict[str, bytes], *,
         lang: str, now: datetime, topic: str = "") -> str:
    """The whole report as one self-contained HTML page (charts embedded as PNG)."""
    title = text(lang, "rpt_title", month=a.month)
    body = [f"<h1>{_esc(title)}</h1>", *_summary(a, lang, now), _topic(a, proposal, lang, topic),
            f"<h2>{_esc(text(lang, 'rpt_charts'))}</h2>"]
    body += [f'<img alt="{_esc(text(lang, f"chart_{name}_title"))}" src="data:image/png;base64,'
             f'{base64.b64encode(png).decode()}">' for name, png in pictures.items()]
    body += _tables(a, lang)
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_esc(title)}</title><style>{STYLE}</style></head>"
            f"<body>{''.join(body)}</body></html>\n")
