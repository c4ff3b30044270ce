"""The monthly analysis (月分析) as HTML parts: the summary, 每月一题 and the tables.

Shared by ``frontdoor report month --format html`` (``bot/commands/report_html.py``, one
self-contained page) and the web view's analysis page (``handlers/web/pages/analysis.py``):
headings, labels and explanations in the reader's language (keys ``rpt_*``), rates as
percentages, numbers right-aligned (class ``n``), tables in ``<div class="scroll">``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.analysis.monthly import MonthlyAnalysis
from domain.notices.proposal import Proposal
from domain.unit_rates import shown
from handlers.kpi import pct, solved_of
from handlers.notices.calendar_texts import evidence, heading
from handlers.texts import text
from handlers.web.page import esc

DIMENSIONS = ("total", "category", "building", "worker")


def _cell(value: object) -> str:
    """Numbers and percentages right-aligned; codes, months and numbers never broken."""
    shown = "" if value is None else str(value)
    if isinstance(value, int) or shown.endswith("%"):
        return f'<td class="n">{esc(shown)}</td>'
    return f'<td class="c">{esc(shown)}</td>' if shown.isascii() else f"<td>{esc(shown)}</td>"


def _table(lang: str, title: str, columns: list[str], rows: list[list[object]]) -> str:
    """A titled table; numbers and percentages right-aligned."""
    if not rows:
        return f"<h2>{esc(title)}</h2><p>{esc(text(lang, 'rpt_none'))}</p>"
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(_cell(v) for v in row) + "</tr>" for row in rows)
    return (f'<h2>{esc(title)}</h2><div class="scroll"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def summary(a: MonthlyAnalysis, lang: str, now: datetime) -> list[str]:
    """The period, when it was made, the requests and the three rates with their basis."""
    tz, total = a.start.tzinfo, a.total_rates
    last = (a.until or a.end - timedelta(minutes=1)).astimezone(tz)
    period_key = "rpt_period_partial" if a.until else "rpt_period"
    meta = [text(lang, period_key, start=f"{a.start:%Y-%m-%d}", end=f"{last:%Y-%m-%d %H:%M}",
                 days=a.days, zone=str(tz)),
            text(lang, "rpt_made", at=f"{now.astimezone(tz):%Y-%m-%d %H:%M}", zone=str(tz))]
    out = [f'<p class="meta">{esc(m)}</p>' for m in meta]
    count_key = "rpt_requests_partial" if a.until else "rpt_requests"
    out.append(f"<h2>{esc(text(lang, 'rpt_overview'))}</h2>")
    counts = text(lang, count_key, n=a.total.tickets, last=a.total.previous,
                  year=a.total.last_year, change=f"{a.total.change:+d}",
                  yoy=f"{a.total.change_last_year:+d}")
    boxes = "".join(f'<div class="rate">{esc(text(lang, f"digest_rate_{k}"))}<b>{pct(v)}</b>'
                    "</div>" for k, v in (("response", total.response_rate),
                                          ("resolution", total.resolution_rate),
                                          ("satisfaction", total.satisfaction_rate)))
    basis = text(lang, "rpt_basis", answered=total.answered, solved=solved_of(total),
                 none=total.no_answer, unsure=total.uncertain, excluded=len(a.excluded),
                 weight=a.rates.weight)
    out += [f"<p>{esc(counts)}</p>", f'<div class="rates">{boxes}</div>',
            f"<p>{esc(basis)}</p>"]
    return out


def topic(a: MonthlyAnalysis, proposal: Proposal | None, lang: str, topic: str) -> str:
    """每月一题: the proposal for next month, else the month's biggest hot spot."""
    if proposal is not None:
        body = (f"<p><b>{esc(heading(proposal, lang, topic))}</b></p>"
                f"<p>{esc(evidence(proposal, lang, topic))}</p>")
    else:
        spots = sorted(a.hot_spots, key=lambda s: (-s.tickets, s.building, s.category))
        body = f"<p>{esc(text(lang, 'digest_monthly_no_topic'))}</p>" if not spots else (
            "<p>" + esc(text(lang, "digest_monthly_topic", building=spots[0].building,
                              category=spots[0].category.split("/")[-1],
                              n=spots[0].tickets)) + "</p>")
    return f"<h2>{esc(text(lang, 'rpt_topic'))}</h2><div class=\"topic\">{body}</div>"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}"


def ranking(a: MonthlyAnalysis, lang: str) -> list[str]:
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


def tables(a: MonthlyAnalysis, lang: str) -> list[str]:
    """By category, the rates, hot spots, excluded tickets and the 12-month series."""
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
        *ranking(a, lang),
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
