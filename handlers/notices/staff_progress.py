"""The staff side's tick: launches approved notices, keeps their progress messages.

One progress message per running notice in the staff chat, edited in place, ending as a
summary.

The group may receive ~20 messages a minute (edits count), so a tick edits at most one
live message (the one shown longest ago, at most every ``notice_staff_tick_seconds``);
summaries and first posts are rare and go at once.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from domain import outbox
from domain.notices import launch, progress
from domain.notices.progress import Progress, Tracked
from handlers import dates
from handlers.common import services
from handlers.notices import staff_keyboards as kb
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "notice-staff"
_busy: set[int] = set()  # services whose tick is running in this process


async def run_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback: ``tick`` at the current time."""
    svc = services(context)
    await tick(context.bot, svc, now=datetime.now(svc.settings.tz))


async def tick(bot: Bot, svc: Any, *, now: datetime) -> None:
    """Launches due notices, posts missing progress messages, edits what is due.

    The progress message is sent at once, not through the outbox (``outbox.direct``): its id
    is kept to edit it, and a tick posts it again if it was lost.
    """
    if svc.settings.staff_chat_id is None or id(svc) in _busy:
        return
    _busy.add(id(svc))
    try:
        await launch.launch_due(svc.uow_factory, now=now)
        with outbox.direct():
            for notice_id in await progress.to_post(svc.uow_factory):
                await _post(bot, svc, notice_id, now)
            every = timedelta(seconds=svc.settings.notice_staff_tick_seconds)
            for item in await progress.due_edits(svc.uow_factory, now=now, every=every):
                await refresh(bot, svc, item, now=now)
    finally:
        _busy.discard(id(svc))


async def _post(bot: Bot, svc: Any, notice_id: int, now: datetime) -> None:
    """The notice's first progress message."""
    shown = await progress.snapshot(svc.uow_factory, notice_id, now=now)
    body = render(svc.settings, shown)
    try:
        sent = await bot.send_message(svc.settings.staff_chat_id, body,
                                      reply_markup=kb.control(_lang(svc), notice_id, shown.status,
                                                              shown.held))
    except TelegramError:
        logger.warning("notices: progress of notice %s not posted", notice_id, exc_info=True)
        return
    await progress.posted(svc.uow_factory, notice_id, sent.message_id, _digest(body), now=now,
                          final=shown.final)


async def refresh(bot: Bot, svc: Any, item: Tracked, *, now: datetime) -> None:
    """Edits one progress message to show the notice now (the summary once it ended)."""
    shown = await progress.snapshot(svc.uow_factory, item.notice_id, now=now)
    body = render(svc.settings, shown)
    digest = _digest(body)
    if digest == item.digest and not shown.final:
        return await progress.touch(svc.uow_factory, item, now=now)
    try:
        await bot.edit_message_text(body, svc.settings.staff_chat_id, item.message_id,
                                    reply_markup=kb.control(_lang(svc), item.notice_id,
                                                            shown.status, shown.held))
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            logger.warning("notices: progress of notice %s not edited (%s)", item.notice_id,
                           error)
    except TelegramError:
        logger.warning("notices: progress of notice %s not edited", item.notice_id)
        return
    await progress.edited(svc.uow_factory, item, digest, final=shown.final, now=now)


def render(settings: Any, shown: Progress) -> str:
    """The progress message, or the summary with reasons once the notice ended."""
    lang = settings.default_language
    head = text(lang, "nx_progress_head", id=shown.notice_id,
                topic=text(lang, f"topic_{shown.topic}"),
                state=text(lang, f"nx_state_{shown.status}"))
    counts = dict(sent=shown.sent, failed=shown.failed, blocked=shown.blocked,
                  waiting=shown.waiting, left=shown.left, cancelled=shown.cancelled,
                  total=shown.total)
    if shown.final:
        lines = [head, text(lang, "nx_summary_counts", **counts)]
        if shown.reasons:
            lines.append(text(lang, "nx_summary_reasons"))
            lines += [text(lang, "nx_summary_reason", status=text(lang, f"nx_dstate_{s}"),
                           reason=(reason or "—")[:80], count=n)
                      for s, reason, n in shown.reasons[:8]]
        return "\n".join(lines)
    lines = [head, text(lang, "nx_progress_counts", **counts)]
    eta = shown.eta_seconds(settings.telegram_overall_per_second)
    if eta is not None:
        lines.append(_eta(lang, eta))
    if shown.waiting and shown.wake_at is not None:
        wake = dates.when(shown.wake_at, settings.tz, shown.at or datetime.now(settings.tz))
        lines.append(text(lang, "nx_progress_wake", at=wake))
    if shown.released:
        lines.append(text(lang, "nx_progress_released"))
    return "\n".join(lines)


def _eta(lang: str, seconds: float) -> str:
    """The time left, the wait for quiet hours to end included; hours when it is long."""
    seconds = int(round(seconds))
    if seconds >= 3600:
        return text(lang, "nx_progress_eta_hours", hours=seconds // 3600,
                    minutes=seconds % 3600 // 60)
    return text(lang, "nx_progress_eta", minutes=seconds // 60, seconds=seconds % 60)


def _lang(svc: Any) -> str:
    return svc.settings.default_language


def _digest(body: str) -> str:
    return hashlib.sha1(body.encode()).hexdigest()[:16]
