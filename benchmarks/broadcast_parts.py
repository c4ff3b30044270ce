"""The pieces ``benchmarks.broadcast`` runs around the bot: a meter, seeding, the baseline."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from datetime import UTC, datetime

from telegram import Bot

from domain.notices import broadcast
from storage.db import make_engine, make_session_factory
from storage.models import Notice, Resident
from storage.uow import SqlUnitOfWork

TEXT_ZH, TEXT_EN = "供暖检查：明天9点起各楼入户检查暖气。", "Heating check from 9:00 tomorrow."


class Meter:
    """Watches the local Bot API's own count of sent messages (in this process) every 2 ms.

    ``first`` and ``last`` are the monotonic times the first and the latest message arrived;
    ``samples`` every change as (time, count so far).
    """

    def __init__(self, api) -> None:
        self.api, self.count, self.first, self.last = api, 0, None, None
        self.samples: list[tuple[float, int]] = []
        self._task: asyncio.Task | None = None

    def sent(self) -> int:
        """Messages the bot has sent so far, as the local Bot API counts them.

        sendMessage calls minus those it refused (cheap enough to ask every 2 ms; the
        benchmark sends nothing else and nobody has blocked the bot).
        """
        state = self.api.state
        return state.method_counts.get("sendMessage", 0) - state.rate_limited

    async def _watch(self) -> None:
        while True:
            count = self.sent()
            if count != self.count:
                now = time.monotonic()
                self.first = self.first or now
                self.count, self.last = count, now
                self.samples.append((now, count))
            await asyncio.sleep(0.002)

    def start(self) -> None:
        """Starts watching."""
        self._task = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        """Stops watching (after one last look)."""
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self.count = self.sent()

    async def until(self, count: int) -> None:
        """Returns once ``count`` messages have been sent."""
        while self.sent() < count:
            await asyncio.sleep(0.005)

    def rate(self) -> float:
        """Sustained rate: the median of the messages sent in each whole second of the run.

        Whole seconds from the first message; the last, partial second is left out (a run
        shorter than two seconds falls back to count ÷ span).
        """
        per_second = self.per_second()
        if len(per_second) < 2:
            span = (self.last or 0) - (self.first or 0)
            return self.count / span if span > 0 else 0.0
        return statistics.median(per_second)

    def per_second(self) -> list[int]:
        """Messages sent in each whole second since the first one."""
        if self.first is None:
            return []
        seconds = int(self.last - self.first)
        counts, index, before = [], 0, 0
        for k in range(1, seconds + 1):
            edge = self.first + k
            while index < len(self.samples) and self.samples[index][0] < edge:
                index += 1
            so_far = self.samples[index - 1][1] if index else 0
            counts.append(so_far - before)
            before = so_far
        return counts

    def peak(self) -> int:
        """The most messages in any whole second of the run."""
        return max(self.per_second(), default=self.count)


def language(index: int) -> str:
    """Every third resident reads English."""
    return "en" if index % 3 == 2 else "zh"


class Store:
    """The benchmark's own connection to the bot's database."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.factory = make_session_factory(self.engine)

    def uow(self) -> SqlUnitOfWork:
        """A unit of work."""
        return SqlUnitOfWork(self.factory)

    async def seed(self, user_ids: list[int]) -> int:
        """Stores the residents and an approved notice to all of them, started; its id."""
        async with self.uow() as uow:
            people = await uow.residents.add_all([
                Resident(telegram_user_id=uid, first_name=f"居民{n}", language=language(n))
                for n, uid in enumerate(user_ids)])
            notice = await uow.notices.add(Notice(topic="heating", text_zh=TEXT_ZH,
                                                  text_en=TEXT_EN, status="approved"))
            await uow.commit()
        await broadcast.start(self.uow, notice.id, [p.id for p in people], datetime.now(UTC))
        return notice.id

    async def until_final(self, notice_id: int) -> dict[str, int]:
        """Waits until no delivery is pending or sending; returns the counts."""
        while True:
            counts = await broadcast.counts(self.uow, notice_id)
            if not counts.get("pending") and not counts.get("sending"):
                return counts
            await asyncio.sleep(0.25)

    async def close(self) -> None:
        """Closes the connections."""
        await self.engine.dispose()


def audit(api, user_ids: list[int]) -> dict[str, int]:
    """Duplicates, missing and wrong-language messages, from the API's chat histories."""
    duplicates = missing = wrong = 0
    for n, uid in enumerate(user_ids):
        texts = [r.message.get("text") for r in api.state.chats[uid].messages.values()
                 if r.from_bot]
        duplicates += max(0, len(texts) - 1)
        missing += not texts
        wrong += any(t != (TEXT_EN if language(n) == "en" else TEXT_ZH) for t in texts)
    return {"duplicates": duplicates, "missing": missing, "wrong_language": wrong}


async def naive_baseline(api, token: str, user_ids: list[int], rate: int) -> None:
    """Today's support bots: send, sleep 1 / (⅔ · limit), repeat (PTB's Bot, no limiter)."""
    pause = 1 / (2 / 3 * rate)
    async with Bot(token, base_url=api.base_url) as bot:
        for uid in user_ids:
            await bot.send_message(uid, TEXT_ZH)
            await asyncio.sleep(pause)
