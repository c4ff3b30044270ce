"""The Bot the Application talks through: python-telegram-bot's ExtBot, two changes.

**Messages go to the outbox.** While an update or a job is being handled (an outbox
collector is set, ``domain.outbox.COLLECTING``), a call that puts a message into a chat
(``send*``, ``copy*``, ``forward*``, ``edit*``) is not made: its parameters are collected,
written to the outbox with the state change they report, and sent by ``bot/outbox``. The
handler gets a stand-in result (message id 0). Everything else (answering a button,
reading a file, creating a topic) is called at once.

**Callback answers tolerate a repeat.** An update tried again by the inbox may answer a
callback query its first try already answered; Telegram then says "query is too old … or
query ID is invalid". That answer is a courtesy, so the handler goes on.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from telegram import InputFile
from telegram.error import BadRequest
from telegram.ext import BaseRateLimiter, ExtBot
from telegram.request import HTTPXRequest
from telegram.request._requestparameter import RequestParameter

from domain import outbox
from domain.outbox import Outgoing

logger = logging.getLogger(__name__)
CAPTURED_PREFIXES = ("send", "copy", "forward", "edit")
NOT_CAPTURED = {"sendChatAction"}
FILE_KEY = "__file__"
TELEGRAM = "https://api.telegram.org/bot"
TELEGRAM_FILES = "https://api.telegram.org/file/bot"
GONE = ("query is too old", "query id is invalid")


class FrontdoorBot(ExtBot):
    """ExtBot whose callback answers tolerate a query answered or expired already."""

    async def answer_callback_query(self, callback_query_id: str, *args: Any,
                                    **kwargs: Any) -> bool:
        """Answers the query; False (not an error) when it was answered or expired.

        While an update is handled, the answer is made right after its commit, so the
        update's transaction is not held open across this call (it returns True then).
        """
        collector = outbox.collecting()
        if collector is not None:
            async def later() -> bool:
                token = outbox.COLLECTING.set(None)
                try:
                    return await self.answer_callback_query(callback_query_id, *args, **kwargs)
                finally:
                    outbox.COLLECTING.reset(token)
            collector.after_commit.append(later)
            return True
        try:
            return await super().answer_callback_query(callback_query_id, *args, **kwargs)
        except BadRequest as error:
            if not any(g in str(error).lower() for g in GONE):
                raise
            logger.info("callback query answered or expired already; going on")
            return False

    async def _do_post(self, endpoint: str, data: dict, **kwargs: Any) -> Any:
        collector = outbox.collecting()
        if collector is None or not captured(endpoint):
            return await super()._do_post(endpoint, data, **kwargs)
        self._extract_rl_kwargs(data)  # the sender decides how the outbox waits
        item = to_outgoing(endpoint, data, collector.kind)
        outbox.collect(item)
        return _stand_in(endpoint, item)

    async def post_stored(self, method: str, params: dict[str, Any], blob: bytes | None,
                          **kwargs: Any) -> Any:
        """Makes a stored call now (the outbox's sender); no retry on a 429 (it reschedules)."""
        data: dict[str, Any] = {k: v for k, v in params.items() if v is not None}
        file = data.pop(FILE_KEY, None)
        if file is not None and blob is not None:
            data[file["key"]] = InputFile(blob, filename=file.get("name"))
        data = self._merge_api_rl_kwargs(data, -1) or data
        return await ExtBot._do_post(self, method, data, **kwargs)


def captured(endpoint: str) -> bool:
    """Whether a call puts a message into a chat (and so goes to the outbox)."""
    return endpoint.startswith(CAPTURED_PREFIXES) and endpoint not in NOT_CAPTURED


def to_outgoing(endpoint: str, data: dict[str, Any], kind: str | None) -> Outgoing:
    """A Bot API call as an outbox row: JSON values, and at most one uploaded file."""
    params: dict[str, Any] = {}
    blob = None
    for key, value in data.items():
        parameter = RequestParameter.from_input(key, value)
        if parameter.input_files:
            upload = parameter.input_files[0]
            blob = upload.input_file_content if isinstance(upload.input_file_content, bytes) \
                else upload.input_file_content.read()
            params[FILE_KEY] = {"key": key, "name": upload.filename}
            continue
        params[key] = parameter.json_value
    chat_id = int(params.get("chat_id") or 0)
    thread = params.get("message_thread_id")
    private = chat_id > 0
    if not private and (kind is None or outbox.AT_MOST_ONCE.get(kind, True)):
        kind = "staff"  # into the staff group: at least once, whatever the job
    kind = kind or "reply"
    priority = outbox.REPLY if kind == "reply" else outbox.REST
    if private and endpoint.startswith("edit") and kind == "reply":
        kind = "edit"  # the same edit twice changes nothing: at least once
    return Outgoing(kind, endpoint, chat_id, params, priority=priority,
                    thread_id=int(thread) if thread else None, blob=blob)


def _stand_in(endpoint: str, item: Outgoing) -> Any:
    """What the handler sees instead of Telegram's answer."""
    if endpoint.startswith("edit"):
        return True
    chat = {"id": item.chat_id, "type": "private" if item.chat_id > 0 else "supergroup"}
    return {"message_id": 0, "date": int(time.time()), "chat": chat}


def make_bot(token: str, rate_limiter: BaseRateLimiter, base_url: str | None = None,
             base_file_url: str | None = None) -> FrontdoorBot:
    """The bot with python-telegram-bot's default connection pools (256 and 1 for polling)."""
    return FrontdoorBot(
        token=token, base_url=base_url or TELEGRAM,
        base_file_url=base_file_url or base_url or TELEGRAM_FILES,
        request=HTTPXRequest(connection_pool_size=256),
        get_updates_request=HTTPXRequest(connection_pool_size=1), rate_limiter=rate_limiter)
