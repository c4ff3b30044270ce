"""Long polling that confirms an update to Telegram only after the inbox stored it.

``getUpdates`` with ``offset`` confirms every earlier update, so the offset moves past an
update only once it is committed in the database. While the database is down the same
updates come back on the next call, and are stored when it is back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut

from bot.inbox.received import received
from domain import inbox
from domain.inbox import Pending
from domain.ports import UowFactory
from storage.errors import is_transient
from storage.models import utcnow

logger = logging.getLogger(__name__)


class Poller:
    """Fetches, stores, then confirms; ``on_stored(conversations)`` after each stored batch."""

    def __init__(self, bot: Bot, uow_factory: UowFactory,
                 on_stored: Callable[[dict[str, Pending | None]], None], *,
                 timeout: int = 10) -> None:
        self.bot, self.uow_factory, self.on_stored = bot, uow_factory, on_stored
        self.timeout = timeout
        self.offset: int | None = None

    async def start(self) -> None:
        """Switches Telegram to polling (a webhook would refuse getUpdates)."""
        await self.bot.delete_webhook(drop_pending_updates=False)

    async def run(self, stop: asyncio.Event) -> None:
        """Polls until ``stop`` is set."""
        delay = 0.0
        while not stop.is_set():
            if delay:
                await _sleep_or_stop(stop, delay)
            try:
                delay = await self._once()
            except asyncio.CancelledError:
                raise
            except InvalidToken:
                raise
            except RetryAfter as error:
                delay = float(error.retry_after if isinstance(error.retry_after, int | float)
                              else error.retry_after.total_seconds())
            except (TimedOut, NetworkError, Conflict) as error:
                logger.warning("getUpdates failed (%s); retrying", type(error).__name__)
                delay = min(max(delay * 2, 0.5), 5.0)

    async def _once(self) -> float:
        """One getUpdates and one store; the delay before the next call."""
        updates: tuple[Update, ...] = await self.bot.get_updates(
            offset=self.offset, timeout=self.timeout, allowed_updates=Update.ALL_TYPES)
        if not updates:
            return 0.0
        try:
            fresh = await inbox.store(self.uow_factory, [received(u) for u in updates],
                                      utcnow())
        except Exception as error:
            if not is_transient(error):
                raise
            logger.warning("inbox: could not store %d updates (%s); not confirmed, retrying",
                           len(updates), type(error).__name__)
            return 1.0
        self.offset = updates[-1].update_id + 1
        self.on_stored(fresh)
        return 0.0


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
