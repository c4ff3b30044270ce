"""Overdue work orders escalated (吹哨): the tick and what its messages say.

The tick runs as a staged job (``bot/app.staged_job``): the escalation rows it writes and the
messages it collects are committed together, so a restart neither loses nor repeats one.
Level one: a reminder in the order's topic in its unit's group, and a card with 🔔 吹哨 to
the street (the desk's group, each street leader privately). Level two: a summons not
answered in time goes to the street leaders privately and to the desk's group.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.ext import ContextTypes

from domain.outbox import tag_last
from domain.units import escalation
from domain.units.escalation import Escalation
from handlers import keyboards
from handlers.common import services
from handlers.dates import when
from handlers.intake.card import duration
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "staff-order-escalation"


def _group(settings: Any, own: int | None) -> int | None:
    return own if own is not None else settings.staff_chat_id


def card_text(settings: Any, esc: Escalation, now: datetime) -> str:
    """The street's card: the ticket, the unit, how late; who blew the whistle, if anyone."""
    lang, tz = settings.default_language, settings.tz
    body = text(lang, "esc_card", code=esc.ticket_code, unit=esc.unit_name,
                what=text(lang, f"staff_what_{esc.kind}"),
                due=when(esc.deadline, tz, now), late=duration(esc.late, lang))
    if esc.summoned_at is not None:
        body += text(lang, "esc_card_summoned", name=esc.summoned_by or "—",
                     at=when(esc.summoned_at, tz, now))
    return body


def desk_chat(settings: Any, esc: Escalation) -> int | None:
    """The desk's group (with no desk of its own: the configured staff group)."""
    return _group(settings, esc.desk_group)


def card_copies(settings: Any, esc: Escalation) -> list[tuple[int, str]]:
    """Where the street's card goes, with the outbox key of each copy (to edit it later)."""
    chats = [desk_chat(settings, esc), *esc.leaders]
    return [(chat, f"esc:{esc.id}:{chat}") for chat in dict.fromkeys(chats) if chat is not None]


def heads_chats(settings: Any, esc: Escalation) -> tuple[int | None, list[int]]:
    """The unit's group (the summons goes to the order's topic) and its heads privately."""
    return _group(settings, esc.unit_group), list(esc.heads)


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time."""
    svc = services(context)
    return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def tick(bot: Bot, svc: Any, *, now: datetime) -> int:
    """Escalates what is due at ``now`` (both levels); returns how many escalations."""
    within = timedelta(hours=svc.settings.order_summons_answer_hours)
    first = await escalation.escalate_due(svc.uow_factory, now=now)
    for esc in first:
        await _first_level(bot, svc.settings, esc, now)
    second = await escalation.second_due(svc.uow_factory, now=now, answer_within=within)
    for esc in second:
        await _second_level(bot, svc.settings, esc, within, now)
    return len(first) + len(second)


async def _first_level(bot: Bot, settings: Any, esc: Escalation, now: datetime) -> None:
    """The reminder in the order's topic, and the card to the street."""
    lang = settings.default_language
    group = _group(settings, esc.unit_group)
    if group is not None:
        await bot.send_message(group, text(
            lang, "esc_reminder", code=esc.ticket_code, what=text(lang, f"staff_what_{esc.kind}"),
            due=when(esc.deadline, settings.tz, now), late=duration(esc.late, lang)),
            message_thread_id=esc.order_thread_id)
        tag_last(key=f"escr:{esc.id}")
    for chat, key in card_copies(settings, esc):
        await bot.send_message(chat, card_text(settings, esc, now),
                               reply_markup=keyboards.escalation_card(lang, esc.id))
        tag_last(key=key)
    logger.info("escalation: order %s (%s) escalated to the street", esc.order_id, esc.kind)


async def _second_level(bot: Bot, settings: Any, esc: Escalation, within: timedelta,
                        now: datetime) -> None:
    """A summons not answered in time: to the street leaders and the desk's group."""
    lang = settings.default_language
    body = text(lang, "esc_second", code=esc.ticket_code, unit=esc.unit_name,
                within=duration(within, lang), what=text(lang, f"staff_what_{esc.kind}"),
                late=duration(esc.late, lang))
    for chat in dict.fromkeys([desk_chat(settings, esc), *esc.leaders]):
        if chat is not None:
            await bot.send_message(chat, body)
            tag_last(key=f"esc2:{esc.id}:{chat}")
    logger.info("escalation: order %s (%s) at the second level", esc.order_id, esc.kind)
