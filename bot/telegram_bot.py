"""The Bot the Application talks through: python-telegram-bot's ExtBot, one tolerance added.

An update tried again by the inbox (``bot/inbox``) may answer a callback query its first
try already answered; Telegram then says "query is too old … or query ID is invalid". That
answer is a courtesy (it stops the button's spinner), so the handler goes on instead of
failing a second time for it.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import BadRequest
from telegram.ext import BaseRateLimiter, ExtBot
from telegram.request import HTTPXRequest

logger = logging.getLogger(__name__)
TELEGRAM = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"
GONE = ("query is too old", "query id is invalid")


class FrontdoorBot(ExtBot):
    """ExtBot whose callback answers tolerate a query answered or expired already."""

    async def answer_callback_query(self, callback_query_id: str, *args: Any,
                                    **kwargs: Any) -> bool:
        """Answers the query; False (not an error) when it was answered or expired."""
        try:
            return await super().answer_callback_query(callback_query_id, *args, **kwargs)
        except BadRequest as error:
            if not any(g in str(error).lower() for g in GONE):
                raise
            logger.info("callback query answered or expired already; going on")
            return False


def make_bot(token: str, rate_limiter: BaseRateLimiter, base_url: str | None = None,
             base_file_url: str | None = None) -> FrontdoorBot:
    """The bot with python-telegram-bot's default connection pools (256 and 1 for polling)."""
    return FrontdoorBot(
        token=token, base_url=base_url or TELEGRAM,
        base_file_url=base_file_url or base_url or TELEGRAM_FILES,
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1), rate_limiter=rate_limiter)
