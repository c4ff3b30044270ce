"""``/kpi [period]`` in the staff chat: the three rates of a month or an ISO week.

The answer fits a phone screen: the total, what it rests on, the weakest category,
building and worker, and the excluded count. A "details" button (``kpi:details:<period>``)
posts every line by category, building and worker, and a "units" button
(``kpi:units:<period>``) the ranking of units with the period before beside; presses are
checked on the server (only active staff get the rates). A month or week still running is
labelled as such.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes

from domain import rates, unit_rates
from domain.errors import DomainError
from handlers import keyboards
from handlers.common import services
from handlers.dates import day, when
from handlers.staff.common import refusal
from handlers.texts import text

CHUNK = 3900  # under Telegram's 4096 characters a message
PERIOD = re.compile(r"\d{4}-(\d{2}|W\d{2})")


def pct(value: float | None) -> str:
    """A rate as a percentage, or a dash when nothing was counted."""
    return "—" if value is None else f"{value * 100:.1f}%"


def solved_of(line: rates.Line) -> int:
    """How many answered tickets were confirmed solved (the resolution rate's numerator)."""
    return round((line.resolution_rate or 0) * line.answered)


def line_text(line: rates.Line, lang: str) -> str:
    """One group's rates and the figures behind them, on one line."""
    return text(lang, "kpi_line", dim=text(lang, f"kpi_dim_{line.dimension}"), name=line.key,
                n=line.tickets, resp=pct(line.response_rate), res=pct(line.resolution_rate),
                sat=pct(line.satisfaction_rate), answered=line.answered, none=line.no_answer,
                unsure=line.uncertain)


def label_of(report: rates.Report) -> str:
    """The period's name: ``2026-11`` or ``2026-W47``."""
    if report.end - report.start == timedelta(days=7):
        year, week, _ = report.start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{report.start:%Y-%m}"


def header(report: rates.Report, lang: str, now: datetime) -> str:
    """``📊 三率 2026-11（11-01 至 11-30）``; a running period says up to when it counts."""
    tz, today = report.start.tzinfo, now.astimezone(report.start.tzinfo).date()
    first, last = report.start.date(), (report.end - timedelta(days=1)).date()
    if now < report.end:
        return text(lang, "kpi_header_partial", label=label_of(report), start=day(first, today),
                    until=when(now, tz, now), weight=report.weight)
    return text(lang, "kpi_header", label=label_of(report), start=day(first, today),
                end=day(last, today), weight=report.weight)


def _weakest(report: rates.Report, dimension: str) -> rates.Line | None:
    """The group of ``dimension`` with the lowest of its three rates (more tickets first)."""
    rated = [(min(r for r in (x.response_rate, x.resolution_rate, x.satisfaction_rate)
                  if r is not None), -x.tickets, x.key, x)
             for x in report.lines if x.dimension == dimension
             and any(r is not None for r in (x.response_rate, x.resolution_rate,
                                             x.satisfaction_rate))]
    return min(rated, key=lambda r: r[:3])[3] if rated else None


def summary(report: rates.Report, lang: str, now: datetime) -> str:
    """The short answer: at most 11 lines."""
    total = report.lines[0]  # the total line comes first
    lines = [header(report, lang, now),
             text(lang, "kpi_total", n=total.tickets, resp=pct(total.response_rate),
                  res=pct(total.resolution_rate), sat=pct(total.satisfaction_rate)),
             text(lang, "kpi_basis", answered=total.answered, solved=solved_of(total),
                  none=total.no_answer, unsure=total.uncertain)]
    if total.pending_response:
        lines.append(text(lang, "kpi_pending", n=total.pending_response))
    weakest = [w for w in (_weakest(report, d) for d in ("category", "building", "worker")) if w]
    if weakest:
        lines.append(text(lang, "kpi_weakest"))
        lines += [text(lang, "kpi_weak_line", dim=text(lang, f"kpi_dim_{w.dimension}"),
                       name=w.key, n=w.tickets, resp=pct(w.response_rate),
                       res=pct(w.resolution_rate), sat=pct(w.satisfaction_rate))
                  for w in weakest]
    lines.append(text(lang, "kpi_excluded_count", n=len(report.excluded)))
    return "\n".join(lines)


def details(report: rates.Report, lang: str, now: datetime) -> list[str]:
    """Every line by category, building and worker, and the excluded tickets, in messages."""
    lines = [text(lang, "kpi_details_title", header=header(report, lang, now)),
             *(line_text(line, lang) for line in report.lines[1:]),
             text(lang, "kpi_excluded", n=len(report.excluded)),
             *(f"  {e.code} {e.category}：{e.reason or '—'}（{e.excluded_by or '—'}）"
               for e in report.excluded)]
    return pages_of(lines)


def pages_of(lines: list[str]) -> list[str]:
    """Lines joined into messages under ``CHUNK`` characters each."""
    pages, page = [], []
    for line in lines:
        if page and sum(len(x) + 1 for x in page) + len(line) > CHUNK:
            pages.append("\n".join(page))
            page = []
        page.append(line)
    return [*pages, "\n".join(page)]


async def _report(update: Update, context, value: str | None) -> tuple[rates.Report, datetime]:
    """The rates of ``value`` (None: this month) as of now, for active staff only."""
    svc = services(context)
    now = datetime.now(svc.settings.tz)
    start, end = rates.period(value, svc.settings.tz, now.date())
    report = await rates.report(svc.uow_factory, start, end, now=now,
                                weight=svc.settings.kpi_basic_weight,
                                asked_by=update.effective_user.id)
    return report, now


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kpi [2026-11 | 2026-W47]: the short summary, with a button for the details."""
    lang, message = services(context).settings.default_language, update.effective_message
    try:
        report, now = await _report(update, context, (context.args or [None])[0])
    except DomainError as error:
        await message.reply_text(refusal(context, update, error, "/kpi"))
        return
    await message.reply_text(summary(report, lang, now),
                             reply_markup=keyboards.kpi_details(lang, label_of(report)))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``kpi:details:<period>``: every line of the rates; staff only."""
    query, lang = update.callback_query, services(context).settings.default_language
    parts = (query.data or "").split(":")
    try:
        if len(parts) != 3 or parts[1] not in ("details", "units") \
                or not PERIOD.fullmatch(parts[2]):
            raise rates.BadPeriod(query.data or "")
        if parts[1] == "units":
            pages = ranking_pages(await _ranking(update, context, parts[2]), lang)
        else:
            report, now = await _report(update, context, parts[2])
            pages = details(report, lang, now)
    except DomainError as error:
        await query.answer(refusal(context, update, error, "kpi button"), show_alert=True)
        return
    await query.answer()
    for page in pages:
        await query.message.reply_text(page)


async def _ranking(update: Update, context, value: str) -> unit_rates.Ranking:
    """The units ranked for ``value`` with the period before beside; active staff only."""
    svc = services(context)
    now = datetime.now(svc.settings.tz)
    start, end = rates.period(value, svc.settings.tz, now.date())
    return await unit_rates.ranking(svc.uow_factory, start, end,
                                    unit_rates.previous_period(start, end), now=now,
                                    weight=svc.settings.kpi_basic_weight,
                                    asked_by=update.effective_user.id)


def ranking_lines(ranked: unit_rates.Ranking, lang: str) -> list[str]:
    """``1.（上月 2）供热公司 …｜得分 84.0``, one line per unit, best first."""
    lines = []
    for x in ranked.lines:
        last = text(lang, "kpi_rank_last", rank=x.last_rank) if x.last_rank else \
            text(lang, "kpi_rank_new")
        lines.append(text(lang, "kpi_rank_line", rank=x.rank or "—", last=last,
                          name=x.unit.name, n=x.line.tickets, resp=pct(x.line.response_rate),
                          res=pct(x.line.resolution_rate), sat=pct(x.line.satisfaction_rate),
                          score="—" if x.score is None else f"{x.score * 100:.1f}"))
    return lines


def ranking_pages(ranked: unit_rates.Ranking, lang: str) -> list[str]:
    """The ranking as messages: title, a line per unit, the excluded count."""
    title = text(lang, "kpi_rank_title", start=ranked.start.date(),
                 end=(ranked.end - timedelta(days=1)).date())
    lines = [title, *(ranking_lines(ranked, lang) or [text(lang, "kpi_rank_none")]),
             text(lang, "kpi_rank_excluded", n=len({e.code for e in ranked.excluded}))]
    return pages_of(lines)
