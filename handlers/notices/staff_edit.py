"""Changing a draft before approval, and ``/drafts``: the drafts waiting for a supervisor.

"✏️ 修改" on a preview (``nx:edit:<id>``) offers the Chinese or English text and, while
the draft is still a template's, its time and place (``nx:ed:<id>:<what>``); the member's
next message is the new value, stored, and the preview is posted again with its buttons.
``nx:show:<id>`` puts the preview back. Approval then sends exactly what the preview shows.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.notices import approval
from domain.notices.approval import NoticeGone
from domain.notices.templates import slot_value, slots_in
from handlers.common import services
from handlers.notices import staff_compose, staff_preview
from handlers.notices import staff_keyboards as kb
from handlers.staff.common import lang_of, now_of, refusal
from handlers.texts import text


async def menu(update: Update, context, notice_id: int, arg: str) -> None:
    """What to change: the texts, and a template's time and place."""
    if arg:
        raise NoticeGone(arg)
    draft = await approval.edit(services(context).uow_factory, update.effective_user.id,
                                notice_id)  # still a draft, and the presser is staff
    lang = lang_of(context)
    await update.callback_query.edit_message_text(
        text(lang, "nx_edit_menu", id=notice_id),
        reply_markup=kb.edits(lang, notice_id, slots_in(draft.text_zh)))


async def ask(update: Update, context, notice_id: int, what: str) -> None:
    """The member's next message is the new text, time or place."""
    if what not in approval.EDITS:
        raise NoticeGone(what)
    svc, user, lang = services(context), update.effective_user, lang_of(context)
    draft = await approval.edit(svc.uow_factory, user.id, notice_id)
    await approval.expect(svc.uow_factory, update.effective_chat.id, user.id, f"edit_{what}",
                          notice_id, now=now_of(context))
    current = {"zh": draft.text_zh, "en": draft.text_en or "—"}.get(what) \
        or slot_value(draft.text_zh, what) or "—"
    await update.callback_query.edit_message_text(
        text(lang, f"nx_ask_edit_{what}", id=notice_id, current=current))


async def show(update: Update, context, notice_id: int, arg: str) -> None:
    """The preview again, with its buttons."""
    if arg:
        raise NoticeGone(arg)
    draft, count = await approval.preview(services(context).uow_factory, notice_id,
                                          now=now_of(context))
    lang = lang_of(context)
    await update.callback_query.edit_message_text(staff_preview.body(lang, draft, count),
                                                  reply_markup=kb.preview(lang, notice_id))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A typed change of a draft; any other composing step goes on to ``staff_compose``."""
    svc, message, user = services(context), update.effective_message, update.effective_user
    step = await approval.waiting(svc.uow_factory, message.chat_id, user.id)
    if step is None or not step[0].startswith("edit_"):
        return await staff_compose.on_text(update, context)
    what, notice_id = step[0].removeprefix("edit_"), step[1]
    body = (message.text or "").strip()[:staff_compose.MAX_TEXT]
    try:
        if what in ("zh", "en"):
            await approval.change_text(svc.uow_factory, user.id, notice_id, what, body)
        else:
            await approval.change_slot(svc.uow_factory, user.id, notice_id, what, body)
        await approval.forget(svc.uow_factory, message.chat_id, user.id)
        draft, count = await approval.preview(svc.uow_factory, notice_id, now=now_of(context))
    except NoticeGone as error:
        await approval.forget(svc.uow_factory, message.chat_id, user.id)
        return await message.reply_text(refusal(context, update, error, f"edit {what}"))
    except DomainError as error:  # the step stays: the member may type it again
        return await message.reply_text(refusal(context, update, error, f"edit {what}"))
    lang = lang_of(context)
    await message.reply_text(staff_preview.body(lang, draft, count, text(lang, "nx_edited")),
                             reply_markup=kb.preview(lang, notice_id))


async def drafts(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/drafts: the newest drafts waiting for approval, each as its preview with buttons."""
    svc, message, lang = services(context), update.effective_message, lang_of(context)
    try:
        shown, total = await approval.waiting_drafts(svc.uow_factory, update.effective_user.id)
    except DomainError as error:
        return await message.reply_text(refusal(context, update, error, "/drafts"))
    if not shown:
        return await message.reply_text(text(lang, "nx_no_drafts"))
    await message.reply_text(text(lang, "nx_drafts_header", count=total, shown=len(shown)))
    await staff_preview.post_drafts(context.bot, svc, [(i, "") for i in shown],
                                    now=now_of(context))

