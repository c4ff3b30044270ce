"""Updates from different chats run at the same time; updates from one chat, in order.

python-telegram-bot handles one update at a time by default, so one resident's reply that
waits (for Telegram's rate limit, a slow database, Rasa) makes every other resident wait
too. This processor keeps each chat's updates in arrival order behind a per-chat lock and
lets different chats proceed concurrently. While an update from a private chat is handled,
``bot.rate_limit.REPLYING_TO`` names that chat: what the bot sends there answers the user.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.rate_limit import REPLYING_TO


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Serialises updates per chat (FIFO), runs different chats concurrently."""

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._waiting: dict[object, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Awaits ``coroutine`` once the earlier updates of the same chat are done."""
        key = _chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        token = REPLYING_TO.set(_private_chat(update))
        try:
            async with lock:
                await coroutine
        finally:
            REPLYING_TO.reset(token)
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody queued behind: forget the lock
                del self._waiting[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _private_chat(update: object) -> int | None:
    """The chat id when the update comes from a user's private chat with the bot."""
    if isinstance(update, Update) and update.effective_chat is not None \
            and update.effective_chat.type == "private":
        return update.effective_chat.id
    return None


def _chat_key(update: object) -> object:
    """The chat an update belongs to (updates without a chat share one queue)."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None
