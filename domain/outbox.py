"""The outbox's rules: what the bot must still send, in which order, and what a crash means.

A handler does not send; it **collects** messages (``collect``), and they are written to
the outbox in the same transaction as the state change they report (``flush``, called by
whoever commits: the inbox for an update, a scheduled job for its work). A sender then
sends due rows (``claim`` … ``sent``/``unsure``/``refused``/``later``).

Delivery per kind (``AT_MOST_ONCE``): messages to residents are sent **at most once** — a
row whose send a crash or a timeout hid becomes ``uncertain``, is counted and shown to
staff, and is never sent again. Messages to staff are sent **at least once** — such a row
is sent again; a repeated card or reminder is harmless, a lost one is not.

Order and priority: rows of one **lane** (a private chat, or one ticket's topic) are sent
one at a time in the order they were written; across lanes the most urgent go first
(``EMERGENCY`` < ``REPLY`` < ``CARD`` < ``REST``); what the bot says in the staff group in
answer to a staff member's own command or press is a reply too (``Collector.asked_in``).
Plain values only: no Telegram, no SQL.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.ports import UowFactory

logger = logging.getLogger(__name__)

EMERGENCY, REPLY, CARD, REST = 0, 1, 2, 3
"""Priorities: emergency messages and cards, replies to residents, new cards, the rest."""

AT_MOST_ONCE = {
    "reply": True,            # an answer to what a resident just did
    "survey": True,           # a callback survey's first message
    "survey_reminder": True,  # its one reminder
    "notice": True,           # a message to a resident not prompted by them (a broadcast)
    "edit": False,            # a resident's message edited (a repeat changes nothing)
    "staff": False,           # a message into the staff group or a ticket's topic
    "card": False,            # a new ticket's card (and its topic)
    "card_edit": False,       # the card redrawn for the ticket's current state
    "order_card": False,      # a work order's card (and its topic) in its unit's group
    "reminder": False,        # an SLA reminder or escalation to staff
    "digest": False,          # the daily, weekly or monthly digest
}
"""Which kinds are at most once (residents) and which at least once (staff)."""

BATCH = 30
"""Rows claimed at a time, and the most in flight: one second at the overall limit (30/s)."""
LEASE = timedelta(seconds=30)
"""How long a claim holds at most; a row still ``sending`` after it lost its sender."""
HEARTBEAT = timedelta(seconds=2)
"""A sender renews its life this often; one silent for ``3 × HEARTBEAT`` is dead, and the
rows it held are settled then (after a crash: seconds, not the whole lease)."""
RETRY_AFTER = timedelta(seconds=5)
"""An at-least-once row whose send failed or was lost is tried again this much later."""
MAX_ATTEMPTS = 20
"""After this many tries an at-least-once row is given up (``failed``)."""
KEEP_SENT = timedelta(days=2)
KEEP_CLOSED = timedelta(days=30)


@dataclass
class Outgoing:
    """One message to write to the outbox (a Bot API call, or a kind rendered when sent)."""

    kind: str
    method: str
    chat_id: int
    params: dict[str, Any]
    priority: int = REST
    thread_id: int | None = None
    ticket_id: int | None = None
    blob: bytes | None = None
    dedupe: str | None = None
    hook: dict[str, Any] | None = None
    about_user: int | None = None
    delay: float = 0.0  # seconds after the commit before it is due (an album still arriving)


@dataclass
class Collector:
    """What one update's handlers (or one job) want sent, in order; ``urgent`` lifts replies."""

    items: list[Outgoing] = field(default_factory=list)
    urgent: bool = False
    kind: str | None = None  # the kind of what a job sends; None: a reply or a staff message
    asked_in: int | None = None  # the group a staff member's update came from (see collect)
    after_commit: list[Callable[[], Awaitable[Any]]] = field(default_factory=list)


COLLECTING: contextvars.ContextVar[Collector | None] = contextvars.ContextVar(
    "frontdoor_outbox_collector", default=None)


def collecting() -> Collector | None:
    """The collector of the update or job being handled, if any."""
    return COLLECTING.get()


def collect(item: Outgoing) -> bool:
    """Adds a message to the current collector; False when nothing collects (send directly)."""
    collector = COLLECTING.get()
    if collector is None:
        return False
    if collector.urgent and item.priority > EMERGENCY and item.kind == "reply":
        item.priority = EMERGENCY
    if item.kind == "staff" and item.chat_id == collector.asked_in and item.priority > REPLY:
        item.priority = REPLY  # a staff member's answer: before new cards and bulk posts
    collector.items.append(item)
    return True


