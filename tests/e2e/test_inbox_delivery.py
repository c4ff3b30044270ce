"""The inbox end to end: restarts, redelivery, failures and forged input, on the real bot."""

import asyncio
import gc
import socket

from telegram.ext import CommandHandler

from bot.localapi.client import ControlClient
from bot.runner import run
from domain import inbox
from domain.inbox import Received
from handlers.texts import CATALOGUES
from storage.models import utcnow
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, running_bot, settled
from tests.helpers.resident import Resident, reach_card, tickets
from tests.helpers.staff import ADMIN, open_ticket, team
from tests.helpers.surveys import events_of, resolved_ticket, sent_survey, surveys_of

ZH = CATALOGUES["zh"]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _playground_answers(settings, user_id):
    """One `make run`: its own local Bot API, the bot; a resident sends /start."""
    stop = asyncio.Event()
    task = asyncio.create_task(run(settings, stop))
    try:
        async with ControlClient(f"http://127.0.0.1:{settings.local_api_port}") as control:
            for _ in range(100):
                try:
                    await control.info()
                    break
                except Exception:
                    await asyncio.sleep(0.1)
            await control.create_user(user_id, "赵", language_code="zh")
            sent = await control.send_text(user_id, "/start")
            reply = await control.wait_for_bot_messages(
                user_id, after=sent["message"]["message_id"], timeout=10)
            return sent["update_id"], reply[0]["text"]
    finally:
        stop.set()
        await task
        gc.unfreeze()


async def test_the_playground_answers_after_a_run_stop_run(tmp_path):
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'fd.sqlite3'}",
                             local_api_port=_free_port())
    first_id, first = await _playground_answers(settings, 4101)
    second_id, second = await _playground_answers(settings, 4101)
    assert first.startswith("您好") and second.startswith("您好")
    assert second_id > first_id  # update ids keep increasing, as on Telegram


async def test_updates_stored_before_a_crash_are_handled_once_after_it(
        local_api, control, bot_settings):
    """As if a process stored three updates and was killed before handling them."""
    from bot.services import build_services
    services = build_services(bot_settings)
    user = 4102
    await control.create_user(user, "钱", language_code="zh")
    payloads = []
    for n, words in enumerate(["/start", "/help", "/status"]):
        payloads.append({"update_id": 10_000 + n, "message": {
            "message_id": 500 + n, "date": 1_780_000_000, "text": words,
            "chat": {"id": user, "type": "private", "first_name": "钱"},
            "from": {"id": user, "is_bot": False, "first_name": "钱", "language_code": "zh"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(words)}]}})
    try:
        await inbox.store(services.uow_factory, [
            Received(p["update_id"], f"c:{user}", user, user, "message", p) for p in payloads],
            utcnow())
    finally:
        await services.close()
    async with running_bot(local_api, bot_settings) as app:
        replies = await control.wait_for_bot_messages(user, count=3)
        assert replies[0]["text"].startswith("您好")  # in update order
        assert replies[1]["text"] == ZH["help"]
        await asyncio.sleep(0.5)
        assert len(await control.messages(user)) == 3  # each once
        _, counts = await inbox.listing(app.bot_data["services"].uow_factory)
        assert counts == {"done": 3}


async def test_a_reply_that_fails_on_the_network_is_not_guessed_and_staff_are_told(bot, control):
    """A 502 hides whether the message arrived: a resident's reply is at most once, so it
    becomes uncertain (not sent twice) and staff hear of it; the ticket and card are one."""
    r = await Resident(control, 4103).join()
    await reach_card(r)
    await control.fail_next("sendMessage", 1)  # the "opened" message fails once (502)
    newest = await r.newest_id()
    await control.press(r.user_id, r.last["message_id"], _ok_data(r.last))
    await control.wait_for_bot_messages(STAFF_CHAT_ID, count=2, timeout=15)  # card, notice
    await settled()
    assert len(await tickets(bot)) == 1
    code = (await tickets(bot))[0].code
    assert [m for m in await control.messages(r.user_id) if m["message_id"] > newest
            and m["from"]["is_bot"]] == []
    staff = [m.get("text") or "" for m in await control.messages(STAFF_CHAT_ID)]
    assert len([t for t in staff if code in t and "🆕" in t]) == 1
    assert len([t for t in staff if "不确定是否送达" in t and "回复" in t]) == 1
    async with bot.bot_data["services"].uow_factory() as uow:
        assert (await uow.outbox.counts()).get("uncertain") == 1
    _, counts = await inbox.listing(bot.bot_data["services"].uow_factory)
    assert set(counts) == {"done"}


def _ok_data(message):
    rows = message["reply_markup"]["inline_keyboard"]
    return next(b["callback_data"] for row in rows for b in row
                if b["callback_data"].startswith("intake:ok"))


