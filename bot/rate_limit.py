"""Telegram's rate limits, kept in any window, not just on average.

PTB's ``AIORateLimiter`` is a leaky bucket per scope: with capacity ``c`` and rate ``r`` it
lets ``c + r·T`` messages through in a window ``T``, so for a group (20 a minute) it must
either admit bursts that break the limit or trickle one message every 3 s. Here the group
limit is a sliding window (20 at once into a quiet group, the 21st when the first is a
minute old) and the overall limit a token bucket with a small burst (see
``SlidingWindowRateLimiter``).

Counted are the calls that put a message into a chat (``send*``, ``copy*``, ``forward*``,
``edit*`` — Telegram counts edits in groups too — and ``createForumTopic``, which posts a
service message); others (answering a button, reading a chat) pass freely. Messages sent
with ``allow_paid_broadcast`` count against a window of their own (``paid_per_second``).

Telegram's 30 a second is for bulk notifications; a reply to the user whose update the bot
is handling is not bulk ("if you are just responding to messages from users", Bots FAQ and
tdlib/td#3034). So a message into the private chat of the update being handled
(``REPLYING_TO``, set by ``bot.inbox.dispatcher``) skips the overall window. Every chat,
private or group, keeps its pace: a burst of ``chat_burst``, then ``chat_per_second``.

A 429 that still comes back pauses its scope for ``retry_after``: the group it was sent to
(a busy staff group never holds up residents' private chats), the chat of a reply (its
pace, not the bulk limit), or every bulk message otherwise. The request is retried up to
``max_retries`` times (or ``rate_limit_args`` times), then raised. A caller with a
durable retry of its own passes a negative ``rate_limit_args`` (PTB drops a 0): no retry,
and while its scope is paused it gets ``RetryAfter`` at once instead of waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import math
from collections import defaultdict, deque
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)
COUNTED_PREFIXES = ("send", "copy", "forward", "edit")
COUNTED = {"createForumTopic"}
OVERALL = "overall"
# The private chat whose update this task is handling: messages into it are replies.
REPLYING_TO: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "frontdoor_replying_to", default=None)


class SlidingWindow:
    """At most ``limit`` admissions in any ``period`` seconds, first come first served."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = max(1, limit), period
        self._admitted: deque[float] = deque()
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        """Returns when one more admission keeps the window within its limit."""
        async with self._lock:  # FIFO: waiters are admitted in arrival order
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                while self._admitted and self._admitted[0] <= now - self.period:
                    self._admitted.popleft()
                if len(self._admitted) < self.limit:
                    self._admitted.append(now)
                    return
                await asyncio.sleep(self._admitted[0] + self.period - now)


class CompletionWindow:
    """At most ``limit`` messages per ``period``, counted until ``period`` after each reply.

    A slot is taken when a request is admitted and given back ``period`` seconds after its
    answer came back (``release``). Telegram stamps a message somewhere between our
    admission and its answer, so for any window of ``period`` on Telegram's clock, every
    message stamped inside it still held its slot when the last of them was admitted: the
    server never sees more than ``limit``, however the round trips bunch or stretch. The
    cost is the round trip: the sustained rate is ``limit / (1 + latency / period)``.
    """

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self.limit, self.period = max(1, limit), period
        self._in_flight = 0
        self._done: deque[float] = deque()  # loop time each answered request came back
        self._lock = asyncio.Lock()  # FIFO: the first waiter is admitted first
        self._freed = asyncio.Event()

    def _held(self, now: float) -> int:
        while self._done and self._done[0] <= now - self.period:
            self._done.popleft()
        return self._in_flight + len(self._done)

    async def acquire(self) -> None:
        """Returns when a slot is free, taking it."""
        loop = asyncio.get_running_loop()
        async with self._lock:
            while self._held(loop.time()) >= self.limit:
                self._freed.clear()
                timeout = None
                if self._done:
                    timeout = max(0.0, self._done[0] + self.period - loop.time())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._freed.wait(), timeout)
            self._in_flight += 1

    def release(self) -> None:
        """The request came back (answered or failed): its slot frees ``period`` later."""
        self._in_flight -= 1
        self._done.append(asyncio.get_running_loop().time())
        self._freed.set()


