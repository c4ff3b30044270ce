"""Simulated residents for ``benchmarks.intake``: a full intake by buttons, or an echo ping.

A resident reads the bot's last message and answers what it asks, the way
``tests/helpers/resident.py`` walks the happy path: confirm the category, answer the
clarifying question, type the address, share or type the phone, pick a visit window and
the urgency, confirm the read-back card. Every send or press is timed until the bot's
reply is in the chat (``ControlClient.wait_for_bot_messages``).
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import httpx

from bot.localapi.client import ControlClient, ControlError

PROBLEMS = ("暖气不热", "家里没水了", "楼道灯坏了", "垃圾没人清理", "楼下噪音太大",
            "下水道堵了", "家里停电了", "小区门口路灯不亮")
OPENED = "已登记"  # start of the "opened" text in handlers/texts/zh.py
MAX_TURNS = 14


@dataclass
class Tally:
    """What all residents of one phase saw; times are ``time.perf_counter()`` seconds."""

    replies: list[tuple[float, float]] = field(default_factory=list)  # (at, latency)
    intakes: list[float] = field(default_factory=list)  # completion times
    failures: list[str] = field(default_factory=list)
    first_send: float | None = None

    def sent(self) -> float:
        """Marks a send; returns its time."""
        now = time.perf_counter()
        if self.first_send is None:
            self.first_send = now
        return now


@dataclass
class Pace:
    """Thinking time between actions (uniform, seconds) and the wait for a reply."""

    think_min: float = 0.0
    think_max: float = 0.0
    reply_timeout: float = 30.0


class Resident:
    """One user in a private chat with the bot, with a client of its own."""

    def __init__(self, url: str, user_id: int, index: int, rng: random.Random, pace: Pace,
                 tally: Tally) -> None:
        self.control = ControlClient(url, timeout=pace.reply_timeout + 10)
        self.user_id, self.index, self.rng = user_id, index, rng
        self.pace, self.tally = pace, tally
        self.last_id = 0  # newest bot message seen in the chat

    async def close(self) -> None:
        """Closes the resident's HTTP connections."""
        await self.control.aclose()

    async def think(self) -> None:
        """Waits a random thinking time."""
        if self.pace.think_max > 0:
            await asyncio.sleep(self.rng.uniform(self.pace.think_min, self.pace.think_max))

    async def _act(self, send) -> dict:
        """Runs one send or press and waits for the bot's reply; records the latency."""
        started = self.tally.sent()
        await send()
        replies = await self.control.wait_for_bot_messages(
            self.user_id, after=self.last_id, timeout=self.pace.reply_timeout)
        done = time.perf_counter()
        self.last_id = max(m["message_id"] for m in replies)
        self.tally.replies.append((done, done - started))
        return replies[-1]

    async def say(self, text: str) -> dict:
        """Sends text; returns the bot's reply."""
        return await self._act(lambda: self.control.send_text(self.user_id, text))

    async def tap(self, message: dict, data: str) -> dict:
        """Presses an inline button of ``message``; returns the bot's reply."""
        return await self._act(lambda: self.control.press(self.user_id, message["message_id"],
                                                          data))

    async def share_phone(self, phone: str) -> dict:
        """Shares the contact, as the request_contact button does."""
        return await self._act(lambda: self.control.send_contact(self.user_id, phone))

    async def intake(self, number: int) -> bool:
        """One complete intake; True once the ticket is opened."""
        try:
            return await self._intake(number)
        except (TimeoutError, ControlError, httpx.HTTPError) as exc:
            self.tally.failures.append(f"{type(exc).__name__}: {str(exc)[:120]}")
            return False

    async def _intake(self, number: int) -> bool:
        reply = await self.say(self.rng.choice(PROBLEMS))
        confirmed = False
        for _ in range(MAX_TURNS):
            if confirmed:
                if OPENED not in reply.get("text", ""):
                    break
                self.tally.intakes.append(time.perf_counter())
                return True
            await self.think()
            confirmed, reply = await self._answer(reply, number)
            if reply is None:
                return False
        self.tally.failures.append(f"unexpected reply: {reply.get('text', '')[:60]!r}")
        return False

    async def _answer(self, reply: dict, number: int) -> tuple[bool, dict | None]:
        """Answers what ``reply`` asks; (pressed confirm, the bot's next reply)."""
        data = _buttons(reply)
        pick = self.rng.choice
        for prefix, choose in (("intake:ok", None), ("intake:cat:0", None),
                               ("intake:cl:", pick), ("intake:when:", pick),
                               ("intake:urg:normal", None), ("intake:join:no", None)):
            found = [d for d in data if d.startswith(prefix)]
            if found:
                target = choose(found) if choose else found[0]
                return prefix == "intake:ok", await self.tap(reply, target)
        keyboard = _reply_keyboard(reply)
        phone = f"138{self.user_id % 10**8:08d}"
        if any(b.get("request_contact") for b in keyboard):
            if self.rng.random() < 0.5:
                return False, await self.share_phone(phone)
            return False, await self.say(phone)
        if any(b.get("request_location") for b in keyboard):
            unit, room = 1 + number % 6, 101 + number % 20
            return False, await self.say(f"{self.index + 1}号楼{unit}单元{room}")
        self.tally.failures.append(f"unexpected reply: {reply.get('text', '')[:60]!r}")
        return False, None

    async def echo(self, number: int) -> bool:
        """One text to the echo bot and its answer."""
        text = f"ping {self.user_id} {number}"
        try:
            reply = await self.say(text)
        except (TimeoutError, ControlError, httpx.HTTPError) as exc:
            self.tally.failures.append(f"{type(exc).__name__}: {str(exc)[:120]}")
            return False
        return reply.get("text") == text


def _buttons(message: dict) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data") or "" for row in rows for b in row]


def _reply_keyboard(message: dict) -> list[dict]:
    rows = (message.get("sent_reply_markup") or {}).get("keyboard", [])
    return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]
