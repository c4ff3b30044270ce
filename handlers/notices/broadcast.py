"""The broadcast tick: feeds due notice deliveries to the bot's outbox.

Batches are claimed in the database (``domain.notices.broadcast``) and written to the
outbox (kind ``notice``, at most once) in the same transaction; the outbox's sender
(``bot/outbox``) sends them with everything else, at the rate limit, emergencies first.
The tick keeps feeding while deliveries are due, a little ahead of the sender, so a
broadcast runs without gaps between JobQueue runs.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, Message
from telegram.ext import ContextTypes

from domain import outbox
from domain.notices import broadcast, holds
from domain.notices.broadcast import DueDelivery
from domain.outbox import staged, tag_last
from handlers import keyboards
from handlers.common import services

logger = logging.getLogger(__name__)
JOB_NAME = "notice-broadcast"
TOKEN = f"broadcast-{uuid.uuid4().hex[:12]}"  # this process's lease token
MAX_TICK_SECONDS = 60.0  # then the next JobQueue run carries on
FEED_AHEAD = 2 * outbox.BATCH  # notices waiting in the outbox at most
FEED_PAUSE = 0.05  # seconds between looks while the outbox is full
Send = Callable[[Bot, DueDelivery], Awaitable[Message]]
_running: set[str] = set()  # the tick running in this process, if any


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> int:
    """The JobQueue callback: ``tick`` at the current time, unless one is still running."""
    if _running:
        return 0
    _running.add(JOB_NAME)
    try:
        svc = services(context)
        return await tick(context.bot, svc, now=datetime.now(svc.settings.tz))
    finally:
        _running.discard(JOB_NAME)


async def send_notice(bot: Bot, due: DueDelivery, *, paid: bool = False) -> Message:
    """The notice in the resident's language, with "report it" and "stop these" buttons.

    An emergency has no "stop these": it reaches residents whatever their subscriptions.
    Under the outbox the call is collected, and the outbox's sender makes it (no retry
    inside the limiter: a 429 reschedules the row). ``paid``: as a paid broadcast
    (``FRONTDOOR_TELEGRAM_PAID_BROADCAST``), against its own, higher limit.
    """
    return await bot.send_message(due.telegram_user_id, due.text,
                                  reply_markup=keyboards.broadcast(due.lang, due.notice_id,
                                                                   due.topic, due.emergency),
                                  allow_paid_broadcast=paid or None, rate_limit_args=-1)


async def tick(bot: Bot, svc: Any, *, now: datetime, token: str = TOKEN,
               send: Send = send_notice, batch: int | None = None) -> int:
    """Settles interrupted sends, feeds due deliveries to the outbox, finishes notices.

    Deliveries are claimed in small batches (``batch``, else a tenth of a second of the
    limit, at most ``outbox.BATCH``); each batch is set ``sending`` and its messages written
    to the outbox in one transaction. The feeder keeps at most ``FEED_AHEAD`` notices
    waiting in the outbox, so pausing or cancelling a notice stops it within about a
    second, and replies and cards are never queued behind a whole broadcast.

    Returns:
        How many messages were written to the outbox.
    """
    factory, settings = svc.uow_factory, svc.settings
    if not await broadcast.active(factory):
        return 0
    loop = asyncio.get_running_loop()
    started = loop.time()

    def clock() -> datetime:
        return now + timedelta(seconds=loop.time() - started)

    rate = settings.telegram_overall_per_second
    if settings.telegram_paid_broadcast:
        rate = settings.telegram_paid_per_second
        if send is send_notice:
            send = functools.partial(send_notice, paid=True)
    size = min(batch or max(1, rate // 10), outbox.BATCH)
    lease = timedelta(seconds=settings.broadcast_lease_seconds)
    await broadcast.settle_stuck(factory, now=now, token=token)
    await holds.follow_quiet(factory, now=now, quiet=settings.quiet_window, tz=settings.tz)
    fed = 0
    while loop.time() - started < MAX_TICK_SECONDS:
        room = FEED_AHEAD - await outbox.waiting(factory, "notice")
        if room <= 0:
            await asyncio.sleep(FEED_PAUSE)
            continue
        async with staged(svc.transaction, factory, kind="notice", written=svc.outbox_written):
            dues = await broadcast.collect(factory, now=clock(), token=token,
                                           limit=min(room, size), lease=lease,
                                           quiet=settings.quiet_window, tz=settings.tz)
            for due in dues:
                await send(bot, due)
                tag_last(hook={"delivery": due.id},
                         priority=outbox.EMERGENCY if due.emergency else None)
            await broadcast.queued(factory, dues)
        if not dues:
            break
        fed += len(dues)
    await broadcast.finish(factory, now=clock())
    return fed
