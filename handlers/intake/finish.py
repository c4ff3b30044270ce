"""How a conversation ends: a ticket, a joined ticket, an emergency, or cancelled."""

from __future__ import annotations

import logging

from telegram import ReplyKeyboardRemove

from domain import outbox
from domain.intake.draft import REVIEW, Draft
from domain.intake.drafts import drop_draft
from domain.intake.levels import Assessment
from domain.intake.opening import Opened, TicketGone, join_ticket, open_ticket
from domain.notices.subscriptions import onboard
from domain.staff.views import flat_of
from handlers.intake import card as resident_card
from handlers.intake.turn import Turn
from handlers.staff import card, topic
from handlers.texts import text

logger = logging.getLogger(__name__)


async def confirm(turn: Turn, key: str) -> None:
    """Opens the ticket (once per key) and promises its SLA."""
    opened = await open_ticket(turn.uow_factory, turn.draft, now=turn.now,
                               idempotency_key=key, chat_id=turn.chat_id)
    logger.info("intake: ticket %s opened (new=%s, with %d more)", opened.code, opened.new,
                len(opened.others))
    if opened.new:
        card.queue(turn.context, opened.ticket_id, emergency=False, group=opened.group)
        await _photos_to_topic(turn, opened)
        for other in opened.others:
            card.queue(turn.context, other.ticket_id, emergency=False, group=other.group)
    await say_opened(turn, opened)


async def _photos_to_topic(turn: Turn, opened: Opened) -> None:
    """The photos sent during the report go into the new ticket's topic, after its card."""
    for file_id in turn.draft.photos if turn.draft is not None else []:
        await topic.show_photo(turn.context, opened.ticket_id, file_id,
                               "staff_topic_intake_photo", redraw=False, code=opened.code)


async def say_opened(turn: Turn, opened: Opened) -> None:
    """Tells the resident the ticket's code and its deadlines (and notices, the first time)."""
    if opened.others:  # several problems: one line per ticket
        lines = [text(turn.lang, "opened_line", code=o.code,
                      respond=resident_card.duration(o.respond_due_at - turn.now, turn.lang),
                      resolve=resident_card.duration(o.resolve_due_at - turn.now, turn.lang))
                 for o in (opened, *opened.others)]
        body = text(turn.lang, "opened_several", n=len(lines), lines="\n".join(lines))
    else:
        body = text(turn.lang, "opened", code=opened.code,
                    respond=resident_card.duration(opened.respond_due_at - turn.now, turn.lang),
                    resolve=resident_card.duration(opened.resolve_due_at - turn.now, turn.lang))
    if await onboard(turn.uow_factory, turn.user_id):  # told once
        body = f"{body}\n\n{text(turn.lang, 'notices_onboard')}"
    await turn.context.bot.send_message(turn.chat_id, body, reply_markup=ReplyKeyboardRemove())


def opened_of(ticket) -> Opened:
    """What ``open_ticket`` said of a ticket, for a ticket found by its key."""
    return Opened(ticket.id, ticket.code, ticket.respond_due_at, ticket.resolve_due_at, False)


async def join(turn: Turn) -> str | None:
    """Joins the open ticket found for the draft; if it closed meanwhile, goes on alone."""
    try:
        opened = await join_ticket(turn.uow_factory, turn.draft, turn.draft.join_ticket_id,
                                   now=turn.now, chat_id=turn.chat_id)
    except TicketGone:
        turn.draft.join_ticket_id = None
        return REVIEW, "ticket_gone"
    logger.info("intake: joined ticket %s", opened.code)
    await turn.say("joined", ReplyKeyboardRemove(), code=opened.code)
    draft = turn.draft
    await topic.tell(turn.context, turn.draft.join_ticket_id, "staff_topic_joined",
                     code=opened.code, place=flat_of(draft.building, draft.unit, draft.room,
                                                     draft.place_text))
    return None


async def cancel(turn: Turn) -> None:
    """Drops the draft and says so."""
    had = await drop_draft(turn.uow_factory, turn.chat_id, turn.user_id)
    await turn.say("cancelled" if had else "nothing_to_cancel", ReplyKeyboardRemove())


async def emergency(turn: Turn, text: str, category: str | None, message_id: int,
                    found: Assessment) -> None:
    """Safety advice at once, then an emergency ticket from whatever is known (no form).

    The advice is the fired rules' (the general list when the classifier alone said so);
    the ticket carries the place, phone and time the message gave.
    """
    outbox.mark_urgent()  # its replies and its card go before everything else
    await turn.context.bot.send_message(
        turn.chat_id, resident_card.advice(turn.lang, found.rules, emergency=True))
    draft = turn.draft or turn.new_draft()
    draft.description = f"{draft.description}\n{text}".strip() if draft.description else text
    finer = category if category and "/" in category else None  # what the emergency is
    draft.category = found.category or finer or draft.category or category
    opened = await open_ticket(turn.uow_factory, draft, now=turn.now, emergency=True,
                               idempotency_key=f"emergency:{turn.chat_id}:{message_id}",
                               chat_id=turn.chat_id)
    logger.warning("intake: emergency ticket %s opened", opened.code)
    if opened.new:
        card.queue(turn.context, opened.ticket_id, emergency=True, group=opened.group)
        await _photos_to_topic(turn, opened)
    await turn.say("emergency_opened", code=opened.code,
                   respond=resident_card.duration(opened.respond_due_at - turn.now, turn.lang))


def start_draft(turn: Turn) -> Draft:
    """A new draft for the turn's resident."""
    return turn.new_draft()
