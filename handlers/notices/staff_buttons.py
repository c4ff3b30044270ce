"""The /notice flow's buttons, ``nx:<verb>:<notice id>[:<arg>]``, checked on the server.

Callback data is user input: the verb, the id and the argument are checked here, and the
notice's existence, its state and the presser's role in ``domain.notices``. A refused
press is answered with an alert and changes nothing.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.notices import approval, launch, progress
from domain.notices.approval import NoticeGone
from domain.notices.progress import Tracked
from domain.notices.templates import template
from handlers.callback_ids import is_id
from handlers.common import services
from handlers.notices import staff_edit, staff_preview, staff_progress
from handlers.notices import staff_keyboards as kb
from handlers.notices.staff_compose import expect_step
from handlers.staff.common import lang_of, now_of, refusal
from handlers.texts import text

logger = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Parses the data and runs the verb; anything malformed or refused changes nothing."""
    query = update.callback_query
    parts = (query.data or "").split(":")
    verb = parts[1] if len(parts) in (3, 4) else ""
    handler = _VERBS.get(verb)
    if handler is None or not is_id(parts[2]):
        logger.warning("notices: malformed nx button in update %s", update.update_id)
        return await query.answer(text(lang_of(context), "nx_stale"), show_alert=True)
    try:
        await handler(update, context, int(parts[2]), parts[3] if len(parts) == 4 else "")
    except DomainError as error:
        return await query.answer(refusal(context, update, error, f"nx:{verb}"), show_alert=True)
    await query.answer()


def _no_arg(arg: str) -> None:
    if arg:
        raise NoticeGone(arg)


async def _edit(update: Update, body: str, markup=None) -> None:
    await update.callback_query.edit_message_text(body, reply_markup=markup)


async def _write(update: Update, context, notice_id: int, arg: str) -> None:
    """The member's next message is the Chinese text."""
    _no_arg(arg)
    await approval.edit(services(context).uow_factory, update.effective_user.id, notice_id)
    await expect_step(update, context, "zh", notice_id)
    await _edit(update, text(lang_of(context), "nx_ask_zh", id=notice_id))


async def _template(update: Update, context, notice_id: int, key: str) -> None:
    """Fills the draft from a template, then asks for the topic."""
    chosen = template(key)
    if chosen is None:
        raise NoticeGone(key)
    lang = lang_of(context)
    await approval.use_template(services(context).uow_factory, update.effective_user.id,
                                notice_id, chosen)
    await _edit(update, text(lang, "nx_template_used", text=chosen.text_zh,
                             topic=text(lang, f"topic_{chosen.topic}")),
                kb.topics(lang, notice_id))


async def _skip(update: Update, context, notice_id: int, arg: str) -> None:
    """No English text: on to the topic."""
    _no_arg(arg)
    svc, user = services(context), update.effective_user
    await approval.edit(svc.uow_factory, user.id, notice_id, text_en=None)
    await approval.forget(svc.uow_factory, update.effective_chat.id, user.id)
    await _edit(update, text(lang_of(context), "nx_ask_topic"),
                kb.topics(lang_of(context), notice_id))


async def _topic(update: Update, context, notice_id: int, topic: str) -> None:
    """Stores the topic, then asks for the audience."""
    await approval.edit(services(context).uow_factory, update.effective_user.id, notice_id,
                        topic=topic)
    lang = lang_of(context)
    await _edit(update, text(lang, "nx_ask_audience", topic=text(lang, f"topic_{topic}")),
                kb.audience(lang, notice_id))


async def _audience(update: Update, context, notice_id: int, kind: str) -> None:
    """Everyone subscribed (then emergency?), or ask for places or a category."""
    if kind not in kb.AUDIENCES:
        raise NoticeGone(kind)
    lang, uow_factory = lang_of(context), services(context).uow_factory
    if kind == "all":
        await approval.edit(uow_factory, update.effective_user.id, notice_id,
                            audience={"kind": "all"})
        return await _edit(update, text(lang, "nx_ask_emergency"), kb.emergency(lang, notice_id))
    await approval.edit(uow_factory, update.effective_user.id, notice_id)  # still a draft?
    await expect_step(update, context, "place" if kind == "place" else "category", notice_id)
    await _edit(update, text(lang, "nx_ask_place" if kind == "place" else "nx_ask_category"))


