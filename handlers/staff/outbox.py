"""The card outbox: new tickets' staff cards are posted by a job, not by the resident's turn.

Telegram lets a bot post about 20 messages a minute into one group. If confirming a ticket
waited for its card, every resident would wait behind the staff group's limit. So the
ticket row is the outbox entry (no card message id yet); this job posts what is waiting,
emergencies first, and a restart simply finds the rest.
"""

from __future__ import annotations

import asyncio
import logging

from telegram.ext import ContextTypes

from domain.staff.queries import cards_to_post
from handlers.common import services
from handlers.staff import card

logger = logging.getLogger(__name__)
JOB_NAME = "staff-cards"
_LOCK = "staff_card_outbox_lock"


async def post_pending(context: ContextTypes.DEFAULT_TYPE) -> int:
    """Posts every card still waiting; returns how many were posted."""
    lock = context.application.bot_data.setdefault(_LOCK, asyncio.Lock())
    if lock.locked():
        return 0  # a run is already posting, and it looks again before it stops
    posted = 0
    async with lock:
        while ids := await cards_to_post(services(context).uow_factory):
            for ticket_id in ids:
                if not await card.announce(context, ticket_id):
                    return posted  # Telegram said no: the next sweep tries again
                posted += 1
    return posted


def post_soon(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Wakes the outbox now, without waiting for it (the resident's reply goes first)."""
    context.application.job_queue.run_once(post_pending, 0)
