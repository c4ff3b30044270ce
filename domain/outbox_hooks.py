"""What an outbox row's outcome changes elsewhere.

A survey sent, a card's or a digest's message id, a reminder that could not reach a person
going to the staff group instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.notices import broadcast
from domain.outbox import Claimed, Outgoing, flush
from domain.surveys import Timing
from domain.surveys import outbox as surveys


@dataclass
class Hooks:
    """Called by the outbox in the transaction that records a row's outcome.

    ``tell_staff(row)`` renders the staff notice for a resident's message that became
    ``uncertain`` (texts live in handlers); None says nothing.
    """

    timing: Timing
    tell_staff: Callable[[Claimed], Outgoing | None] = lambda row: None

    async def sent(self, uow, row: Claimed, message_id: int | None, now: datetime) -> None:
        """The row was sent: record what depended on its message id."""
        hook = row.hook or {}
        if "survey" in hook:
            await surveys.on_sent(uow, hook["survey"], message_id=message_id, now=now,
                                  timing=self.timing)
        if "card" in hook:
            ticket = await uow.tickets.get(hook["card"])
            if ticket is not None:
                ticket.staff_chat_message_id = message_id
        if "delivery" in hook:
            await broadcast.on_sent(uow, hook["delivery"], message_id=message_id, now=now)
        if "digest" in hook:
            digest = await uow.digests.get(hook["digest"])
            if digest is not None:
                digest.message_id = message_id

    async def refused(self, uow, row: Claimed, now: datetime, error: str = "") -> None:
        """Telegram refused the row: a survey counts as no answer; a fallback is written."""
        hook = row.hook or {}
        if "delivery" in hook:
            await broadcast.on_refused(uow, hook["delivery"], error=error)
        if "survey" in hook:
            await surveys.on_refused(uow, hook["survey"], now=now)
        fallback = hook.get("fallback")
        if fallback:
            params = {**row.params, "chat_id": str(fallback["chat"]),
                      "message_thread_id": fallback.get("thread")}
            if fallback.get("text"):  # something else to say there (not the message itself)
                params = {"chat_id": str(fallback["chat"]), "text": fallback["text"],
                          "message_thread_id": fallback.get("thread")}
            await flush(uow, [Outgoing(row.kind, row.method, fallback["chat"], params,
                                       priority=row.priority, thread_id=fallback.get("thread"),
                                       dedupe=fallback.get("key"))], now)

    async def uncertain(self, uow, row: Claimed, now: datetime) -> None:
        """A crash or timeout hid the outcome: the survey is uncertain; staff are told."""
        hook = row.hook or {}
        if "survey" in hook:
            await surveys.on_uncertain(uow, hook["survey"], now=now, timing=self.timing)
        if "delivery" in hook:
            await broadcast.on_uncertain(uow, hook["delivery"])
            return  # counted in the notice's progress message, not one line each
        notice = self.tell_staff(row)
        if notice is not None:
            await flush(uow, [notice], now)
