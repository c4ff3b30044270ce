"""The digest schedule: a JobQueue tick that posts the due digests to the staff chat.

The database decides (``domain.digests.engine``): each digest goes out once per period and
chat, across restarts and processes; a missed one is posted late, marked "（补发）".
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from telegram import Bot, Message
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from domain.digests import engine
from domain.digests.compose import Request, gather
from domain.digests.monthly import Monthly
from domain.digests.periods import Times, latest_due
from domain.outbox import tag_last
from handlers import keyboards
from handlers.common import services
from handlers.digests import charts, render

logger = logging.getLogger(__name__)
JOB_NAME = "staff-digests"
TOKEN = f"digest-{uuid.uuid4().hex[:12]}"  # this process's lease token
Send = Callable[[Bot, Any, engine.Taken], Awaitable[Message]]


def times_of(settings) -> Times:
    """When each digest is due, from the settings."""
    return Times(settings.tz, settings.digest_daily_at, settings.digest_weekly_at,
                 settings.digest_monthly_at)


async def post(bot: Bot, svc: Any, taken: engine.Taken, *, now: datetime | None = None) -> Message:
    """Builds the digest and posts its short view, with ticket buttons and "more"."""
    settings = svc.settings
    request = Request(taken.period, now or datetime.now(settings.tz), taken.late)
    content = await gather(svc.uow_factory, request, times_of(settings),
                           weight=settings.kpi_basic_weight)
    lang = settings.default_language
    page, cut = render.short(render.lines_of(content, lang, settings.tz, taken.late), lang)
    more = f"dg:more:{taken.id}" if cut else None
    message = await bot.send_message(taken.chat_id, page.text,
                                     reply_markup=keyboards.digest(lang, page.tickets, more))
    tag_last(hook={"digest": taken.id})  # through the outbox: its real id is recorded when sent
    if isinstance(content, Monthly):
        await charts.post(bot, taken.chat_id, content.analysis, lang)
    return message


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time."""
    svc = services(context)
    return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def tick(bot: Bot, svc: Any, *, now: datetime, token: str = TOKEN,
               send: Send | None = None) -> int:
    """Posts every digest due at ``now`` that no one has posted; returns how many."""
    chat_id, times = svc.settings.staff_chat_id, times_of(svc.settings)
    if chat_id is None:
        return 0
    sent = 0
    for kind in svc.settings.digests:
        taken = await engine.take(svc.uow_factory, latest_due(kind, now, times), chat_id,
                                  now=now, token=token)
        if taken is None:
            continue
        try:
            message = await (send(bot, svc, taken) if send else post(bot, svc, taken, now=now))
        except TelegramError:  # the lease stays: retried when it runs out
            logger.warning("digests: digest %s not posted", taken.id, exc_info=True)
            continue
        await engine.mark_sent(svc.uow_factory, taken, message_id=message.message_id, now=now)
        logger.info("digests: digest %s posted (late: %s)", taken.id, taken.late)
        sent += 1
    return sent
