"""The pieces ``benchmarks.crash`` runs around the kills: residents, surveys, the database.

- ``CrashResident``: an intake resident (``benchmarks.intake_resident``) that counts its
  inputs and stops at the first reply that does not come in time (then watches for it).
- ``seed_surveys``: resolved tickets with a round-1 survey due now, through the ORM.
- ``Watch``: plain SQL on the bot's database from outside the bot (stdlib ``sqlite3``
  read-only, or ``asyncpg``): the ``sending`` rows every 50 ms, and the final counts.
- ``chat_figures``, ``measure``: what the chats received, by the rules in ``benchmarks.crash``.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from benchmarks.intake_resident import Resident
from bot.localapi.client import ControlClient, ControlError
from storage.db import make_engine, make_session_factory
from storage.models import Resident as ResidentRow
from storage.models import Survey, Ticket
from storage.uow import SqlUnitOfWork

SURVEY_MARK = "解决了吗"  # in the survey_notice text (handlers/texts/zh.py)


class CrashResident(Resident):
    """A resident doing intakes back to back; ``actions`` inputs, each owed one reply."""

    actions = 0
    missed = False  # an expected reply did not come in time: the conversation stopped there
    late: float | None = None  # seconds until that reply came after all (watched 90 s)
    watching: asyncio.Task | None = None

    async def _act(self, send) -> dict:
        """Counts the input once it reached the API; on a timeout, watches for the reply."""
        sent_at = None

        async def counting() -> None:
            nonlocal sent_at
            await send()
            sent_at = time.perf_counter()
            self.actions += 1

        try:
            return await super()._act(counting)
        except TimeoutError:
            if sent_at is not None:
                self.missed = True
                self.watching = asyncio.create_task(self._watch(sent_at))
            raise

    async def _watch(self, sent_at: float) -> None:
        with contextlib.suppress(TimeoutError, ControlError, httpx.HTTPError):
            await self.control.wait_for_bot_messages(self.user_id, after=self.last_id,
                                                     timeout=90)
            self.late = time.perf_counter() - sent_at

    async def run(self, stop: asyncio.Event) -> None:
        """Intakes until ``stop`` (the last one finished) or the first failure."""
        number = 0
        await self.think()
        while not stop.is_set():
            if not await self.intake(number):
                return
            number += 1
            await self.think()


async def seed_surveys(url: str, users: list[int], wave: int) -> None:
    """One resident, one resolved ticket and one survey due now per Telegram user id."""
    engine = make_engine(url)
    try:
        now = datetime.now(UTC) - timedelta(seconds=1)
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            for n, user in enumerate(users):
                resident = await uow.residents.add(ResidentRow(
                    telegram_user_id=user, first_name=f"回访{user}", language="zh",
                    building="9", unit="1", room=f"{101 + n}"))
                ticket = await uow.tickets.add(Ticket(
                    code=f"CR-{wave:02d}-{n:04d}", resident_id=resident.id, status="resolved",
                    category="城乡建设/城市建设和市政管理/冬季采暖", category_level1="城乡建设",
                    description="暖气不热", building="9", resolution_note="已更换阀门",
                    resolved_at=now, created_at=now - timedelta(days=1)))
                await uow.surveys.add(Survey(ticket_id=ticket.id, resident_id=resident.id,
                                             round=1, status="scheduled", due_at=now))
            await uow.commit()
    finally:
        await engine.dispose()


class Watch:
    """Reads the bot's database with a connection of its own (not the bot's code)."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.sqlite = self.url.get_backend_name() == "sqlite"
        self._conn, self._lock = None, asyncio.Lock()  # one query at a time on the connection
        self.max_sending = self.max_per_sender = 0
        self.samples = 0
        self.holder: dict[int, str] = {}  # outbox row id -> the claim token seen holding it

    async def open(self) -> None:
        """Connects (SQLite: read-only, autocommit, so each query sees the latest commit)."""
        if self.sqlite:
            self._conn = sqlite3.connect(f"file:{self.url.database}?mode=ro", uri=True,
                                         isolation_level=None, check_same_thread=False)
        else:
            self._conn = await asyncpg.connect(self.url.set(drivername="postgresql")
                                               .render_as_string(hide_password=False))

    async def close(self) -> None:
        """Closes the connection."""
        if self._conn is not None:
            await (asyncio.to_thread(self._conn.close) if self.sqlite else self._conn.close())

    async def rows(self, sql: str) -> list[tuple]:
        """The rows of one query (the poller, the kill loop and the settle loop share it)."""
        async with self._lock:
            if self.sqlite:
                return await asyncio.to_thread(lambda: self._conn.execute(sql).fetchall())
            return [tuple(r) for r in await self._conn.fetch(sql)]

    async def sending(self) -> tuple[int, int]:
        """Rows in ``sending`` now: all of them, and the most held by one claim token."""
        got = await self.rows("SELECT id, claim_token FROM outbox WHERE status = 'sending'")
        self.holder.update(got)
        return len(got), max(Counter(token for _, token in got).values(), default=0)

    async def uncertain_per_sender(self) -> int:
        """The most ``uncertain`` rows that one sender (one claim token) had held."""
        got = await self.rows("SELECT id FROM outbox WHERE status = 'uncertain'")
        return max(Counter(self.holder.get(i, "?") for i, in got).values(), default=0)

    async def poll(self, stop: asyncio.Event, every: float = 0.05) -> None:
        """Keeps the largest ``sending`` counts seen until ``stop``."""
        while not stop.is_set():
            with contextlib.suppress(sqlite3.Error, asyncpg.PostgresError, OSError):
                total, per_sender = await self.sending()
                self.max_sending = max(self.max_sending, total)
                self.max_per_sender = max(self.max_per_sender, per_sender)
                self.samples += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), every)

    async def counts(self, table: str, column: str = "status", where: str = "") -> Counter:
        """Rows of ``table`` per value of ``column``."""
        return Counter(dict(await self.rows(f"SELECT {column}, COUNT(*) FROM {table} {where} "
                                            f"GROUP BY {column}")))

    async def settled(self) -> bool:
        """True with no pending/sending outbox row, pending update or scheduled survey."""
        # a lapsed lease stays ``sending`` until the sender settles it
        out, updates, surveys = [await self.counts(t) for t in (
            "outbox", "inbox_updates", "surveys")]
        return not (out["pending"] or out["sending"] or updates["pending"]
                    or surveys["scheduled"])


