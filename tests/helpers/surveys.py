"""Callback-survey helpers for end-to-end tests: resolve a ticket, read surveys, press."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from bot.localapi.client import ControlClient
from handlers import surveys as survey_handlers
from tests.helpers.botharness import STAFF_CHAT_ID, settled
from tests.helpers.resident import tickets
from tests.helpers.staff import WORKER, open_ticket, press, ticket_of_card


async def resolved_ticket(control: ControlClient, app, user_id: int, note: str = "已更换暖气阀门"):
    """A resident reports, 王 claims and resolves; returns (resident, card, ticket)."""
    resident, card = await open_ticket(control, user_id)
    ticket = await ticket_of_card(app, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, note, chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    [ticket] = [t for t in await tickets(app) if t.id == ticket.id]
    return resident, card, ticket


async def surveys_of(app, ticket_id: int) -> list:
    """The ticket's survey rows, by round and resident (detached snapshots)."""
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.surveys.list_for_ticket(ticket_id)
        return [{c: getattr(s, c) for c in s.__table__.columns.keys()} for s in rows]


async def events_of(app, ticket_id: int, kind: str | None = None) -> list:
    """The ticket's audit events (optionally of one kind)."""
    async with app.bot_data["services"].uow_factory() as uow:
        return [SimpleNamespace(**{c: getattr(e, c) for c in e.__table__.columns.keys()})
                for e in await uow.events.list_for_ticket(ticket_id, kind)]


async def answer(control: ControlClient, user_id: int, message: dict, data: str,
                 chat_id: int | None = None, forge: bool = False) -> dict:
    """Presses a survey button and waits until the bot has answered the query."""
    where = {"chat_id": chat_id} if chat_id is not None else {}
    pressed = await control.press(user_id, message["message_id"], data, forge=forge, **where)
    await control.wait_for_change(chat_id if chat_id is not None else user_id, pressed["seq"])
    await settled()  # the answer is committed (with what it made the bot say)
    return pressed


async def sent_survey(control: ControlClient, app, resident, now=None) -> dict:
    """Runs the survey tick (now, or at ``now``); returns the survey the resident received."""
    services = app.bot_data["services"]
    after = await resident.newest_id()
    await tick(app.bot, services, now=now or datetime.now(services.settings.tz))
    return (await control.wait_for_bot_messages(resident.user_id, after=after))[-1]


async def tick(bot, svc, **kwargs) -> int:
    """The survey tick, then until the outbox has sent what it wrote."""
    queued = await survey_handlers.tick(bot, svc, **kwargs)
    await settled()
    return queued
