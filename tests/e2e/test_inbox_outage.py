"""PostgreSQL stopped while residents answer and staff press buttons; the bot killed with -9.

The outage runs on a cluster of this test's own (``tests/helpers/pgcluster.py``), never the
shared server. The kill runs the bot in a child process (``benchmarks.intake_bot``).
"""

import asyncio
import signal
import socket
import sys
import time
import uuid

import asyncpg
import pytest

from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from domain import inbox
from domain.intake.drafts import load_draft
from handlers.texts import CATALOGUES
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database, postgres_server_url
from tests.helpers.botharness import STAFF_CHAT_ID, TOKEN, make_settings, running_bot
from tests.helpers.pgcluster import own_cluster
from tests.helpers.resident import Resident, reach_card, tickets
from tests.helpers.staff import ADMIN, WORKER, open_ticket, team

pytestmark = pytest.mark.postgres
ZH = CATALOGUES["zh"]
OUTAGE_SECONDS = 20


@pytest.fixture
async def cluster_db():
    postgres_server_url()  # skips (or fails in CI) like every PostgreSQL test
    with own_cluster() as cluster:
        admin = await asyncpg.connect(cluster.url().replace("+asyncpg", ""))
        await admin.execute("CREATE DATABASE frontdoor")
        await admin.close()
        url = cluster.url("frontdoor")
        await upgrade_async(url)
        yield cluster, url


async def _card_button(control, card, verb):
    rows = card["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row
                if b["callback_data"].startswith(f"staff:{verb}:"))


async def test_a_database_outage_loses_nothing_and_says_nothing_untrue(cluster_db):
    cluster, url = cluster_db
    api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    control = ControlClient(api.url)
    try:
        async with running_bot(api, make_settings(url, first_admin_id=ADMIN)) as app:
            await team(control)
            b = await Resident(control, 4202).join()           # at the read-back card
            await reach_card(b)
            c, card = await open_ticket(control, 4203)          # a ticket staff will claim
            a = await Resident(control, 4201).join()           # at the phone question
            await a.say("暖气不热")
            await a.tap("intake:cat:0")
            await a.tap("intake:cl:1")
            await a.say("7号楼1单元502")
            heard = {u: len(await control.messages(u)) for u in (4201, 4202, 4203)}

            cluster.stop("fast")
            down_at = time.monotonic()
            await control.send_text(4201, "13800138000")        # the phone answer …
            await control.send_text(4201, "明天上午")            # … then the visit time
            await control.press(4202, b.last["message_id"], _ok(b.last))  # confirm
            claim = await _card_button(control, card, "claim")
            await control.press(WORKER, card["message_id"], claim, chat_id=STAFF_CHAT_ID)
            await asyncio.sleep(OUTAGE_SECONDS - (time.monotonic() - down_at))
            for user, count in heard.items():  # nothing claimed to be handled meanwhile
                said = (await control.messages(user))[count:]
                assert all(m["from"]["id"] == user for m in said), [m["text"] for m in said]
            cluster.start()

            asked = await control.wait_for_bot_messages(4201, after=a.last["message_id"],
                                                        count=2, timeout=30)
            opened = await control.wait_for_bot_messages(4202, after=b.last["message_id"],
                                                         timeout=30)
            uow_factory = app.bot_data["services"].uow_factory
            for _ in range(100):
                claimed = [t for t in await tickets(app) if t.code in card["text"]]
                if claimed and claimed[0].status == "claimed":
                    break
                await asyncio.sleep(0.2)
            draft = await load_draft(uow_factory, 4201, 4201)
            assert draft.phone_normalized == "13800138000"  # in order: phone, then time
            assert draft.visit_window and "明天" in draft.visit_window
            assert "号码" not in " ".join(m["text"] for m in asked)
            assert any("JS-" in m["text"] for m in opened)
            assert len([t for t in await tickets(app) if t.resident_id]) == 2
            assert claimed[0].status == "claimed"
            for user in heard:
                assert ZH["error_generic"] not in [m["text"] for m in
                                                   await control.messages(user)]
            await asyncio.sleep(0.5)
            _, counts = await inbox.listing(uow_factory)
            assert set(counts) == {"done"}
    finally:
        await control.aclose()
        await api.stop()


