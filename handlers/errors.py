"""The one error handler, and what senders and staff are told when an update fails.

While the inbox handles an update (``bot/inbox``), an error is noted on the update's
``Attempt`` and the remaining handler groups are stopped: the inbox retries, or parks the
update, and says so once (``tell_sender``). Errors outside an update (scheduled jobs) are
logged and reported to staff. Staff hear of an error kind at most once per
``STAFF_NOTICE_WINDOW``, with a count of the ones in between. Nothing personal is logged.
"""

from __future__ import annotations

import contextvars
import logging
import time
from dataclasses import dataclass, field

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import services
from handlers.texts import pick_language, text

logger = logging.getLogger(__name__)
STAFF_NOTICE_WINDOW = 300.0  # seconds


@dataclass
class Attempt:
    """One try at handling a stored update; the error handler notes what went wrong."""

    update_id: int
    tries_before: int = 0
    error: BaseException | None = None


CURRENT: contextvars.ContextVar[Attempt | None] = contextvars.ContextVar(
    "inbox_attempt", default=None)


def is_retry() -> bool:
    """True while an update is handled again after a failed try.

    Its first try may have committed its work and then failed to say so.
    """
    attempt = CURRENT.get()
    return attempt is not None and attempt.tries_before > 0


@dataclass
class StaffNotices:
    """At most one staff notice per error kind per window; the rest are counted."""

    window: float = STAFF_NOTICE_WINDOW
    clock: object = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def admit(self, kind: str) -> int | None:
        """None to stay quiet; else how many of this kind were held since the last notice."""
        now = self.clock()
        last = self._last.get(kind)
        if last is not None and now - last < self.window:
            self._held[kind] = self._held.get(kind, 0) + 1
            return None
        self._last[kind] = now
        return self._held.pop(kind, 0)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Notes an update's error for the inbox; logs and reports any other error."""
    attempt = CURRENT.get()
    if attempt is not None and isinstance(update, Update) \
            and update.update_id == attempt.update_id:
        attempt.error = context.error
        raise ApplicationHandlerStop  # no other handler group runs for this try
    logger.error("error outside an update (%s)", type(context.error).__name__,
                 exc_info=context.error)
    settings = services(context).settings
    await notify_staff(context.bot, context.application.bot_data, settings.staff_chat_id,
                       type(context.error).__name__)


async def notify_staff(bot: Bot, bot_data: dict, staff_chat_id: int | None, kind: str) -> bool:
    """Tells the staff group about an error kind, unless it heard of it in the window."""
    notices = bot_data.setdefault("staff_error_notices", StaffNotices())
    held = notices.admit(kind)
    if held is None or staff_chat_id is None:
        return False
    key = "staff_error_notice_more" if held else "staff_error_notice"
    try:
        await bot.send_message(staff_chat_id, text("zh", key, error=kind, count=held))
    except TelegramError:
        logger.warning("could not tell staff about a %s", kind)
        return False
    return True


async def tell_sender(bot: Bot, update: Update, key: str, default_language: str) -> bool:
    """One honest line to whoever sent the update, in their chat (and topic); True if sent."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return False
    private = chat.type == chat.PRIVATE
    lang = pick_language(user.language_code if user else None, default_language) \
        if private else "zh"
    key = key if private else f"staff_{key}"
    message = update.effective_message
    thread = message.message_thread_id if message is not None and chat.type != chat.PRIVATE \
        and message.is_topic_message else None
    try:
        await bot.send_message(chat.id, text(lang, key), message_thread_id=thread)
    except TelegramError:
        logger.warning("could not tell the sender of update %s", update.update_id)
        return False
    return True
