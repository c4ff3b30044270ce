"""The overview page: today's tickets, the three rates, the unit ranking, what waits.

Classes for the layout's CSS: ``counts`` (today's four figures, each an ``<a>`` with a
``<b>``), ``compare`` (the rates by month) and ``ranking`` (tables; ``n`` on number
cells), ``waiting``. (``rates`` is the monthly report's row of rate boxes.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.rates import Line
from domain.web.overview import MOST, SHOWN, Overview, RateRow, overview
from domain.web.viewer import Viewer
from handlers.kpi import pct
from handlers.texts import text
from handlers.web import links
from handlers.web.format import when
from handlers.web.page import Page, esc

FIGURE = re.compile(r"[\d.]+%?|—")
RATES = (("digest_rate_response", "response_rate"), ("digest_rate_resolution",
                                                     "resolution_rate"),
         ("digest_rate_satisfaction", "satisfaction_rate"))


def table(cls: str, head: list[str], rows: list[list[str]]) -> str:
    """A table of already escaped cells; figures (12, 88.9%, —) get class ``n``."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(
        f'<td class="n">{c}</td>' if FIGURE.fullmatch(c) else f"<td>{c}</td>"
        for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _today(o: Overview, lang: str) -> str:
    day = o.day.isoformat()
    figures = (("web_today_new", o.today.new, links.tickets(period=day)),
               ("web_today_open", o.today.open, links.tickets(state="open")),
               ("web_today_overdue", o.today.overdue, links.tickets(state="overdue")),
               ("web_today_emergency", o.today.emergency,
                links.tickets(state="open", urgency="emergency")))
    items = "".join(f'<li><a href="{esc(href)}"><b>{n}</b> {esc(text(lang, key))}</a></li>'
                    for key, n, href in figures)
    return f'<h2>{esc(text(lang, "web_today", day=day))}</h2><ul class="counts">{items}</ul>'


def _rates(row: RateRow, o: Overview, lang: str) -> str:
    head = [esc(row.name or text(lang, "web_rates_street")),
            *(esc(text(lang, key, month=m)) for key, m in zip(
                ("web_col_this_month", "web_col_last_month", "web_col_last_year"), o.months,
                strict=True))]
    lines: tuple[Line, ...] = (row.this, row.last, row.year_ago)
    rows = [[esc(text(lang, "web_row_tickets")), *(str(x.tickets) for x in lines)]]
    rows += [[esc(text(lang, key)), *(pct(getattr(x, field)) for x in lines)]
             for key, field in RATES]
    return table("compare", head, rows)


def _ranking(o: Overview, lang: str) -> str:
    if o.ranking is None:
        return ""
    head = [esc(text(lang, k)) for k in ("web_col_rank", "web_col_last_rank", "web_col_unit",
                                         "web_col_tickets", *(k for k, _ in RATES),
                                         "web_col_score")]
    rows = [[str(x.rank or "—"), str(x.last_rank or "—"), esc(x.unit.name),
             str(x.line.tickets), *(pct(getattr(x.line, f)) for _, f in RATES),
             "—" if x.score is None else f"{x.score * 100:.1f}"] for x in o.ranking.lines]
    title = text(lang, "web_ranking_title", month=o.months[0])
    if not rows:  # early in a month: nothing to rank yet
        none = esc(text(lang, "web_ranking_none"))
        return f'<h2>{esc(title)}</h2><p class="muted">{none}</p>'
    return f"<h2>{esc(title)}</h2>{table('ranking', head, rows)}"


def _more(total: int, shown: int, lang: str, over: bool = False) -> str:
    """``{n} more``; ``{n}+ more`` when ``total`` is only the counting limit."""
    n = f"{total - shown}+" if over else total - shown
    return f"<p>{esc(text(lang, 'web_more', n=n))}</p>" if total > shown else ""


def _waiting(o: Overview, lang: str, tz: ZoneInfo, now: datetime) -> str:
    parts = []
    if o.sent_back_total:
        rows = [[f'<a href="{esc(links.ticket(s.code))}">{esc(s.code)}</a>', esc(s.unit_name),
                 esc(s.reason or "—")] for s in o.sent_back]
        head = [esc(text(lang, k)) for k in ("web_col_ticket", "web_col_unit",
                                             "web_col_reason")]
        over = o.sent_back_total > MOST
        n = f"{MOST}+" if over else o.sent_back_total
        parts += [f"<h3>{esc(text(lang, 'web_sent_back', n=n))}</h3>", table("waiting", head, rows),
                  _more(min(o.sent_back_total, MOST), len(o.sent_back), lang, over)]
    if o.drafts:
        items = "".join(f"<li>#{d.id} {esc(d.topic)}：{esc(d.text_zh[:60])}</li>"
                        for d in o.drafts[:SHOWN])
        parts += [f"<h3>{esc(text(lang, 'web_drafts', n=len(o.drafts)))}</h3>",
                  f'<ul class="waiting">{items}</ul>', _more(len(o.drafts), SHOWN, lang)]
    if o.escalations:
        rows = [[f'<a href="{esc(links.ticket(w.ticket_code))}">{esc(w.ticket_code)}</a>',
                 esc(w.unit_name), esc(text(lang, f"web_escalation_level_{w.level}")),
                 esc(text(lang, "web_escalation_summoned" if w.summoned
                          else "web_escalation_not_summoned")),
                 esc(when(w.since, tz, now))] for w in o.escalations[:SHOWN]]
        head = [esc(text(lang, k)) for k in ("web_col_ticket", "web_col_unit", "web_col_level",
                                             "web_col_whistle", "web_col_since")]
        parts += [f"<h3>{esc(text(lang, 'web_escalations', n=len(o.escalations)))}</h3>",
                  table("waiting", head, rows), _more(len(o.escalations), SHOWN, lang)]
    if not parts:
        parts.append(f"<p>{esc(text(lang, 'web_nothing_waiting'))}</p>")
    return f"<h2>{esc(text(lang, 'web_waiting_title'))}</h2>{''.join(parts)}"


async def page(uow_factory, viewer: Viewer, lang: str, query: Mapping[str, str],
               now: datetime, tz: ZoneInfo, *, weight: float = 0.8) -> Page:
    """The overview as ``viewer`` may see it (``weight``: FRONTDOOR_KPI_BASIC_WEIGHT)."""
    o = await overview(uow_factory, viewer, now=now, tz=tz, weight=weight)
    body = [_today(o, lang), f"<h2>{esc(text(lang, 'web_rates_title'))}</h2>",
            *(_rates(row, o, lang) for row in o.rates), _ranking(o, lang),
            _waiting(o, lang, tz, now)]
    return Page(text(lang, "web_overview_title"), "".join(body), "overview")