@contextlib.contextmanager
def direct():
    """Sends inside this block go out at once, not to the outbox.

    For a live status message whose id is kept to edit it (a broadcast's progress), which
    is posted again if lost.
    """
    token = COLLECTING.set(None)
    try:
        yield
    finally:
        COLLECTING.reset(token)


def tag_last(*, kind: str | None = None, hook: dict[str, Any] | None = None,
             about_user: int | None = None, priority: int | None = None,
             key: str | None = None) -> bool:
    """Adds to the message collected last (a send the bot just captured); False if none.

    ``key``: a unique name to find the message's id by once it is sent (``sent_id``).
    """
    collector = COLLECTING.get()
    if collector is None or not collector.items:
        return False
    item = collector.items[-1]
    if kind is not None:
        item.kind = kind
    if hook is not None:
        item.hook = {**(item.hook or {}), **hook}
    if about_user is not None:
        item.about_user = about_user
    if priority is not None:
        item.priority = priority
    if key is not None:
        item.dedupe = key
    return True


def mark_urgent() -> None:
    """This update is an emergency: its replies go before everything else."""
    collector = COLLECTING.get()
    if collector is not None:
        collector.urgent = True
        for item in collector.items:
            if item.kind == "reply":
                item.priority = EMERGENCY


def card(chat_id: int, ticket_id: int, *, emergency: bool) -> Outgoing:
    """A new ticket's card (and its topic), drawn when it is sent."""
    return Outgoing("card", "card", chat_id, {"ticket": ticket_id},
                    priority=EMERGENCY if emergency else CARD, ticket_id=ticket_id,
                    hook={"card": ticket_id}, dedupe=f"card:{ticket_id}")


def card_edit(chat_id: int, ticket_id: int) -> Outgoing:
    """The card redrawn for the ticket's state when it is sent (edits waiting are one)."""
    return Outgoing("card_edit", "card_edit", chat_id, {"ticket": ticket_id},
                    ticket_id=ticket_id, dedupe=f"edit:{ticket_id}")


def order_card(chat_id: int, order_id: int) -> Outgoing:
    """A work order's card (and its topic) in its unit's group, drawn when it is sent."""
    return Outgoing("order_card", "order_card", chat_id, {"order": order_id},
                    priority=CARD, dedupe=f"order:{order_id}")


TOPIC_OF = "__topic_of__"
"""A param naming the ticket whose topic a staff message goes to, found when it is sent."""


def into_ticket_topic(ticket_id: int) -> bool:
    """The message collected last goes into the ticket's topic, after its card.

    It waits in the ticket's lane behind the card (which opens the topic), and the sender
    puts it in the topic the card opened: a row that depends on an earlier one's result.
    """
    collector = COLLECTING.get()
    if collector is None or not collector.items or collector.items[-1].chat_id > 0:
        return False
    item = collector.items[-1]
    item.ticket_id, item.thread_id = ticket_id, None
    item.params = {**item.params, "message_thread_id": None, TOPIC_OF: ticket_id}
    return True


ALBUM = "album"
"""A method rendered when sent: the photos of one album in one message group."""
ALBUM_WAIT = 2.0
"""Seconds an album waits for its other photos (they arrive as updates of their own)."""


def album_photo(chat_id: int, ticket_id: int, group: str, file_id: str, caption: str,
                about_user: int | None = None) -> bool:
    """Collects one photo of an album for the ticket's topic; the album goes as one.

    The first photo writes a row due ``ALBUM_WAIT`` later; the album's next photos (the same
    ``group``, handled before it is sent) are added to that row (``flush``).
    """
    return collect(Outgoing("staff", ALBUM, chat_id,
                            {"ticket": ticket_id, "photos": [file_id], "caption": caption},
                            ticket_id=ticket_id, dedupe=f"album:{chat_id}:{group}",
                            hook={"merge": True}, about_user=about_user, delay=ALBUM_WAIT))


