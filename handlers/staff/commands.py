"""Staff commands in the group: lists, one ticket, hand-off end, and the staff roster."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.staff import handoff, queries, roster
from domain.staff.views import TicketView
from handlers.callback_ids import is_id
from handlers.common import services
from handlers.intake.card import category_name
from handlers.staff import card
from handlers.staff.buttons import tell_ended
from handlers.staff.common import lang_of, now_of, refusal
from handlers.staff.contact import send_contact
from handlers.staff.messages import thread_of
from handlers.texts import text

logger = logging.getLogger(__name__)


async def _reply(update: Update, context, body: str) -> None:
    await update.effective_message.reply_text(body[:4000])


def _lines(context, header: str, views: list[TicketView]) -> str:
    lang = lang_of(context)
    if not views:
        return text(lang, "staff_none")
    lines = [text(lang, "staff_line", code=v.code, state=text(lang, f"staff_state_{v.status}"),
                  category=category_name(v.category, lang).split(" · ")[-1], place=v.place,
                  assignee=v.assignee or "—") for v in views]
    return "\n".join([text(lang, header), *lines])


async def _guarded(update: Update, context, name: str, work) -> None:
    """Runs a command body; a domain refusal (e.g. not staff) is answered and logged."""
    try:
        await work()
    except DomainError as error:
        await _reply(update, context, refusal(context, update, error, f"/{name}"))


async def open_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/open: every open ticket."""
    async def work():
        svc = services(context)
        views = await queries.open_tickets(svc.uow_factory, update.effective_user.id,
                                           group=update.effective_chat.id,
                                           configured=svc.settings.staff_chat_id)
        await _reply(update, context, _lines(context, "staff_open_header", views))
    await _guarded(update, context, "open", work)


async def mine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mine: the asker's open tickets."""
    async def work():
        views = await queries.my_tickets(services(context).uow_factory, update.effective_user.id)
        await _reply(update, context, _lines(context, "staff_mine_header", views))
    await _guarded(update, context, "mine", work)


async def overdue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/overdue: open tickets past a deadline."""
    async def work():
        svc = services(context)
        views = await queries.overdue(svc.uow_factory, update.effective_user.id,
                                      now=now_of(context), group=update.effective_chat.id,
                                      configured=svc.settings.staff_chat_id)
        await _reply(update, context, _lines(context, "staff_overdue_header", views))
    await _guarded(update, context, "overdue", work)


async def ticket(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ticket CODE: the card; supervisors also get the full contact in private."""
    async def work():
        if not context.args:
            return await _reply(update, context, text(lang_of(context), "staff_ticket_usage"))
        view, _, contact = await queries.by_code(services(context).uow_factory,
                                                 update.effective_user.id, context.args[0])
        await update.effective_message.reply_text(card.render(context, view),
                                                  reply_markup=card.markup(context, view))
        await send_contact(context, update.effective_user, contact)
    await _guarded(update, context, "ticket", work)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help in the group: the staff commands."""
    async def work():
        await roster.find(services(context).uow_factory, update.effective_user.id)
        await _reply(update, context, text(lang_of(context), "staff_help"))
    await _guarded(update, context, "help", work)


async def end(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/end in a topic: ends its hand-off."""
    async def work():
        ended = await handoff.end(services(context).uow_factory, update.effective_user.id,
                                  thread_id=thread_of(update.effective_message),
                                  now=now_of(context))
        await tell_ended(context, update, ended)
    await _guarded(update, context, "end", work)


async def staff_add(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/staff_add USER_ID ROLE [NAME] (admins)."""
    async def work():
        args, lang = context.args or [], lang_of(context)
        if len(args) < 2 or not is_id(args[0]):
            return await _reply(update, context, text(lang, "staff_add_usage"))
        name = " ".join(args[2:]) or args[0]
        added = await roster.add_member(services(context).uow_factory, update.effective_user.id,
                                        int(args[0]), args[1].lower(), name)
        logger.info("staff: member %s added as %s", added.id, added.role)
        await _reply(update, context, text(lang, "staff_added", name=added.name,
                                           role=text(lang, f"staff_role_{added.role}")))
    await _guarded(update, context, "staff_add", work)


async def staff_remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/staff_remove USER_ID (admins)."""
    async def work():
        args, lang = context.args or [], lang_of(context)
        if len(args) != 1 or not is_id(args[0]):
            return await _reply(update, context, text(lang, "staff_remove_usage"))
        removed = await roster.remove_member(services(context).uow_factory,
                                             update.effective_user.id, int(args[0]))
        await _reply(update, context, text(lang, "staff_removed" if removed else "staff_not_found"))
    await _guarded(update, context, "staff_remove", work)


async def staff_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/staff_list: active members and roles."""
    async def work():
        lang = lang_of(context)
        members = await roster.list_members(services(context).uow_factory,
                                            update.effective_user.id)
        lines = [text(lang, "staff_list_line", name=m.name, role=text(lang, f"staff_role_{m.role}"),
                      user_id=m.telegram_user_id) for m in members]
        await _reply(update, context, "\n".join([text(lang, "staff_list_header"), *lines]))
    await _guarded(update, context, "staff_list", work)
