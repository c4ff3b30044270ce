"""Several bot processes behind HAProxy (deploy/haproxy.cfg) on one PostgreSQL database.

Real parts only: the local Bot API posts updates to HAProxy, which spreads them over two or
three bot processes (``benchmarks.cluster``), each a real ``frontdoor`` bot in webhook mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import subprocess
import sys

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from benchmarks.cluster import Cluster
from benchmarks.crash_load import seed_surveys
from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN
from benchmarks.intake_resident import OPENED, Pace, Resident, Tally, _buttons
from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from storage.migrate import upgrade_async
from tests.conftest import fresh_postgres_database, postgres_server_url

pytestmark = pytest.mark.postgres

BURST = {"/start": "您好", "/help": "我可以帮您", "/status": "您还没有报过事",
         "/mydata": "我们没有保存"}
"""Commands a first-time resident sends at once, and how each one's reply begins."""
TROUBLE = ("暂时没能处理", "系统暂时有点忙", "出了点问题")


@pytest.fixture
async def pg_url():
    async with fresh_postgres_database(postgres_server_url()) as url:
        await upgrade_async(url)
        yield url


@contextlib.asynccontextmanager
async def cluster(pg_url: str, n: int, tmp_path, limits: Limits | None = None,
                  bot_args: list[str] | None = None, env: dict | None = None):
    api = LocalBotAPI(host="127.0.0.1", port=0, limits=limits or Limits.off(), token=TOKEN,
                      staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    control = ControlClient(api.url)
    try:
        async with Cluster(base_url=api.base_url, base_file_url=api.base_file_url,
                           db_url=pg_url, n=n, logs=tmp_path / "logs",
                           bot_args=bot_args, env=env) as procs:
            yield api, control, procs
    finally:
        await control.aclose()
        await api.stop()


async def sql(pg_url: str, query: str, *args):
    conn = await asyncpg.connect(make_url(pg_url).set(drivername="postgresql")
                                 .render_as_string(hide_password=False))
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def intakes(api, users: list[int], pace: Pace, kind: type[Resident] = Resident,
                  ) -> tuple[list[bool], Tally]:
    """One intake for each of ``users`` at once; whether each opened its ticket, the tally."""
    tally = Tally()
    people = [kind(api.url, u, i, random.Random(i), pace, tally) for i, u in enumerate(users)]
    try:
        return list(await asyncio.gather(*(p.intake(1) for p in people))), tally
    finally:
        for p in people:
            await p.close()


async def bot_texts(control: ControlClient, chat: int) -> list[str]:
    return [m.get("text") or "" for m in await control.messages(chat)
            if m.get("from", {}).get("is_bot")]


async def settled(control: ControlClient, chat: int, count: int, timeout: float = 20) -> None:
    """Waits until the chat holds ``count`` bot messages, then a little more for extras."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end and len(await bot_texts(control, chat)) < count:
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)


def kind_of(text: str) -> str:
    return next((cmd for cmd, start in BURST.items() if text.startswith(start)), text[:20])


@pytest.mark.parametrize("processes", [2, 3])
async def test_racing_updates_of_one_conversation_keep_their_order(pg_url, tmp_path,
                                                                    processes):
    """Four commands sent at once by each of 24 first-time residents: handled in order, once.

    The balancer spreads one chat's updates over the processes; each is answered exactly
    once, in the order it was sent, and no resident gets an error.
    """
    rng = random.Random(processes)
    users = [810_000 + processes * 100 + i for i in range(24)]
    async with cluster(pg_url, processes, tmp_path) as (api, control, _):
        orders = {}
        for user in users:
            order = list(BURST)
            rng.shuffle(order)
            orders[user] = order
        await asyncio.gather(*(_burst(control, user, orders[user]) for user in users))
        for user in users:
            await settled(control, user, len(BURST))
        texts = {user: await bot_texts(control, user) for user in users}
        stats = await control.stats()
    assert {user: [kind_of(t) for t in texts[user]] for user in users} == orders
    assert not [t for user in users for t in texts[user] if any(x in t for x in TROUBLE)]
    assert stats["webhook_delivered"] >= len(users) * len(BURST)
    rows = await sql(pg_url, "SELECT status, count(*) FROM inbox_updates GROUP BY status")
    assert {r["status"]: r["count"] for r in rows} == {"done": len(users) * len(BURST)}


async def _burst(control: ControlClient, user: int, commands: list[str]) -> None:
    for command in commands:  # one after another, without waiting for the replies
        await control.send_text(user, command)


class DoubleTapper(Resident):
    """A resident who presses 确认提交 twice at once (a double tap)."""

    async def _answer(self, reply: dict, number: int):
        confirm = [d for d in _buttons(reply) if d.startswith("intake:ok")]
        if not confirm:
            return await super()._answer(reply, number)
        message_id = reply["message_id"]
        await asyncio.gather(*(self.control.press(self.user_id, message_id, confirm[0])
                               for _ in range(2)))
        replies = await self.control.wait_for_bot_messages(self.user_id, after=self.last_id,
                                                           timeout=15)
        self.last_id = max(m["message_id"] for m in replies)
        return True, replies[-1]


async def test_first_time_resident_double_tap_opens_one_ticket(pg_url, tmp_path):
    """Two processes take the two presses; one ticket, one resident row, no error anywhere."""
    users = [820_001 + i for i in range(4)]
    async with cluster(pg_url, 2, tmp_path) as (api, control, _):
        done, tally = await intakes(api, users, Pace(0.0, 0.0, reply_timeout=15.0),
                                    DoubleTapper)
        await asyncio.sleep(2.0)
        texts = {u: await bot_texts(control, u) for u in users}
        staff = await bot_texts(control, STAFF_CHAT_ID)
    assert done == [True] * len(users), tally.failures
    for user in users:
        assert sum(OPENED in t for t in texts[user]) >= 1
        assert not [t for t in texts[user] if any(x in t for x in TROUBLE)]
    assert not [t for t in staff if "出错" in t]
    tickets = await sql(pg_url, "SELECT r.telegram_user_id AS u, count(t.id) AS n FROM tickets t"
                                " JOIN residents r ON r.id = t.resident_id GROUP BY 1")
    assert {r["u"]: r["n"] for r in tickets} == dict.fromkeys(users, 1)
    residents = await sql(pg_url, "SELECT count(*) AS n FROM residents")
    assert residents[0]["n"] == len(users)
    parked = await sql(pg_url, "SELECT count(*) AS n FROM inbox_updates WHERE status <> 'done'")
    assert parked[0]["n"] == 0


async def test_the_bots_limits_hold_across_processes(pg_url, tmp_path):
    """Surveys (bulk) and new cards (one group) from two processes stay inside one limit.

    The local Bot API answers 429 beyond 10 bulk messages a second and 6 messages a minute
    into the staff group, and the bots are told the same limits; with each process sending
    on its own limiter they would together send up to twice that.
    """
    limits = Limits(overall_per_second=10, group_per_minute=6)
    users, askees = [830_001 + i for i in range(6)], [840_001 + i for i in range(90)]
    async with cluster(pg_url, 2, tmp_path, limits=limits,
                       bot_args=["--overall-per-second", "10", "--group-per-minute", "6"],
                       env={"FRONTDOOR_SURVEY_TICK_SECONDS": "1"}) as (api, control, _):
        await asyncio.gather(*(control.create_user(u) for u in askees))
        await seed_surveys(pg_url, askees, 0)
        done, tally = await intakes(api, users, Pace(1.1, 1.5, reply_timeout=15.0))  # a person
        for _ in range(150):  # the surveys go out at 10 a second, the cards 2 a minute
            stats = await control.stats()
            surveys = sum(stats["sent_per_chat"].get(str(u), 0) for u in askees)
            staff = [m for m in await control.messages(STAFF_CHAT_ID)
                     if m.get("from", {}).get("is_bot")]
            if surveys >= len(askees) and len(staff) >= 4:
                break
            await asyncio.sleep(0.2)
        await asyncio.sleep(3.0)  # what else would go out now goes out
        stats = await control.stats()
        staff = [m for m in await control.messages(STAFF_CHAT_ID)
                 if m.get("from", {}).get("is_bot")]
        holders = await sql(pg_url, "SELECT holder FROM leases WHERE name = 'outbox-sender'")
    assert done == [True] * len(users), tally.failures
    assert surveys == len(askees)
    assert stats["rate_limited"] == 0
    assert 2 <= len(staff) <= 6  # cards went out, no more than the group's minute allows
    assert len(holders) == 1


async def leader(pg_url: str) -> int:
    """The pid of the process that holds the sender's lease."""
    for _ in range(50):
        rows = await sql(pg_url, "SELECT holder FROM leases WHERE name = 'outbox-sender'")
        if rows:
            return int(rows[0]["holder"].split("-")[1])
        await asyncio.sleep(0.2)
    raise AssertionError("no process holds the sender's lease")


@pytest.mark.parametrize("victim", ["follower", "leader"])
async def test_one_process_killed_under_load(pg_url, tmp_path, victim):
    """SIGKILL one of two processes while 20 residents report; restart it.

    Every intake completes. Killing the process that does not send loses nothing; killing
    the sender loses at most what it had in flight, each such reply marked ``uncertain``
    (at most once), and another process takes over the sending within seconds.
    """
    users = [850_001 + i for i in range(20)]
    async with cluster(pg_url, 2, tmp_path) as (api, control, procs):
        tally, pace = Tally(), Pace(0.2, 0.8, reply_timeout=20.0)
        people = [Resident(api.url, u, i, random.Random(i), pace, tally)
                  for i, u in enumerate(users)]
        lead = await leader(pg_url)
        index = [procs.pid(i) for i in range(2)].index(lead)
        target = index if victim == "leader" else 1 - index
        work = asyncio.gather(*(p.intake(1) for p in people))
        try:
            await asyncio.sleep(2.5)
            await procs.kill(target)
            await asyncio.sleep(1.0)
            await procs.start_bot(target)
            done = await work
        finally:
            for p in people:
                await p.close()
        texts = {u: await bot_texts(control, u) for u in users}
    uncertain = await sql(pg_url, "SELECT count(*) AS n FROM outbox WHERE status='uncertain'")
    lost = len(users) - sum(done)
    doubled = sum(1 for u in users for a, b in zip(texts[u], texts[u][1:], strict=False) if a == b)
    assert doubled == 0
    if victim == "follower":
        assert done == [True] * len(users), tally.failures
        assert uncertain[0]["n"] == 0
    else:
        assert lost <= uncertain[0]["n"] <= 30, tally.failures
    pending = await sql(pg_url, "SELECT count(*) AS n FROM inbox_updates WHERE status <> 'done'")
    assert pending[0]["n"] == 0


async def test_a_new_model_version_reaches_every_process(pg_url, tmp_path):
    """``frontdoor nlu reload`` raises the version; each process reloads the NLU by itself."""
    async with cluster(pg_url, 2, tmp_path) as (api, control, procs):
        async with httpx.AsyncClient() as client:
            async def health() -> list[str]:
                return [(await client.get(f"http://127.0.0.1:{procs.ports[i]}/healthz")).text
                        for i in range(2)]

            before = await health()
            result = subprocess.run(
                [sys.executable, "-m", "bot.cli", "nlu", "reload"], capture_output=True,
                text=True, env={**os.environ, "FRONTDOOR_DATABASE_URL": pg_url}, timeout=60)
            assert result.returncode == 0, result.stderr
            assert "NLU version 1" in result.stdout
            for _ in range(100):
                after = await health()
                if all("nlu=1 reloads=1" in h for h in after):
                    break
                await asyncio.sleep(0.2)
        await control.send_text(860_001, "/help")  # and the reloaded processes still work
        await settled(control, 860_001, 1)
        texts = await bot_texts(control, 860_001)
    assert before == ["ok nlu=0 reloads=0"] * 2
    assert after == ["ok nlu=1 reloads=1"] * 2
    assert texts and texts[0].startswith(BURST["/help"])