def lane_of(item: Outgoing) -> str:
    """One chat, one ticket's card and topic, or one forum thread: one at a time, in order.

    In a group, what answers a staff member (``Collector.asked_in``) has a lane of its own:
    in order among themselves, not behind digests or drafts posted in bulk.
    """
    if item.ticket_id is not None and item.chat_id < 0:
        return f"{item.chat_id}:k{item.ticket_id}"
    if item.thread_id:
        return f"{item.chat_id}:t{item.thread_id}"
    if item.chat_id < 0 and item.kind == "staff" and item.priority <= REPLY:
        return f"{item.chat_id}:a"  # answers to staff: not behind the group's bulk posts
    return str(item.chat_id)


async def flush(uow, items: list[Outgoing], now: datetime) -> int:
    """Writes collected messages in the caller's transaction; returns how many rows.

    A card edit whose ticket has one waiting already is dropped: the waiting one is drawn
    from the ticket's state when it is sent, so it shows this change too. A photo of an
    album whose row waits already is added to it (``album_photo``).
    """
    if not items:
        return 0
    waiting = await uow.outbox.open_keys(i.dedupe for i in items if i.dedupe)
    rows = []
    for item in items:
        if item.dedupe:
            if item.dedupe in waiting:
                if (item.hook or {}).get("merge"):
                    await uow.outbox.add_photos(item.dedupe, item.params.get("photos", []))
                continue
            waiting.add(item.dedupe)
        rows.append({
            "kind": item.kind, "priority": item.priority,
            "at_most_once": AT_MOST_ONCE.get(item.kind, True), "method": item.method,
            "chat_id": item.chat_id, "lane": lane_of(item), "ticket_id": item.ticket_id,
            "params": item.params, "blob": item.blob, "dedupe": item.dedupe,
            "hook": item.hook, "about_user": item.about_user, "status": "pending",
            "attempts": 0, "due_at": now + timedelta(seconds=item.delay), "created_at": now})
    await uow.outbox.add_many(rows)
    return len(rows)


async def enqueue(uow_factory: UowFactory, items: list[Outgoing], now: datetime) -> int:
    """Writes messages in a transaction of their own (when nothing else is committed)."""
    async with uow_factory() as uow:
        count = await flush(uow, items, now)
        await uow.commit()
        return count


@dataclass(frozen=True)
class Claimed:
    """A row this sender holds: what to call, with what, and how to treat a failure."""

    id: int
    kind: str
    method: str
    chat_id: int
    lane: str
    priority: int
    at_most_once: bool
    ticket_id: int | None
    params: dict[str, Any]
    blob: bytes | None
    hook: dict[str, Any] | None
    attempts: int


def _claimed(row) -> Claimed:
    return Claimed(row.id, row.kind, row.method, row.chat_id, row.lane, row.priority,
                   row.at_most_once, row.ticket_id, dict(row.params or {}), row.blob,
                   row.hook, row.attempts + 1)


async def claim(uow_factory: UowFactory, *, now: datetime, token: str, limit: int,
                skip_lanes: set[str] = frozenset(), admit=None,
                passed: set[str] | None = None) -> list[Claimed]:
    """Claims up to ``limit`` due rows, the most urgent first, one per lane.

    ``admit(row)`` may refuse a row for now (its chat's rate window is full); it stays
    pending and is not counted. Lanes of due rows passed over are added to ``passed``. The
    claim is committed before anything is sent.
    """
    if limit <= 0:
        return []
    async with uow_factory() as uow:
        rows = await uow.outbox.due(now, limit * 4)
        chosen, lanes = [], set(skip_lanes)
        for row in rows:
            if row.lane in lanes or (admit is not None and not admit(row)):
                if passed is not None:
                    passed.add(row.lane)  # due, but not now: look again soon
                continue
            lanes.add(row.lane)
            chosen.append(row)
            if len(chosen) >= limit:
                break
        got = set(await uow.outbox.claim([r.id for r in chosen], token=token,
                                         until=now + LEASE))
        await uow.commit()
        return [_claimed(r) for r in chosen if r.id in got]


def _forget(row: Claimed) -> dict[str, Any]:
    """A closed row to a resident keeps no trace of whose chat it was."""
    return {"chat_id": 0, "lane": "-"} if row.chat_id > 0 else {}


async def _sent(uow, row: Claimed, token: str | None, message_id: int | None, now: datetime,
                hooks) -> None:
    if await uow.outbox.settle(row.id, token, status="sent", message_id=message_id,
                               sent_at=now, params=None, blob=None, claim_token=None,
                               claimed_until=None, error=None, **_forget(row)):
        await hooks.sent(uow, row, message_id, now)


