"""``/kpi [period]`` in the staff chat: the three rates of a month or an ISO week."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import ContextTypes

from domain import rates
from domain.errors import DomainError
from handlers.common import services
from handlers.staff.common import refusal
from handlers.texts import text


def pct(value: float | None) -> str:
    """A rate as a percentage, or a dash when nothing was counted."""
    return "—" if value is None else f"{value * 100:.1f}%"


def line_text(line: rates.Line, lang: str) -> str:
    """One group's rates and the figures behind them, on one line."""
    return text(lang, "kpi_line", dim=text(lang, f"kpi_dim_{line.dimension}"), name=line.key,
                n=line.tickets, resp=pct(line.response_rate), res=pct(line.resolution_rate),
                sat=pct(line.satisfaction_rate), answered=line.answered, none=line.no_answer,
                unsure=line.uncertain)


def render(report: rates.Report, lang: str) -> str:
    """The report as short lines: the total, then each dimension."""
    head = text(lang, "kpi_header", start=report.start.date(),
                end=(report.end.date()), weight=report.weight)
    lines = [head, *(line_text(line, lang) for line in report.lines)]
    pending = report.lines[0].pending_response  # the total line comes first
    if pending:
        lines.insert(2, text(lang, "kpi_pending", n=pending))
    lines.append(text(lang, "kpi_excluded", n=len(report.excluded)))
    lines += [f"  {e.code} {e.category}：{e.reason or '—'}（{e.excluded_by or '—'}）"
              for e in report.excluded[:30]]
    return "\n".join(lines)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kpi [2026-11 | 2026-W47]: the rates by category, building and worker."""
    svc, lang = services(context), services(context).settings.default_language
    message = update.effective_message
    now = datetime.now(svc.settings.tz)
    try:
        start, end = rates.period((context.args or [None])[0], svc.settings.tz, now.date())
        report = await rates.report(svc.uow_factory, start, end, now=now,
                                    weight=svc.settings.kpi_basic_weight,
                                    asked_by=update.effective_user.id)
    except DomainError as error:
        await message.reply_text(refusal(context, update, error, "/kpi"))
        return
    body = render(report, lang)
    if len(body) > 4000:  # whole lines only; the CLI report has everything
        body = body[:body.rfind("\n", 0, 3990)] + "\n…"
    await message.reply_text(body)