class ChatPace:
    """Each chat's pace: a burst of ``burst`` messages, then ``rate`` a second."""

    MAX_CHATS = 10_000  # full buckets are forgotten beyond this many chats

    def __init__(self, burst: int = 3, rate: float = 1.0) -> None:
        self.burst, self.rate = max(1, burst), rate
        self._buckets: dict[int, tuple[float, float]] = {}  # chat -> (tokens, loop time)

    def wait_left(self, chat_id: int) -> float:
        """Seconds until ``chat_id`` may get one more message (0: now); takes nothing."""
        now = asyncio.get_running_loop().time()
        tokens, last = self._buckets.get(chat_id, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate

    async def wait(self, chat_id: int) -> None:
        """Returns when ``chat_id`` may get one more message, taking its token."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            tokens, last = self._buckets.get(chat_id, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[chat_id] = (tokens - 1.0, now)
                self._forget_full(now)
                return
            self._buckets[chat_id] = (tokens, now)
            await asyncio.sleep((1.0 - tokens) / self.rate)

    def _forget_full(self, now: float) -> None:
        if len(self._buckets) <= self.MAX_CHATS:
            return
        refill = self.burst / self.rate
        self._buckets = {chat: (tokens, last) for chat, (tokens, last) in self._buckets.items()
                         if now - last < refill}


class SlidingWindowRateLimiter(BaseRateLimiter[int]):
    """An overall window counted from the answers, and a sliding window per group.

    ``margin`` lengthens the group window (a minute and 3 s by default).

    Overall, ``CompletionWindow``: a slot is held from admission until a second after
    the answer, which keeps Telegram's count within the limit in any second of its own
    clock whatever the round trip does (a window over admission times let bursts arrive
    bunched, and the local Bot API answered 429; a smooth token bucket avoided that but
    only by running at 90 % of the limit). Per group the window is a minute long, so the
    round trip does not matter and a burst of 20 into a quiet group goes at once.
    """

    def __init__(self, *, overall_per_second: int = 30, group_per_minute: int = 20,
                 margin: float = 0.05, max_retries: int = 3,
                 paid_per_second: int = 1000, chat_burst: int = 3,
                 chat_per_second: float = 1.0) -> None:
        self._overall = CompletionWindow(overall_per_second, 1.0)
        # a chat's pace a little below Telegram's: its clock stamps arrivals, ours admissions,
        # and two round trips of different lengths bring messages closer than we sent them
        self._chats = ChatPace(chat_burst, chat_per_second / (1 + 2 * margin))
        self._paid = CompletionWindow(paid_per_second, 1.0)  # allow_paid_broadcast
        self._group_limit, self._group_period = group_per_minute, 60.0 * (1 + margin)
        self._groups: defaultdict[int | str, SlidingWindow] = defaultdict(
            lambda: SlidingWindow(self._group_limit, self._group_period))
        self._max_retries = max_retries
        self._pauses: dict[object, float] = {}  # scope -> loop time the 429 pause ends

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    def _pause_left(self, scope: object) -> float:
        if scope is None:
            return 0.0
        return self._pauses.get(scope, 0.0) - asyncio.get_running_loop().time()

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until a private chat may get one more message (the outbox asks first)."""
        return self._chats.wait_left(chat_id)

    @staticmethod
    def counted(endpoint: str) -> bool:
        """Whether this Bot API method puts a message into a chat."""
        return endpoint.startswith(COUNTED_PREFIXES) or endpoint in COUNTED

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict | list[dict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict | list[dict]:
        """Waits for room in the windows, calls, and retries after a 429."""
        chat_id = data.get("chat_id")
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(chat_id)
        group = chat_id if isinstance(chat_id, str) or (
            isinstance(chat_id, int) and chat_id < 0) else None
        limited = chat_id is not None and self.counted(endpoint)
        reply = group is None and chat_id is not None and chat_id == REPLYING_TO.get()
        overall = None if reply else (
            self._paid if data.get("allow_paid_broadcast") else self._overall)
        fail_fast = rate_limit_args is not None and rate_limit_args < 0
        retries = 0 if fail_fast else (rate_limit_args or self._max_retries)
        # a 429 on a reply is that chat's pace; on anything else, it may be the bulk limit
        scope = group if group is not None else (chat_id if reply else OVERALL)
        for attempt in range(retries + 1):
            paused = self._pause_left(scope)
            if scope != OVERALL and not reply:  # a group also waits out a bulk pause
                paused = max(paused, self._pause_left(OVERALL))
            if paused > 0:
                if fail_fast:  # the caller retries later by itself: do not hold it
                    raise RetryAfter(max(1, math.ceil(paused)))
                await asyncio.sleep(paused)
            if limited:
                if group is not None:
                    await self._groups[group].wait()
                if isinstance(chat_id, int):  # a group keeps a chat's pace too
                    await self._chats.wait(chat_id)
                if overall is not None:
                    await overall.acquire()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                pause = error._retry_after.total_seconds() + 0.1  # noqa: SLF001
                now = asyncio.get_running_loop().time()
                if len(self._pauses) > 1000:  # forget the pauses that are over
                    self._pauses = {k: v for k, v in self._pauses.items() if v > now}
                self._pauses[scope] = max(self._pauses.get(scope, 0.0), now + pause)
                logger.warning("telegram: 429 on %s%s, pausing %.1f s", endpoint,
                               " in a group" if group is not None else "", pause)
                if attempt == retries:
                    raise
            finally:
                if limited and overall is not None:
                    overall.release()
        raise AssertionError("unreachable")
