"""A draft's preview in the staff chat: typed in /notice, or made by the calendar's clock.

Calendar and 每月一题 drafts are posted here as they are made, with the same buttons as a
typed draft, so a supervisor approves one with a single tap ("send now").
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

from domain.errors import DomainError
from domain.notices import approval
from domain.notices.approval import Draft
from handlers.notices import staff_keyboards as kb
from handlers.notices.staff_compose import describe
from handlers.texts import text

logger = logging.getLogger(__name__)
LIMIT = 4000  # a Telegram message holds 4096


def body(lang: str, draft: Draft, count: int, intro: str = "", opted_out: int = 0) -> str:
    """The preview: topic, audience, emergency, the exact recipient count, both texts.

    An emergency says how many of its recipients opted out of ordinary notices (they are
    included because it is an emergency).
    """
    emergency = text(lang, "nx_yes" if draft.emergency else "nx_no")
    if draft.emergency:
        emergency += text(lang, "nx_preview_opted_out", count=opted_out)
    shown = text(lang, "nx_preview", id=draft.id, topic=text(lang, f"topic_{draft.topic}"),
                 audience=describe(lang, draft.audience), count=count, emergency=emergency,
                 text_zh=draft.text_zh, text_en=draft.text_en or "—")
    return ((intro + "\n\n" if intro else "") + shown)[:LIMIT]


async def show(uow_factory: Any, lang: str, notice_id: int, *, now: datetime,
               intro: str = "") -> str:
    """The draft's preview text, counted now (raises if the draft is not complete)."""
    draft, count = await approval.preview(uow_factory, notice_id, now=now)
    opted_out = await approval.opted_out(uow_factory, notice_id, now=now)
    return body(lang, draft, count, intro, opted_out)


async def post_drafts(bot: Bot, svc: Any, drafts: list[tuple[int, str]], *,
                      now: datetime) -> list[int]:
    """Posts each (notice id, intro) draft's preview to the staff chat; returns message ids.

    A draft that cannot be previewed (no topic yet, say) is announced without buttons: it
    waits in the database, and nothing is ever sent without a supervisor's approval.
    """
    chat, lang = svc.settings.staff_chat_id, svc.settings.default_language
    posted = []
    if chat is None:
        return posted
    for notice_id, intro in drafts:
        try:
            shown = await show(svc.uow_factory, lang, notice_id, now=now, intro=intro)
            message = await bot.send_message(chat, shown, reply_markup=kb.preview(lang, notice_id))
        except DomainError:
            logger.info("notices: draft %s is not complete; announced without buttons",
                        notice_id)
            message = await _announce(bot, chat, text(lang, "nx_draft_incomplete", id=notice_id,
                                                      intro=intro))
        except TelegramError:
            logger.warning("notices: preview of draft %s not posted", notice_id, exc_info=True)
            continue
        if message is not None:
            posted.append(message.message_id)
    return posted


async def _announce(bot: Bot, chat: int, body_text: str):
    try:
        return await bot.send_message(chat, body_text[:LIMIT])
    except TelegramError:
        logger.warning("notices: draft announcement not posted", exc_info=True)
        return None
