"""Cards for open tickets that have none: a sweep that writes them to the outbox.

A ticket opened by a resident's update gets its card in the outbox with that update
(``handlers/intake/finish.py``); the bot's outbox (``bot/outbox``) posts it, emergencies
first. This sweep catches tickets opened any other way (the demo seed, an import) and
those from before the outbox.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram.ext import ContextTypes

from domain.staff.queries import queue_missing_cards
from handlers.common import services

JOB_NAME = "staff-cards"


async def queue_missing(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Writes a card for each open ticket without one; returns how many."""
    svc = services(context)
    if svc.settings.staff_chat_id is None:
        return 0
    count = await queue_missing_cards(svc.uow_factory, svc.settings.staff_chat_id,
                                      now=datetime.now(UTC))
    if count:
        svc.outbox_written()
    return count
