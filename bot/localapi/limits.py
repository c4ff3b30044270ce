"""Telegram's limits on what a bot may send: sizes always, rates when enabled."""

from __future__ import annotations

import dataclasses
import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass
class Limits:
    """The limits the local Bot API enforces on the bot's outgoing messages.

    Attributes:
        enabled: Whether the rate limits apply (the size limits always do).
        overall_per_second: Bulk messages per sliding second over all chats: Telegram's
            "30 messages per second or so" for notifications (Bots FAQ). A reply is not
            bulk: see ``reply_window``.
        paid_per_second: The same for messages sent with ``allow_paid_broadcast``
            (Telegram's paid broadcasts, up to 1,000 a second).
        per_chat_per_second: Refill rate of each chat's token bucket.
        per_chat_burst: Capacity of each chat's token bucket.
        group_per_minute: Messages per sliding minute into one group chat.
        reply_window: A message into a private chat whose user wrote to the bot (a message,
            an edit or a button press) at most this many seconds ago answers that user and
            is not counted against ``overall_per_second``; the per-chat bucket still applies.
            Telegram's 30 a second is for bulk notifications ("there is no global limit on
            the number of sent messages for bots", tdlib/td#3034); 0 counts every message.
        max_text: Longest message text, in UTF-16 code units after entity parsing.
        max_caption: Longest media caption, likewise.
        max_callback_data: Longest callback_data of an inline button, in UTF-8 bytes.
    """

    enabled: bool = True
    overall_per_second: int = 30
    paid_per_second: int = 1000
    per_chat_per_second: float = 1
    per_chat_burst: int = 3
    group_per_minute: int = 20
    reply_window: float = 60.0
    max_text: int = 4096
    max_caption: int = 1024
    max_callback_data: int = 64

    @classmethod
    def off(cls) -> Limits:
        """The Telegram size limits without any rate limit."""
        return cls(enabled=False)

    def to_dict(self) -> dict:
        """The limits as a JSON-ready dict."""
        return dataclasses.asdict(self)

    def update(self, changes: dict) -> None:
        """Changes the named fields in place; raises ``ValueError`` on an unknown one."""
        names = {field.name: field.type for field in dataclasses.fields(self)}
        for key, value in changes.items():
            if key not in names:
                raise ValueError(f"unknown limit: {key}")
            if key == "enabled":
                value = bool(value)
            elif key in ("per_chat_per_second", "reply_window"):
                value = float(value)
            else:
                value = int(value)
            setattr(self, key, value)


class RateLimiter:
    """Sliding windows and token buckets that answer "send now, or retry after N s"."""

    def __init__(self, limits: Limits, clock=time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._paid: deque[float] = deque()
        self._groups: dict[int, deque[float]] = defaultdict(deque)
        self._buckets: dict[int, tuple[float, float]] = {}

    def reset(self) -> None:
        """Forgets every message sent so far."""
        self._overall.clear()
        self._paid.clear()
        self._groups.clear()
        self._buckets.clear()

    def is_reply(self, is_group: bool, heard_at: float | None) -> bool:
        """Whether a message answers its private chat's user (heard ``heard_at``)."""
        window = self.limits.reply_window
        return (not is_group and heard_at is not None and window > 0
                and self._clock() - heard_at <= window)

    def acquire(self, chat_id: int, is_group: bool, paid: bool = False,
                reply: bool = False) -> int:
        """Records a message to ``chat_id`` and returns 0, or returns the seconds to wait.

        A refused message is not recorded. The wait is rounded up to whole seconds, at least 1.
        A paid broadcast (``paid``) counts against ``paid_per_second`` instead of the overall
        limit; a ``reply`` (see ``is_reply``) against neither.
        """
        if not self.limits.enabled:
            return 0
        now = self._clock()
        overall = self._paid if paid else self._overall
        limit = self.limits.paid_per_second if paid else self.limits.overall_per_second
        waits = [self._bucket_wait(chat_id, now)]
        if not reply:
            waits.append(self._window_wait(overall, limit, now))
        if is_group:
            waits.append(self._group_wait(chat_id, now))
        wait = max(waits)
        if wait > 0:
            return max(1, math.ceil(wait))
        if not reply:
            overall.append(now)
        if is_group:
            self._groups[chat_id].append(now)
        tokens, _ = self._buckets[chat_id]
        self._buckets[chat_id] = (tokens - 1, now)
        return 0

    @staticmethod
    def _window_wait(window: deque[float], limit: int, now: float) -> float:
        limit = max(1, limit)
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) < limit:
            return 0.0
        return window[-limit] + 1.0 - now

    def _group_wait(self, chat_id: int, now: float) -> float:
        window, limit = self._groups[chat_id], max(1, self.limits.group_per_minute)
        while window and window[0] <= now - 60.0:
            window.popleft()
        if len(window) < limit:
            return 0.0
        return window[-limit] + 60.0 - now

    def _bucket_wait(self, chat_id: int, now: float) -> float:
        burst = max(1, self.limits.per_chat_burst)
        rate = self.limits.per_chat_per_second
        tokens, last = self._buckets.get(chat_id, (float(burst), now))
        tokens = min(float(burst), tokens + (now - last) * rate)
        self._buckets[chat_id] = (tokens, now)
        if tokens >= 1.0:
            return 0.0
        return (1.0 - tokens) / rate if rate > 0 else 60.0
