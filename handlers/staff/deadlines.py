"""The SLA tick: sends reminders the database says are due, each once."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any

from telegram import Bot
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from domain.deadlines import DueReminder, collect_due, mark_sent
from domain.outbox import tag_last
from domain.units.routing import ticket_group
from handlers.common import services
from handlers.dates import when
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "staff-sla-reminders"
TOKEN = f"sla-{uuid.uuid4().hex[:12]}"  # this process's lease token


async def remind_due(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time."""
    svc = services(context)
    return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def tick(bot: Bot, svc: Any, *, now: datetime) -> int:
    """Sends every reminder due at ``now``; returns how many went out."""
    sent = 0
    for due in await collect_due(svc.uow_factory, now=now, token=TOKEN):
        try:
            await _send(bot, svc, due)
        except RetryAfter:
            logger.warning("staff: rate limited; reminder %s left for the next tick", due.id)
            break  # the lease runs out and the row is taken again
        await mark_sent(svc.uow_factory, due, now=now, token=TOKEN)
        sent += 1
    return sent


async def _send(bot: Bot, svc: Any, due: DueReminder) -> None:
    """To the assignee before a deadline (else the ticket's thread); to supervisors after."""
    settings, lang = svc.settings, svc.settings.default_language
    what = text(lang, "staff_what_" + due.kind.split("_")[0])
    body = text(lang, "staff_remind_overdue" if due.overdue else "staff_remind_soon",
                code=due.code, what=what,
                due=when(due.deadline, settings.tz, datetime.now(settings.tz)))
    people = due.supervisor_telegram_ids if due.overdue else (
        (due.assignee_telegram_id,) if due.assignee_telegram_id else ())
    delivered = 0
    own = await ticket_group(svc.uow_factory, due.ticket_id)  # the ticket's unit's group
    group = own if own is not None else settings.staff_chat_id
    fallback = {"chat": group, "thread": due.thread_id,
                "key": f"remind:{due.id}"} if group is not None else None
    for person in people:
        try:
            await bot.send_message(person, body)
            if fallback:  # through the outbox: refused there, it goes to the topic instead
                tag_last(hook={"fallback": fallback})
            delivered += 1
        except Forbidden:
            logger.info("staff: a staff member has not started the bot; reminder not delivered")
        except RetryAfter:
            raise
        except TelegramError:
            logger.warning("staff: reminder %s not delivered", due.id, exc_info=True)
    if not delivered and group is not None:
        await bot.send_message(group, body, message_thread_id=due.thread_id)
    logger.info("staff: %s sent for %s", due.kind, due.code)
