"""Sends the outbox: due rows in small batches, the most urgent first, each outcome recorded.

At most ``BATCH`` rows are in flight (claimed and not yet settled) at any moment, over all
senders (processes): one second at the overall limit. A row is claimed (committed
``sending``) before it is sent, and settled after: ``sent`` with its message id,
``pending`` again when Telegram certainly did not take it (a 429), ``failed`` when Telegram
refused it, and otherwise (a timeout, a lost connection, a crash found later: its sender
stopped renewing its life, or the lease lapsed) ``uncertain`` for a resident's message, or
sent again for a staff one. Rows of one lane go one at a time, in order.

Into a group, Telegram allows about 20 messages a minute. The sender keeps its own window
per group and leaves the last ``GROUP_RESERVE`` places of it to emergencies, so an
emergency card is not queued behind a minute of ordinary ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application

from bot.events import wake_or_timeout
from bot.rate_limit import REPLYING_TO
from domain import outbox, runtime
from domain.outbox import BATCH, EMERGENCY, HEARTBEAT, Claimed, Outcome
from storage.errors import is_transient
from storage.models import utcnow

logger = logging.getLogger(__name__)
IDLE_LOOK = 0.5  # seconds between looks when nothing woke the sender
SETTLE_EVERY = HEARTBEAT.total_seconds()  # renew this sender's life, settle dead ones
PRUNE_EVERY = 600.0
GROUP_RESERVE = 2  # of a group's 20 a minute, kept for emergencies (a card and its topic)
NOT_MODIFIED = "not modified"
REPLIES = ("reply", "edit")  # kinds that answer the resident's own update
NEVER_LEFT = ("ConnectError", "ConnectTimeout", "PoolTimeout")
Deliver = Callable[[Application, Claimed], Awaitable[int | None]]
Listen = Callable[[Callable[[], None]], Awaitable[Any]]  # a wake-up channel from other processes


class GroupWindow:
    """Messages sent into each group in the last minute; emergencies get the last places."""

    def __init__(self, per_minute: int, reserve: int = GROUP_RESERVE) -> None:
        self.limit, self.reserve = per_minute, min(reserve, per_minute - 1)
        self._sent: dict[int, deque[float]] = defaultdict(deque)

    def admit(self, chat_id: int, priority: int, now: float, cost: int = 1) -> bool:
        """True (and counted) if ``cost`` more messages into this chat keep within its minute.

        A new card costs 2: its topic's service message counts too.
        """
        if chat_id > 0:
            return True  # private chats: the rate limiter's pace per chat
        sent = self._sent[chat_id]
        while sent and sent[0] <= now - 60.0:
            sent.popleft()
        room = self.limit if priority <= EMERGENCY else self.limit - self.reserve
        if len(sent) + cost > room:
            return False
        sent.extend([now] * cost)
        return True


class Sender:
    """Runs until stopped; ``poke()`` after a commit that wrote rows sends them at once.

    Of several processes, only the one holding the ``outbox-sender`` lease sends
    (``domain/runtime``): the bot's rate limits are per bot, and one limiter keeps them. The
    others write the outbox and wake it through ``listen`` (PostgreSQL's LISTEN/NOTIFY); they
    take the lease over within seconds when its holder dies, at once when it stops cleanly.
    """

    def __init__(self, app: Application, uow_factory, hooks, *,
                 deliver: dict[str, Deliver] | None = None, group_per_minute: int = 20,
                 batch: int = BATCH, listen: Listen | None = None) -> None:
        self.app, self.uow_factory, self.hooks = app, uow_factory, hooks
        self.deliver = deliver or {}
        self.batch = batch
        self.token = f"out-{os.getpid()}-{uuid.uuid4().hex[:12]}"  # the pid: for operators
        self.window = GroupWindow(group_per_minute)
        self._flying: dict[int, asyncio.Task] = {}
        self._lanes: set[str] = set()
        self._wake = asyncio.Event()
        self._settle_wake = asyncio.Event()
        self._settler: asyncio.Task | None = None
        self._outcomes: list[Outcome] = []
        self._more = True  # rows may be due now (poked, or the last look found some)
        self._last_look = 0.0
        self.max_in_flight = 0
        self.sent = 0
        self._db_down_logged = False
        self.listen = listen
        limiter = getattr(app.bot, "rate_limiter", None)
        self.pace: Callable[[int], float] | None = getattr(limiter, "chat_wait", None)
        self._listener: Any = None
        self._lead_until = 0.0  # loop time until which this process surely holds the lease
        self._look_timer: asyncio.TimerHandle | None = None

    @property
    def leading(self) -> bool:
        """True while this process holds the sender's lease (it sends the outbox)."""
        return asyncio.get_running_loop().time() < self._lead_until

    def poke(self) -> None:
        """Rows were committed: look now."""
        self._more = True
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Sends until ``stop``; then lets what is in flight finish (its outcome recorded)."""
        self._settler = asyncio.create_task(self._settle_loop(), name="outbox-settle")
        loop = asyncio.get_running_loop()
        last_settle, last_prune = -SETTLE_EVERY, 0.0
        while not stop.is_set():
            self._wake.clear()
            if self._settler.done():
                self._settler.result()  # it died: stop the bot with its error
            try:
                if loop.time() - last_settle >= SETTLE_EVERY:
                    last_settle = loop.time()
                    await self._renew_lead()
                    if self.leading:
                        await outbox.alive(self.uow_factory, self.token, utcnow())
                        await self._settle_lapsed()
                if not self.leading:
                    await wake_or_timeout(self._wake, stop, SETTLE_EVERY)
                    continue
                if loop.time() - last_prune > PRUNE_EVERY:
                    last_prune = loop.time()
                    await outbox.prune(self.uow_factory, utcnow())
                await self._claim_and_send()
                self._db_down_logged = False
            except Exception as error:
                if not is_transient(error):
                    raise
                if not self._db_down_logged:
                    logger.warning("outbox: database unavailable (%s); waiting",
                                   type(error).__name__)
                    self._db_down_logged = True
            await wake_or_timeout(self._wake, stop, IDLE_LOOK)
        await self.drain()

    async def _renew_lead(self) -> None:
        """Takes or renews the lease; starts listening for other processes' rows once held."""
        loop = asyncio.get_running_loop()
        asked = loop.time()
        was = self.leading
        if not await runtime.lead(self.uow_factory, runtime.SENDER, self.token, utcnow()):
            self._lead_until = 0.0
            if was:
                logger.warning("outbox: another process sends now")
            return
        # surely held until a second before it could lapse (asked before it was renewed)
        self._lead_until = asked + runtime.LEASE_FOR.total_seconds() - 1.0
        if not was:
            logger.info("outbox: this process sends the outbox")
            self._more = True
        if self.listen is not None and (self._listener is None or _closed(self._listener)):
            try:
                self._listener = await self.listen(self.poke)
            except Exception as error:  # noqa: BLE001 - looks every IDLE_LOOK meanwhile
                self._listener = None
                logger.warning("outbox: cannot listen for other processes (%s)",
                               type(error).__name__)

    async def drain(self, timeout: float = 10.0) -> None:
        """Waits for the sends in flight and for their outcomes to be recorded."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        tasks = [t for t in self._flying.values() if not t.done()]
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        while self._flying and loop.time() < deadline and self._settler is not None \
                and not self._settler.done():
            self._settle_wake.set()
            await asyncio.sleep(0.05)
        if self._settler is not None:
            self._settler.cancel()
            await asyncio.gather(self._settler, return_exceptions=True)
        if self._listener is not None:
            with contextlib.suppress(Exception):
                await self._listener.close()
        with contextlib.suppress(Exception):  # the database may be gone: the lease still ends
            await outbox.gone(self.uow_factory, self.token, utcnow())
            await runtime.release(self.uow_factory, runtime.SENDER, self.token)

    async def _settle_lapsed(self) -> None:
        lost = await outbox.settle_lapsed(self.uow_factory, now=utcnow(), hooks=self.hooks)
        if lost:
            logger.warning("outbox: %d messages to residents are uncertain after a crash",
                           len(lost))

    async def _claim_and_send(self) -> None:
        """Claims and starts what is due.

        A look that finds nothing is not repeated until something is written (``poke``), or
        ``IDLE_LOOK`` later (retries due, other processes' rows): on SQLite every look takes
        the write lock.
        """
        loop = asyncio.get_running_loop()
        if not self._more and loop.time() - self._last_look < IDLE_LOOK:
            return
        if self.batch - len(self._flying) <= 0:
            return
        free = self.batch - await outbox.in_flight(self.uow_factory)  # every sender's
        if free <= 0:
            return
        self._last_look, self._more, passed = loop.time(), False, set()
        paced: list[float] = []
        rows = await outbox.claim(
            self.uow_factory, now=utcnow(), token=self.token, limit=free,
            skip_lanes=self._lanes, passed=passed,
            admit=lambda row: self._admit(row, loop.time(), paced))
        if paced:  # a private chat at its pace: look again the moment it may get one more
            self._look_again_in(min(paced) + 0.01)
        # more may follow: later rows of the lanes just taken, or lanes passed over
        self._more = bool(rows) or bool(passed & self._lanes)
        for row in rows:
            self._lanes.add(row.lane)
            task = asyncio.create_task(self._send(row), name=f"outbox-{row.id}")
            self._flying[row.id] = task
        self.max_in_flight = max(self.max_in_flight, len(self._flying))

    def _look_again_in(self, seconds: float) -> None:
        """One timer for the next look (not one more per look while a chat is paced)."""
        loop = asyncio.get_running_loop()
        at = loop.time() + seconds
        timer = self._look_timer
        if timer is not None and not timer.cancelled() and loop.time() < timer.when() <= at:
            return  # an earlier look is still to come
        if timer is not None:
            timer.cancel()
        self._look_timer = loop.call_at(at, self.poke)

    def _admit(self, row, now: float, paced: list[float]) -> bool:
        """Whether to claim ``row`` now: its group's minute or its chat's pace has room.

        A row to a private chat that must wait for the chat's pace (a resident who sent
        several messages at once) is left pending rather than claimed to wait in flight,
        where it would hold one of the ``BATCH`` places everyone's replies need.
        """
        if row.chat_id > 0 and self.pace is not None:
            wait = self.pace(row.chat_id)
            if wait > 0:
                paced.append(wait)
                return False
        cost = 2 if row.kind == "card" else (  # a new card opens its topic too
            len((row.params or {}).get("photos", [])) or 1 if row.method == outbox.ALBUM else 1)
        return self.window.admit(row.chat_id, row.priority, now, cost)

    async def _send(self, row: Claimed) -> None:
        try:
            outcome = await self._send_once(row)
        except Exception as error:  # noqa: BLE001 - a bug in a deliverer: it may have sent
            logger.exception("outbox: row %s failed in the sender", row.id)
            outcome = Outcome(row, "unsure", error=type(error).__name__)
        self._outcomes.append(outcome)
        self._settle_wake.set()

    async def _settle_loop(self) -> None:
        """Records outcomes as sends finish, all that finished meanwhile in one transaction.

        A lane and its place in flight are free once its row is recorded.
        """
        while True:
            await self._settle_wake.wait()
            self._settle_wake.clear()
            if not self._outcomes:
                continue
            batch, self._outcomes = self._outcomes, []
            try:
                lost = await outbox.settle_all(self.uow_factory, batch, token=self.token,
                                               now=utcnow(), hooks=self.hooks)
            except Exception as error:
                if not is_transient(error):
                    raise
                self._outcomes = batch + self._outcomes  # kept: recorded when it is back
                await asyncio.sleep(0.5)
                continue
            for outcome in batch:
                row = outcome.row
                self._flying.pop(row.id, None)
                self._lanes.discard(row.lane)
                self.sent += outcome.what == "sent"
                if outcome.what == "refused":
                    logger.warning("outbox: %s row %s refused (%s)", row.kind, row.id,
                                   outcome.error[:80])
            if lost:
                logger.warning("outbox: %d messages to residents uncertain (%s)", len(lost),
                               ", ".join(sorted({r.kind for r in lost})))
            self._more = True
            self._wake.set()

    async def _send_once(self, row: Claimed) -> Outcome:
        # an answer to what the resident just did is not bulk: it skips the 30/s window
        token = REPLYING_TO.set(row.chat_id if row.kind in REPLIES else None)
        try:
            message_id = await self._call(row)
        except RetryAfter as error:  # certainly not taken
            wait = error.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return Outcome(row, "later", due_at=utcnow() + timedelta(seconds=seconds),
                           error="429")
        except Forbidden as error:
            return Outcome(row, "refused", error=str(error))
        except BadRequest as error:
            if NOT_MODIFIED in str(error).lower():
                return Outcome(row, "sent")
            return Outcome(row, "refused", error=str(error))
        except (NetworkError, TelegramError, OSError) as error:
            if _never_left(error):  # no connection was made: certainly not sent
                return Outcome(row, "later", due_at=utcnow() + timedelta(seconds=2),
                               error=type(error).__name__)
            return Outcome(row, "unsure", error=type(error).__name__)
        finally:
            REPLYING_TO.reset(token)
        return Outcome(row, "sent", message_id=message_id)

    async def _call(self, row: Claimed) -> int | None:
        special = self.deliver.get(row.method)
        if special is not None:
            return await special(self.app, row)
        params = row.params
        if outbox.TOPIC_OF in params:  # into the topic the ticket's card opened (before it)
            params = {k: v for k, v in params.items() if k != outbox.TOPIC_OF}
            thread = await outbox.topic_of(self.uow_factory, int(row.params[outbox.TOPIC_OF]))
            params["message_thread_id"] = str(thread) if thread else None
        result = await self.app.bot.post_stored(row.method, params, row.blob)
        return _message_id(result)


def _closed(listener: Any) -> bool:
    is_closed = getattr(listener, "is_closed", None)
    return bool(is_closed()) if callable(is_closed) else False


def _never_left(error: BaseException) -> bool:
    """A failure before the request reached Telegram (connecting, or waiting to).

    Anything later (a timeout reading the answer, a 502) may have been sent.
    """
    return isinstance(error, NetworkError) and not isinstance(error, TimedOut) and any(
        name in str(error) for name in NEVER_LEFT)


def _message_id(result: Any) -> int | None:
    if isinstance(result, dict):
        value = result.get("message_id")
        return int(value) if value is not None else None
    return None
