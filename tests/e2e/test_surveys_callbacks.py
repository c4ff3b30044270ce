"""The two callbacks end to end: result survey, answers audited, reopen on "not solved",
the recurrence check after the configured delay, and staff unable to answer."""

from datetime import datetime, timedelta

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import buttons, tickets
from tests.helpers.staff import ADMIN, WORKER, newest, team
from tests.helpers.surveys import answer, events_of, resolved_ticket, surveys_of, tick


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN, survey_round2_days=7)


def _now(app):
    return datetime.now(app.bot_data["services"].settings.tz)


async def _notice(control, app, resident, now):
    after = await resident.newest_id()
    assert await tick(app.bot, app.bot_data["services"], now=now) == 1
    [notice] = await control.wait_for_bot_messages(resident.user_id, after=after)
    return notice


async def test_resolve_sends_the_result_survey_and_records_answers(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7001)
    [first, second] = await surveys_of(bot, ticket.id)
    assert (first["round"], first["status"], second["round"]) == (1, "scheduled", 2)
    notice = await _notice(control, bot, resident, _now(bot))
    assert "已更换暖气阀门" in notice["text"] and "解决了吗" in notice["text"]
    sid = first["id"]
    assert buttons(notice) == [f"sv:{sid}:s:y", f"sv:{sid}:s:p", f"sv:{sid}:s:n"]
    assert (await surveys_of(bot, ticket.id))[0]["telegram_message_id"] == notice["message_id"]

    pressed = await answer(control, resident.user_id, notice, f"sv:{sid}:s:y")
    edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                         since=pressed["seq"])
    assert "满意吗" in edited["text"] and f"sv:{sid}:f:s" in buttons(edited)
    after = await resident.newest_id()
    await answer(control, resident.user_id, edited, f"sv:{sid}:f:b")
    [ask] = await control.wait_for_bot_messages(resident.user_id, after=after)
    assert buttons(ask) == [f"sv:{sid}:c:skip"]
    before = await newest(control)
    await resident.say("师傅很耐心")
    [note] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "师傅很耐心" in note["text"]

    row = (await surveys_of(bot, ticket.id))[0]
    assert (row["status"], row["solved"], row["satisfaction"], row["comment"]) == (
        "answered", "yes", "basic", "师傅很耐心")
    assert row["answer_update_id"] and row["is_latest"]
    audit = await events_of(bot, ticket.id, "survey_answer")
    assert [e.payload["answer"] for e in audit] == ["yes", "basic"]
    assert all(e.update_id and e.actor_kind == "resident" for e in audit)
    # a second press of an answered question changes nothing
    await answer(control, resident.user_id, notice, f"sv:{sid}:s:n", forge=True)
    assert (await tickets(bot))[0].status == "resolved"


async def test_not_solved_reopens_with_the_residents_words(bot, control):
    await team(control)
    resident, card, ticket = await resolved_ticket(control, bot, 7002)
    notice = await _notice(control, bot, resident, _now(bot))
    sid = (await surveys_of(bot, ticket.id))[0]["id"]
    before = await newest(control)
    pressed = await answer(control, resident.user_id, notice, f"sv:{sid}:s:n")
    msgs = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "没解决" in msgs[-1]["text"] and msgs[-1]["message_thread_id"] == \
        card["message_thread_id"]
    edited_card = await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"],
                                              since=pressed["seq"])
    assert "重新打开" in edited_card["text"]
    [t] = await tickets(bot)
    assert t.status == "reopened" and t.reopened_count == 1
    edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                         since=pressed["seq"])
    await answer(control, resident.user_id, edited, f"sv:{sid}:f:d")  # no second reopen
    assert (await tickets(bot))[0].reopened_count == 1
    # the recurrence check of a reopened cycle is never sent
    assert await tick(bot.bot, bot.bot_data["services"], now=_now(bot) + timedelta(days=8)) == 0


async def test_second_callback_after_the_delay_and_it_came_back_reopens(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 7003)
    notice = await _notice(control, bot, resident, _now(bot))
    sid = (await surveys_of(bot, ticket.id))[0]["id"]
    pressed = await answer(control, resident.user_id, notice, f"sv:{sid}:s:y")
    edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                         since=pressed["seq"])
    after = await resident.newest_id()
    await answer(control, resident.user_id, edited, f"sv:{sid}:f:s")
    await control.wait_for_bot_messages(resident.user_id, after=after)  # the comment prompt
    svc = bot.bot_data["services"]
    assert await tick(bot.bot, svc, now=_now(bot) + timedelta(days=6)) == 0
    check = await _notice(control, bot, resident, _now(bot) + timedelta(days=7, minutes=1))
    sid2 = (await surveys_of(bot, ticket.id))[1]["id"]
    assert "有没有再出现" in check["text"]
    assert buttons(check) == [f"sv:{sid2}:r:n", f"sv:{sid2}:r:y"]
    await answer(control, resident.user_id, check, f"sv:{sid2}:r:y")
    [t] = await tickets(bot)
    assert t.status == "reopened" and t.reopened_count == 1
    rows = await surveys_of(bot, ticket.id)
    assert rows[1]["recurred"] is True and rows[1]["is_latest"] and not rows[0]["is_latest"]


async def test_staff_cannot_answer_a_survey(bot, control):
    await team(control)
    resident, card, ticket = await resolved_ticket(control, bot, 7004)
    notice = await _notice(control, bot, resident, _now(bot))
    sid = (await surveys_of(bot, ticket.id))[0]["id"]
    # a forged survey button in the staff group, and in the worker's own private chat
    await answer(control, WORKER, card, f"sv:{sid}:s:y", chat_id=STAFF_CHAT_ID, forge=True)
    private = [m for m in await control.messages(WORKER) if m.get("from_bot")][-1]
    await answer(control, WORKER, private, f"sv:{sid}:s:n", chat_id=WORKER, forge=True)
    row = (await surveys_of(bot, ticket.id))[0]
    assert (row["status"], row["solved"], row["satisfaction"]) == ("sent", None, None)
    assert await events_of(bot, ticket.id, "survey_answer") == []
    assert (await tickets(bot))[0].status == "resolved"
    assert notice["message_id"] and resident