FORGED = ["sv:99999999999999999999:solved:yes", "sv:²:solved:yes", "tk:wd:١٢",
          "tk:note:99999999999999999999", "staff:claim:99999999999999999999",
          "staff:claim:²", "nx:send:99999999999999999999", "dg:ticket:99999999999999999999",
          "dg:more:daily:2026-11-23:99999999999999999", "nt:report:99999999999999999999",
          "intake:cat:99:abcdef", "zz:nothing", "staff:claim"]


async def test_forged_presses_are_answered_and_never_reach_staff(bot, control):
    await team(control)
    r, card = await open_ticket(control, 4104)
    staff_before = len(await control.messages(STAFF_CHAT_ID))
    presses = []
    for n in range(30):
        data = FORGED[n % len(FORGED)]
        presses.append(await control.press(r.user_id, r.last["message_id"], data, forge=True))
    for pressed in presses:  # every press gets an answer (no endless spinner)
        for _ in range(50):
            chat = await control.messages(r.user_id)
            answered = [a for m in chat for a in m.get("callback_answers", [])
                        if a.get("callback_query_id") == pressed["callback_query_id"]]
            if answered:
                break
            await asyncio.sleep(0.1)
        assert answered, pressed
    await asyncio.sleep(1.0)
    assert len(await control.messages(STAFF_CHAT_ID)) == staff_before
    uow_factory = bot.bot_data["services"].uow_factory
    _, counts = await inbox.listing(uow_factory)
    assert "parked" not in counts and "pending" not in counts


async def _boom(update, context):
    raise RuntimeError("a bug")


async def test_thirty_failures_tell_staff_once_with_and_each_sender_once(bot, control):
    bot.add_handler(CommandHandler("boom", _boom), group=-5)  # before the catch-alls
    user = 4105
    await control.create_user(user, "孙", language_code="zh")
    before = len(await control.messages(STAFF_CHAT_ID))
    for _ in range(30):
        await control.send_text(user, "/boom")
    replies = await control.wait_for_bot_messages(user, count=30, timeout=20)
    assert {m["text"] for m in replies} == {ZH["error_generic"]}
    await asyncio.sleep(1.0)
    assert len(await control.messages(user)) == 60  # 30 sent, 30 answered: one each
    notices = (await control.messages(STAFF_CHAT_ID))[before:]
    assert len(notices) == 1 and "RuntimeError" in notices[0]["text"]
    rows, counts = await inbox.listing(bot.bot_data["services"].uow_factory, "parked")
    assert counts["parked"] == 30 and {r.error for r in rows} == {"RuntimeError"}


async def test_a_survey_answer_tried_again_is_recorded_once_and_shows_the_next_question(
        local_api, control, migrated_db_url):
    settings = make_settings(migrated_db_url, first_admin_id=ADMIN)
    async with running_bot(local_api, settings) as app:
        await team(control)
        resident, _, ticket = await resolved_ticket(control, app, 4106)
        notice = await sent_survey(control, app, resident)
        sid = (await surveys_of(app, ticket.id))[0]["id"]
        await control.fail_next("editMessageText", 1)  # the answer is stored, the edit fails
        pressed = await control.press(resident.user_id, notice["message_id"], f"sv:{sid}:s:y")
        edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                             since=pressed["seq"], timeout=15)
        assert "满意吗" in edited["text"]  # the retry showed the next question
        answers = await events_of(app, ticket.id, "survey_answer")
        assert [e.payload["answer"] for e in answers] == ["yes"]


async def test_a_head_read_before_it_was_handled_is_not_handled_again(bot, control):
    """The once-a-second look may read a head that a task handles before the look returns."""
    user = 4107
    await control.create_user(user, "吴", language_code="zh")
    payload = {"update_id": 20_000, "message": {
        "message_id": 700, "date": 1_780_000_000, "text": "/help",
        "chat": {"id": user, "type": "private", "first_name": "吴"},
        "from": {"id": user, "is_bot": False, "first_name": "吴", "language_code": "zh"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
    dispatcher = bot.bot_data["inbox"]
    uow_factory = bot.bot_data["services"].uow_factory
    heads = await inbox.store(uow_factory, [Received(20_000, f"c:{user}", user, user,
                                                     "message", payload)], utcnow())
    stale = heads[f"c:{user}"]
    dispatcher.stored(heads)
    await control.wait_for_bot_messages(user)
    for _ in range(50):
        if f"c:{user}" not in dispatcher._busy:
            break
        await asyncio.sleep(0.05)
    dispatcher.stored({f"c:{user}": stale})  # as a look that read it before it was handled
    await asyncio.sleep(1.0)
    assert len(await control.messages(user)) == 1