def _ok(message):
    rows = message["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row
                if b["callback_data"].startswith("intake:ok"))


async def _bot_process(api, url):
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks.intake_bot", "--base-url", api.base_url,
        "--base-file-url", api.base_file_url, "--db", url, "--token", TOKEN,
        stdout=asyncio.subprocess.PIPE)
    line = await asyncio.wait_for(proc.stdout.readline(), 120)
    assert line.strip() == b"ready", line
    return proc


async def test_kill_9_after_updates_are_stored_handles_each_once_after_restart():
    residents = [4301, 4302, 4303]
    async with fresh_postgres_database(postgres_server_url()) as url:
        await upgrade_async(url)
        api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
        await api.start()
        control = ControlClient(api.url)
        locker = await asyncpg.connect(url.replace("+asyncpg", ""))
        engine = make_engine(url)
        uow_factory = lambda: SqlUnitOfWork(make_session_factory(engine))  # noqa: E731
        proc = await _bot_process(api, url)
        try:
            for user in residents:
                await control.create_user(user, f"住户{user}", language_code="zh")
            lock = locker.transaction()
            await lock.start()  # handlers read conversation_states first: they wait here
            await locker.execute("LOCK TABLE conversation_states IN ACCESS EXCLUSIVE MODE")
            sent = [await control.send_text(u, f"/start {uuid.uuid4().hex[:4]}")
                    for u in residents]
            wanted = {s["update_id"] for s in sent}
            for _ in range(200):
                rows, _ = await inbox.listing(uow_factory, "pending")
                if wanted <= {r.update_id for r in rows}:
                    break
                await asyncio.sleep(0.05)
            assert wanted <= {r.update_id for r in rows}, "not stored"
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            await lock.rollback()
            for user in residents:
                assert [m["from"]["id"] for m in await control.messages(user)] == [user]

            proc = await _bot_process(api, url)
            for user in residents:
                await control.wait_for_bot_messages(user, timeout=15)
            await asyncio.sleep(1.0)
            for user in residents:
                replies = [m for m in await control.messages(user) if m["from"]["id"] != user]
                assert len(replies) == 1 and replies[0]["text"].startswith("您好")
            _, counts = await inbox.listing(uow_factory)
            assert counts.get("done", 0) >= 3 and "pending" not in counts
        finally:
            if proc.returncode is None:
                proc.send_signal(signal.SIGTERM)
                await proc.wait()
            await locker.close()
            await engine.dispose()
            await control.aclose()
            await api.stop()


async def test_the_webhook_answers_503_while_the_database_is_down_and_telegram_retries(
        cluster_db):
    cluster, url = cluster_db
    api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN, staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    control = ControlClient(api.url)
    port = _free_port()
    settings = make_settings(url).model_copy(update={
        "webhook_url": f"http://127.0.0.1:{port}/telegram", "webhook_secret": "s3cret",
        "webhook_listen": "127.0.0.1", "webhook_port": port})
    try:
        async with running_bot(api, settings):
            await control.create_user(4401, "周", language_code="zh")
            cluster.stop("fast")
            sent = await control.send_text(4401, "/start")
            for _ in range(100):
                hook = api.state.webhook or {}
                if "503" in (hook.get("last_error_message") or ""):
                    break
                await asyncio.sleep(0.1)
            assert "503" in hook["last_error_message"]
            assert len(await control.messages(4401)) == 1  # nothing answered meanwhile
            cluster.start()
            reply = await control.wait_for_bot_messages(
                4401, after=sent["message"]["message_id"], timeout=20)
            assert reply[0]["text"].startswith("您好")
    finally:
        await control.aclose()
        await api.stop()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