async def _refused(uow, row: Claimed, token: str | None, error: str, now: datetime,
                   hooks) -> None:
    if await uow.outbox.settle(row.id, token, status="failed", error=error[:64],
                               params=None, blob=None, claim_token=None,
                               claimed_until=None, **_forget(row)):
        await hooks.refused(uow, row, now, error)


async def _later(uow, row: Claimed, token: str | None, due_at: datetime,
                 error: str | None) -> None:
    await uow.outbox.settle(row.id, token, status="pending", due_at=due_at,
                            claim_token=None, claimed_until=None,
                            error=(error or None) and error[:64])


async def _unsure(uow, row: Claimed, token: str | None, error: str, now: datetime,
                  hooks) -> bool:
    if row.at_most_once:
        done = await uow.outbox.settle(row.id, token, status="uncertain", error=error[:64],
                                       claim_token=None, claimed_until=None,
                                       params=None, blob=None, **_forget(row))
        if done:
            await hooks.uncertain(uow, row, now)
        return done
    if row.attempts >= MAX_ATTEMPTS:
        await uow.outbox.settle(row.id, token, status="failed", error=error[:64],
                                claim_token=None, claimed_until=None)
    else:
        await uow.outbox.settle(row.id, token, status="pending", error=error[:64],
                                due_at=now + RETRY_AFTER, claim_token=None, claimed_until=None)
    return False


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed row: ``sent``, ``refused``, ``later`` or ``unsure``."""

    row: Claimed
    what: str
    message_id: int | None = None
    due_at: datetime | None = None
    error: str = ""


async def settle_all(uow_factory: UowFactory, outcomes: list[Outcome], *, token: str | None,
                     now: datetime, hooks) -> list[Claimed]:
    """Records many outcomes in one transaction; returns the rows that became uncertain.

    A sender under load settles what finished meanwhile together: one transaction (on
    SQLite one turn of the write lock) for many messages.
    """
    uncertain = []
    async with uow_factory() as uow:
        for o in outcomes:
            if o.what == "sent":
                await _sent(uow, o.row, token, o.message_id, now, hooks)
            elif o.what == "refused":
                await _refused(uow, o.row, token, o.error, now, hooks)
            elif o.what == "later":
                await _later(uow, o.row, token, o.due_at or now, o.error)
            elif await _unsure(uow, o.row, token, o.error, now, hooks):
                uncertain.append(o.row)
        await uow.commit()
    return uncertain


async def sent(uow_factory: UowFactory, row: Claimed, *, token: str, message_id: int | None,
               now: datetime, hooks) -> None:
    """The message is out: its id is kept, its content forgotten, its hook told."""
    await settle_all(uow_factory, [Outcome(row, "sent", message_id=message_id)], token=token,
                     now=now, hooks=hooks)


async def refused(uow_factory: UowFactory, row: Claimed, *, token: str, error: str,
                  now: datetime, hooks) -> None:
    """Telegram refused the message (blocked, chat gone, bad request): never tried again."""
    await settle_all(uow_factory, [Outcome(row, "refused", error=error)], token=token,
                     now=now, hooks=hooks)


async def later(uow_factory: UowFactory, row: Claimed, *, token: str, due_at: datetime,
                error: str | None = None) -> None:
    """Certainly not sent (a 429, or not possible yet): pending again from ``due_at``."""
    await settle_all(uow_factory, [Outcome(row, "later", due_at=due_at, error=error or "")],
                     token=token, now=due_at, hooks=None)


async def unsure(uow_factory: UowFactory, row: Claimed, *, token: str | None, error: str,
                 now: datetime, hooks) -> bool:
    """The send may or may not have arrived; True when it became ``uncertain``.

    At most once: ``uncertain``, never sent again, its hook told. At least once: pending
    again after ``RETRY_AFTER`` (given up as ``failed`` after ``MAX_ATTEMPTS``).
    """
    return bool(await settle_all(uow_factory, [Outcome(row, "unsure", error=error)],
                                 token=token, now=now, hooks=hooks))


async def alive(uow_factory: UowFactory, token: str, now: datetime) -> None:
    """This sender is alive for three more heartbeats."""
    async with uow_factory() as uow:
        await uow.outbox.alive(token, now + 3 * HEARTBEAT)
        await uow.commit()


async def gone(uow_factory: UowFactory, token: str, now: datetime) -> None:
    """This sender stopped (its rows are settled)."""
    async with uow_factory() as uow:
        await uow.outbox.gone(token, now)
        await uow.commit()


async def in_flight(uow_factory: UowFactory) -> int:
    """Rows ``sending`` now, over every sender."""
    async with uow_factory() as uow:
        return await uow.outbox.in_flight()


async def settle_lapsed(uow_factory: UowFactory, *, now: datetime, hooks) -> list[Claimed]:
    """Settles rows whose sender died mid-send; returns those that became uncertain.

    Dead: its lease lapsed, or it stopped renewing its life. At most once → uncertain,
    at least once → sent again.
    """
    async with uow_factory() as uow:  # attempts as stored: the dead claim counted its try
        rows = [replace(_claimed(r), attempts=r.attempts) for r in await uow.outbox.lapsed(now)]
    if not rows:
        return []
    return await settle_all(uow_factory, [Outcome(r, "unsure", error="lease lapsed")
                                          for r in rows], token=None, now=now, hooks=hooks)


async def prune(uow_factory: UowFactory, now: datetime) -> int:
    """Deletes old rows; returns how many.

    Sent rows go after ``KEEP_SENT`` (unless about a resident: kept for erasure), uncertain
    or failed ones after ``KEEP_CLOSED``.
    """
    async with uow_factory() as uow:
        gone = await uow.outbox.prune(now - KEEP_SENT, now - KEEP_CLOSED)
        await uow.commit()
        return gone


async def topic_of(uow_factory: UowFactory, ticket_id: int) -> int | None:
    """The forum topic a ticket's card opened, if any (for ``TOPIC_OF`` rows)."""
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(ticket_id)
        return ticket.staff_thread_id if ticket is not None else None


