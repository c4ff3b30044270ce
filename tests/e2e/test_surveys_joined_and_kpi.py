"""Joined residents get their own survey, and `/kpi` shows the rates in the staff chat."""

import asyncio
from datetime import datetime, timedelta

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import Resident, buttons, neighbour_offered_to_join, tickets
from tests.helpers.staff import ADMIN, STRANGER, SUPERVISOR, WORKER, newest, press, say, team
from tests.helpers.surveys import answer, events_of, surveys_of, tick
from tests.integration.factories import add_resident, add_ticket


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


def _now(app):
    return datetime.now(app.bot_data["services"].settings.tz)


async def _resolve_joined(control, app, first_id: int, second_id: int):
    """Two residents on one ticket; 王 claims and resolves it."""
    await team(control)
    second, _ = await neighbour_offered_to_join(control, first_id, second_id)
    await second.tap("intake:join:yes")
    for _ in range(250):  # the card outbox posts, then records, the ticket's card
        [ticket] = await tickets(app)
        if ticket.staff_chat_message_id is not None:
            break
        await asyncio.sleep(0.02)
    [card] = [m for m in await control.messages(STAFF_CHAT_ID)
              if m["message_id"] == ticket.staff_chat_message_id]
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    after = await control.history(first_id)
    await control.send_text(WORKER, "马上来看", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_change(first_id, after["seq"])  # the first response
    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, "已排气，暖气恢复", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    return Resident(control, first_id), second, ticket


async def test_a_joined_resident_is_surveyed_and_answers_only_for_themselves(bot, control):
    first, second, ticket = await _resolve_joined(control, bot, 7201, 7202)
    rows = await surveys_of(bot, ticket.id)
    round1 = {r["resident_id"]: r for r in rows if r["round"] == 1}
    assert len(round1) == 2 and len([r for r in rows if r["round"] == 2]) == 2

    after = {r.user_id: await r.newest_id() for r in (first, second)}
    assert await tick(bot.bot, bot.bot_data["services"], now=_now(bot)) == 2
    [notice1] = await control.wait_for_bot_messages(first.user_id, after=after[first.user_id])
    [notice2] = await control.wait_for_bot_messages(second.user_id, after=after[second.user_id])
    assert "已排气" in notice1["text"] and "已排气" in notice2["text"]
    sid1, sid2 = buttons(notice1)[0].split(":")[1], buttons(notice2)[0].split(":")[1]
    assert sid1 != sid2

    # the neighbour cannot answer the reporter's survey, even with forged data
    await answer(control, second.user_id, notice2, f"sv:{sid1}:s:y", forge=True)
    # the neighbour says "not solved" on their own survey: the ticket reopens
    await answer(control, second.user_id, notice2, f"sv:{sid2}:s:n")
    by_id = {r["id"]: r for r in await surveys_of(bot, ticket.id)}
    assert by_id[int(sid1)]["solved"] is None and by_id[int(sid1)]["status"] == "sent"
    assert by_id[int(sid2)]["solved"] == "no"
    [t] = await tickets(bot)
    assert t.status == "reopened" and t.reopened_count == 1

    # the reporter still answers their own, which stays theirs alone
    await answer(control, first.user_id, notice1, f"sv:{sid1}:s:y")
    by_id = {r["id"]: r for r in await surveys_of(bot, ticket.id)}
    assert by_id[int(sid1)]["solved"] == "yes" and by_id[int(sid2)]["solved"] == "no"
    audit = await events_of(bot, ticket.id, "survey_answer")
    assert sorted((e.payload["survey"], e.payload["answer"]) for e in audit) == sorted(
        [(int(sid2), "no"), (int(sid1), "yes")])


async def test_kpi_in_the_staff_chat_shows_the_rates_of_the_month(bot, control):
    first, second, ticket = await _resolve_joined(control, bot, 7203, 7204)
    await tick(bot.bot, bot.bot_data["services"], now=_now(bot))
    for resident in (first, second):
        notice = [m for m in await control.messages(resident.user_id) if m.get("from_bot")][-1]
        sid = buttons(notice)[0].split(":")[1]
        pressed = await answer(control, resident.user_id, notice, f"sv:{sid}:s:y")
        edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                             since=pressed["seq"])
        await answer(control, resident.user_id, edited, f"sv:{sid}:f:s")
    async with bot.bot_data["services"].uow_factory() as uow:  # not answered yet, not late
        await add_ticket(uow, (await add_resident(uow)).id, created_at=_now(bot),
                         respond_due_at=_now(bot) + timedelta(hours=1))
        await uow.commit()

    [reply] = await say(control, SUPERVISOR, "/kpi")
    now = _now(bot)
    month = now.strftime("%Y-%m")
    lines = reply["text"].splitlines()
    assert len(lines) <= 12, reply["text"]  # a phone screen; the details are a tap away
    # the running month is labelled as such
    assert lines[0].startswith(f"📊 三率 {month}（") and f"截至 {now:%m-%d}" in lines[0]
    assert "未完整" in lines[0]
    total, basis, pending = lines[1:4]
    # two tickets: one answered in time by 王, confirmed solved and satisfied by both
    # residents; one still within its response time, in neither side of the response rate
    assert total.startswith("合计 2 件") and total.count("100.0%") == 3, total
    assert basis.startswith("已回访 1 件，确认解决 1 件")
    assert pending == "其中 1 件仍在响应时限内，未计入响应率"
    assert "• 工作人员 王（" in reply["text"] and "13900139000" not in reply["text"]
    assert "类别 城乡建设：" not in reply["text"]  # the breakdown is behind the button
    assert buttons(reply) == [f"kpi:details:{month}", f"kpi:units:{month}"]

    before = await newest(control)  # a stranger's press: refused on the server, nothing said
    await press(control, STRANGER, reply, f"kpi:details:{month}")
    await press(control, SUPERVISOR, reply, "kpi:details:2026-13x", forge=True)
    assert await control.messages(STAFF_CHAT_ID, after=before) == []
    await press(control, WORKER, reply, f"kpi:details:{month}")
    [details] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert details["text"].startswith(f"📋 明细：📊 三率 {month}")
    assert "类别 城乡建设：工单 2" in details["text"] and "工作人员 王：" in details["text"]
    assert "楼栋 " in details["text"] and "剔除工单 0 件" in details["text"]

    before = await newest(control)  # the units ranked: the one community of today
    await press(control, STRANGER, reply, f"kpi:units:{month}")
    assert await control.messages(STAFF_CHAT_ID, after=before) == []
    await press(control, WORKER, reply, f"kpi:units:{month}")
    posted = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    [ranked] = [m for m in posted if m.get("text", "").startswith("🏆")]
    title, first, excluded = ranked["text"].splitlines()
    assert title.startswith("🏆 单位考核排名（") and "得分 = 响应20% + 解决40% + 满意40%" in title
    assert first.startswith("1. 社区（上期无）") and first.endswith("｜得分 100.0"), first
    assert excluded == "剔除 0 件（不计入任何单位）。"

    [usage] = await say(control, SUPERVISOR, "/kpi 十一月")
    assert "/kpi" in usage["text"] and "2026-11" in usage["text"]
    [stranger] = await say(control, 9099, "/kpi")
    assert "不是工作人员" in stranger["text"]
