"""The effect report in the staff chat: 30 days after a notice, did its category go down?

An hourly tick claims each finished notice whose 30 days are over (once, durably:
``domain.notices.effect.due_reports``) and posts its report: tickets of the notice's
category per building in the targeted buildings and in the others, against the same days
a year before (``frontdoor notices effect ID`` prints the same figures as a table).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import Bot
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from domain.notices.effect import Effect, NoEffect, due_reports, effect
from handlers.common import services
from handlers.texts import text
from nlu.categories import short_name

logger = logging.getLogger(__name__)
JOB_NAME = "notice-effect"
EVERY_SECONDS = 3600.0


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback, on the wall clock."""
    svc = services(context)
    await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def tick(bot: Bot, svc: Any, *, now: datetime) -> list[int]:
    """Posts the reports that are due; returns the notice ids reported."""
    chat = svc.settings.staff_chat_id
    if chat is None:
        return []
    posted = []
    for notice_id in await due_reports(svc.uow_factory, now=now):
        try:
            report = await effect(svc.uow_factory, notice_id, now=now)
            await bot.send_message(chat, render(report, svc.settings.default_language,
                                                svc.settings.tz))
            posted.append(notice_id)
        except (NoEffect, TelegramError):
            logger.warning("notices: effect report of notice %s not posted", notice_id,
                           exc_info=True)
    return posted


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def render(report: Effect, lang: str, tz) -> str:
    """The report in a few lines, rates per building."""
    t, o, diff = report.targeted, report.others, report.difference
    return text(lang, "nx_effect", id=report.notice_id, category=short_name(report.category),
                start=report.start.astimezone(tz).date().isoformat(),
                end=report.end.astimezone(tz).date().isoformat(),
                t_buildings=t.buildings, t_rate=_rate(t.rate), t_before=_rate(t.rate_year_before),
                o_buildings=o.buildings, o_rate=_rate(o.rate), o_before=_rate(o.rate_year_before),
                diff="—" if diff is None else f"{diff:+.1f}")