def chat_figures(messages: list[dict], user_id: int, expected: int,
                 mark: str | None = None) -> dict[str, int]:
    """``sent``, ``duplicated`` and ``extra`` for one chat owed ``expected`` replies.

    A bot message is a duplicate when it has the same text and keyboards as the bot
    message right before it, with no message of the resident between. With ``mark``, only
    bot messages containing it count (a survey chat).
    """
    distinct = duplicated = 0
    previous = None
    for m in messages:
        if m.get("service"):
            continue
        if m["from"]["id"] == user_id:
            previous = None
            continue
        if mark is not None and mark not in (m.get("text") or ""):
            continue
        shape = (m.get("text") or m.get("caption"), repr(m.get("reply_markup")),
                 repr(m.get("sent_reply_markup")))
        if shape == previous:
            duplicated += 1
        else:
            distinct += 1
        previous = shape
    return {"sent": min(distinct, expected), "duplicated": duplicated,
            "extra": max(0, distinct - expected)}


async def measure(control: ControlClient, people: list[CrashResident], askees: list[int],
                  watch: Watch) -> dict:
    """The figures of the module docstring, and the chats that break the rules."""
    total = {"expected": 0, "sent": 0, "duplicated": 0, "extra": 0}
    odd = []
    chats = [(r.user_id, r.actions, None) for r in people] + [(u, 1, SURVEY_MARK)
                                                              for u in askees]
    for chat_id, owed, mark in chats:
        try:
            messages = await control.messages(chat_id)
        except ControlError:  # no chat: nothing was ever sent there
            messages = []
        got = chat_figures(messages, chat_id, owed, mark)
        total["expected"] += owed
        for key in ("sent", "duplicated", "extra"):
            total[key] += got[key]
        if got["sent"] < owed or got["duplicated"] or got["extra"]:
            odd.append(f"{chat_id}:owed={owed},{','.join(f'{k}={v}' for k, v in got.items())}")
    out, late = await watch.counts("outbox"), [r.late for r in people if r.late is not None]
    return {"replies_expected": total["expected"], "replies_sent": total["sent"],
            "duplicated": total["duplicated"], "missing": total["expected"] - total["sent"],
            "uncertain": out["uncertain"], "max_in_flight": watch.max_sending,
            "max_per_sender": watch.max_per_sender,
            "uncertain_per_sender": await watch.uncertain_per_sender(), "extra": total["extra"],
            "stopped": sum(r.missed for r in people), "late_replies": len(late),
            "late_max_s": round(max(late, default=0.0), 1),
            "uncertain_kinds": _joined(await watch.counts("outbox", "kind",
                                                          "WHERE status = 'uncertain'")),
            "outbox": _joined(out), "inbox": _joined(await watch.counts("inbox_updates")),
            "surveys": _joined(await watch.counts("surveys")), "polls": watch.samples,
            "odd_chats": ";".join(odd) or "-"}


def _joined(counter) -> str:
    return ",".join(f"{k}:{v}" for k, v in sorted(counter.items())) or "-"