async def _emergency(update: Update, context, notice_id: int, flag: str) -> None:
    """Stores emergency or not; shows the preview with the exact recipient count."""
    if flag not in ("0", "1"):
        raise NoticeGone(flag)
    svc, lang = services(context), lang_of(context)
    await approval.edit(svc.uow_factory, update.effective_user.id, notice_id,
                        emergency=flag == "1")
    shown = await staff_preview.show(svc.uow_factory, lang, notice_id, now=now_of(context))
    await _edit(update, shown, kb.preview(lang, notice_id))


async def _now(update: Update, context, notice_id: int, arg: str) -> None:
    """A supervisor approves for now: launched at once, with its progress message."""
    _no_arg(arg)
    svc, now = services(context), now_of(context)
    if await approval.approved_by(svc.uow_factory, update.effective_user.id, notice_id):
        return  # a second tap of the same button: done already
    await approval.approve(svc.uow_factory, update.effective_user.id, notice_id, now=now)
    logger.info("notices: notice %s approved to send now (update %s)", notice_id,
                update.update_id)
    await _edit(update, text(lang_of(context), "nx_approved_now", id=notice_id))
    await staff_progress.tick(context.bot, svc, now=now)


async def _at(update: Update, context, notice_id: int, arg: str) -> None:
    """A supervisor will type the send time."""
    _no_arg(arg)
    uow_factory, chat = services(context).uow_factory, update.effective_chat.id
    await approval.check_approver(uow_factory, update.effective_user.id, notice_id)
    if await approval.waiting(uow_factory, chat, update.effective_user.id) == ("when", notice_id):
        return  # a second tap: the question is asked already
    await expect_step(update, context, "when", notice_id)
    await context.bot.send_message(update.effective_chat.id,
                                   text(lang_of(context), "nx_ask_when", id=notice_id))


async def _drop(update: Update, context, notice_id: int, arg: str) -> None:
    """Drops the draft."""
    _no_arg(arg)
    svc, user = services(context), update.effective_user
    if await approval.dropped(svc.uow_factory, notice_id):
        return  # a second tap: dropped already
    await approval.discard(svc.uow_factory, user.id, notice_id, now=now_of(context))
    await approval.forget(svc.uow_factory, update.effective_chat.id, user.id)
    await _edit(update, text(lang_of(context), "nx_dropped", id=notice_id))


async def _control(update: Update, context, notice_id: int, action: str) -> None:
    """Pause, resume or cancel; the pressed message shows the result at once."""
    svc, now = services(context), now_of(context)
    status = await launch.control(svc.uow_factory, update.effective_user.id, notice_id,
                                  action, now=now)
    pressed = update.callback_query.message.message_id
    if await progress.message_of(svc.uow_factory, notice_id) == pressed:
        return await staff_progress.refresh(context.bot, svc, Tracked(notice_id, pressed, ""),
                                            now=now)
    await _edit(update, text(lang_of(context), "nx_cancelled_before", id=notice_id,
                             state=text(lang_of(context), f"nx_state_{status}")))


async def _pause(update, context, notice_id: int, arg: str) -> None:
    _no_arg(arg)
    await _control(update, context, notice_id, "pause")


async def _resume(update, context, notice_id: int, arg: str) -> None:
    _no_arg(arg)
    await _control(update, context, notice_id, "resume")


async def _cancel(update, context, notice_id: int, arg: str) -> None:
    _no_arg(arg)
    await _control(update, context, notice_id, "cancel")


async def _anyway(update, context, notice_id: int, arg: str) -> None:
    """A supervisor sends a notice held for quiet hours now; its progress message shows it."""
    _no_arg(arg)
    svc, now = services(context), now_of(context)
    await launch.send_anyway(svc.uow_factory, update.effective_user.id, notice_id, now=now)
    pressed = update.callback_query.message.message_id
    if await progress.message_of(svc.uow_factory, notice_id) == pressed:
        await staff_progress.refresh(context.bot, svc, Tracked(notice_id, pressed, ""), now=now)


_VERBS = {"write": _write, "tpl": _template, "skip": _skip, "topic": _topic, "aud": _audience,
          "emg": _emergency, "now": _now, "at": _at, "drop": _drop, "pause": _pause,
          "resume": _resume, "cancel": _cancel, "anyway": _anyway, "edit": staff_edit.menu,
          "ed": staff_edit.ask, "show": staff_edit.show}
