"""/mydata: see, export and erase a resident's own data (SQLite and PostgreSQL)."""

import json
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select

from domain.rates import report
from storage.models import Base
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import buttons, report_in_own_words
from tests.helpers.staff import (
    ADMIN,
    WORKER,
    newest,
    press,
    resident_writes,
    team,
    ticket_of_card,
    worker_writes,
)
from tests.helpers.surveys import answer, sent_survey, surveys_of

NAME, PHONE, WORDS, NOTE = "测甲", "13911112222", "厨房暖气片漏水甲记", "甲补充说明在家等"
USER = 7206203001  # a real-sized Telegram id: found anywhere after erasure, it is a leak


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _report(control, user_id, name, phone, words):
    return await report_in_own_words(control, user_id, words, name, phone, "9号楼1单元101")


async def _mydata(control, r):
    return await r.say("/mydata")


async def test_mydata_shows_and_exports_only_the_residents_own_data(bot, control, local_api):
    await team(control)
    r, _ = await _report(control, 6201, NAME, PHONE, WORDS)
    await _report(control, 6202, "邻居乙", "13722223333", "楼道灯不亮乙记")
    shown = await _mydata(control, r)
    assert NAME in shown["text"] and PHONE in shown["text"] and "JS-" in shown["text"]
    assert buttons(shown) == ["md:export", "md:erase"]
    sent = await r.tap("md:export", shown)
    assert sent["document"]["file_name"] == "mydata.json"
    async with httpx.AsyncClient(base_url=local_api.url) as http:
        body = (await http.get(f"/control/file/{sent['document']['file_id']}")).content
    data = json.loads(body)
    assert data["name"] == NAME and data["phone"] == PHONE
    assert [t["description"] for t in data["tickets"]] == [WORDS]
    assert "乙" not in body.decode() and "13722223333" not in body.decode()


async def _all_text(app) -> str:
    """Every row of every table, as text."""
    rows = []
    async with app.bot_data["services"].uow_factory() as uow:
        for table in Base.metadata.sorted_tables:
            rows += [repr(tuple(r)) for r in (await uow.session.execute(select(table))).all()]
    return "\n".join(rows)


async def test_erase_keeps_the_rates_and_leaves_nothing_personal(bot, control):
    await team(control)
    r, card = await _report(control, USER, NAME, PHONE, WORDS)
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await worker_writes(control, r, card, "明天上午去修")
    relayed = await resident_writes(control, r, NOTE)  # relayed into the ticket's topic
    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, "已修好", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    services = bot.bot_data["services"]
    now = datetime.now(services.settings.tz)
    notice = await sent_survey(control, bot, r, now)
    sid = (await surveys_of(bot, ticket.id))[0]["id"]
    await answer(control, r.user_id, notice, f"sv:{sid}:s:y")
    start, end = now.replace(day=1, hour=0), now.replace(year=now.year + 1)
    rates_before = await report(services.uow_factory, start, end, now=now)

    shown = await _mydata(control, r)
    ask = await r.tap("md:erase", shown)
    assert "无法恢复" in ask["text"] and buttons(ask) == ["md:erase_yes", "md:keep"]
    await control.press(r.user_id, ask["message_id"], "md:erase_yes")
    done = await control.wait_for_edit(r.user_id, ask["message_id"], since=0)
    assert "已删除" in done["text"]

    everything = await _all_text(bot)
    for personal in (NAME, PHONE, WORDS, NOTE, "9号楼1单元101", str(r.user_id)):
        assert personal not in everything, personal
    rates_after = await report(services.uow_factory, start, end, now=now)
    assert rates_after.lines == rates_before.lines
    history = await control.messages(STAFF_CHAT_ID)
    [copy] = [m for m in history if m["message_id"] == relayed["message_id"]]
    assert copy.get("deleted") and "删除了 1 条" in done["text"]
    [edited] = [m for m in history if m["message_id"] == card["message_id"]]
    assert WORDS not in edited["text"] and ticket.code in edited["text"]
    again = await _mydata(control, r)  # a later message starts fresh
    assert again["text"] == "我们没有保存您的任何个人信息。"


async def test_erase_withdraws_an_open_ticket_and_tells_its_topic(bot, control):
    await team(control)
    r, card = await _report(control, 6204, NAME, PHONE, WORDS)
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    ask = await r.tap("md:erase", await _mydata(control, r))
    before = await newest(control)
    await control.press(r.user_id, ask["message_id"], "md:erase_yes")
    told = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert any(ticket.code in m["text"] and "撤回" in m["text"] and
               m.get("message_thread_id") == card["message_thread_id"] for m in told)
    services = bot.bot_data["services"]
    async with services.uow_factory() as uow:
        row = await uow.tickets.get(ticket.id)
        assert row.status == "withdrawn" and row.description == ""
        kinds = [e.kind for e in await uow.events.list_for_ticket(ticket.id)]
    assert "withdrawn" in kinds and "resident_erased" in kinds


async def test_keep_changes_nothing(bot, control):
    await team(control)
    r, _ = await _report(control, 6205, NAME, PHONE, WORDS)
    ask = await r.tap("md:erase", await _mydata(control, r))
    await control.press(r.user_id, ask["message_id"], "md:keep")
    kept = await control.wait_for_edit(r.user_id, ask["message_id"], since=0)
    assert "不变" in kept["text"]
    assert NAME in (await _mydata(control, r))["text"]