async def sent_id(uow_factory: UowFactory, key: str) -> int | None:
    """The Telegram id of the message written with ``key`` (``tag_last``), once it is sent."""
    async with uow_factory() as uow:
        return await uow.outbox.sent_id(key)


async def waiting(uow_factory: UowFactory, kind: str) -> int:
    """How many rows of a kind are still to send (a feeder keeps this small)."""
    async with uow_factory() as uow:
        return await uow.outbox.open_count(kind)


async def counts(uow_factory: UowFactory) -> dict[str, int]:
    """Rows per status."""
    async with uow_factory() as uow:
        return await uow.outbox.counts()


@dataclass(frozen=True)
class Listed:
    """A row as operators see it: no contents."""

    id: int
    kind: str
    priority: int
    chat_id: int
    status: str
    attempts: int
    error: str | None
    created_at: datetime


async def listing(uow_factory: UowFactory, status: str | None = None,
                  limit: int = 50) -> tuple[list[Listed], dict[str, int]]:
    """The newest rows (of one status) and the counts per status."""
    async with uow_factory() as uow:
        rows = await uow.outbox.listing(status, limit)
        return ([Listed(r.id, r.kind, r.priority, r.chat_id, r.status, r.attempts, r.error,
                        r.created_at) for r in rows], await uow.outbox.counts())


@contextlib.asynccontextmanager
async def staged(begin, uow_factory: UowFactory, *, kind: str | None = None,
                 written: Callable[[], None] | None = None,
                 clock: Callable[[], datetime] | None = None) -> AsyncIterator[Collector]:
    """One transaction for a piece of work and the messages it collects.

    ``begin()`` opens the transaction every unit of work inside joins (the composition
    root's ``Services.transaction``). On leaving without an error, the collected messages are
    written and everything is committed together; ``written()`` then wakes the sender and
    the calls deferred to after the commit run (answers to buttons: the transaction is not
    held open across them). An error rolls both back and drops those calls.
    """
    collector = Collector(kind=kind)
    async with begin() as tx:
        token = COLLECTING.set(collector)
        try:
            yield collector
        finally:
            COLLECTING.reset(token)
        now = clock() if clock else datetime.now(UTC)
        async with uow_factory() as uow:
            await flush(uow, collector.items, now)
            await uow.commit()
        await tx.commit()
    if collector.items and written is not None:
        written()
    for call in collector.after_commit:  # e.g. answering a button: outside the transaction
        try:
            await call()
        except Exception:  # noqa: BLE001 - a courtesy that failed changes nothing stored
            logger.warning("outbox: a call after the commit failed", exc_info=True)
