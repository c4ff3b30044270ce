"""A problem inside a thank-you or a call for a person, and re-guessing the problem type
on the card (issue 20, item 2), end to end on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.e2e.test_reading_residents import step_of, until_card
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import Resident, reach_card, tickets
from tests.helpers.staff import ADMIN, newest


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def staff_after(control, before: int) -> list[dict]:
    """The bot's messages in the staff group after message ``before``."""
    await settled()
    return [m for m in await control.messages(STAFF_CHAT_ID, before)
            if m.get("from", {}).get("is_bot")]


async def test_a_problem_inside_a_thank_you_starts_a_report_with_its_category(bot, control):
    r = await Resident(control, 20301).join()
    reply = await r.say("谢谢师傅上次来修 这回是下水道又堵了")
    assert step_of(reply) == "cat" and "基础设施" in reply["text"]
    assert "不客气" not in reply["text"]
    card, _ = await until_card(r)
    assert "类别：城乡建设 · 基础设施" in card["text"]
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    assert ticket.category.endswith("基础设施") and "下水道又堵了" in ticket.description


@pytest.mark.parametrize("words, reply_starts", [
    ("谢谢", "不客气"), ("在吗", "有需要社区解决的问题"), ("你好", "有需要社区解决的问题"),
])
async def test_short_words_without_a_problem_start_nothing(bot, control, words, reply_starts):
    r = await Resident(control, 20302).join()
    reply = await r.say(words)
    assert reply["text"].startswith(reply_starts) and step_of(reply) == "other"


async def test_a_call_for_a_person_with_a_problem_shows_staff_its_type(bot, control):
    r = await Resident(control, 20303).join()
    before = await newest(control)
    reply = await r.say("给我找个真人 单元门禁刷不开了")
    assert "工作人员" in reply["text"]
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert any("单元门禁刷不开了" in t and "机器读出的问题类别：城乡建设 · 小区管理" in t
               for t in lines)


async def test_a_call_for_a_person_alone_shows_no_type(bot, control):
    r = await Resident(control, 20304).join()
    before = await newest(control)
    await r.say("我要找人")
    lines = [m["text"] for m in await staff_after(control, before) if m.get("text")]
    assert lines and not any("问题类别" in t for t in lines)


async def test_wrong_type_on_the_card_re_guesses_it_from_what_follows(bot, control):
    r = await Resident(control, 20305).join()
    await r.say("楼道灯不亮了")
    card, _ = await until_card(r)
    assert "类别：城乡建设" in card["text"]
    reply = await r.say("类别不对 是电梯坏了")
    assert reply["text"].startswith("好的，已改成") and step_of(reply) == "cat"
    assert "物业服务" in reply["text"]
    card, asked = await until_card(r)
    assert asked[0] == "cat" and "类别：城乡建设 · 物业服务" in card["text"]
    assert await tickets(bot) == []


async def test_editing_the_description_on_the_card_re_guesses_the_type(bot, control):
    r = await Resident(control, 20306).join()
    card = await reach_card(r)  # 暖气不热, its heating question answered
    assert "冬季采暖" in card["text"]
    await r.tap("intake:edit:what")
    reply = await r.say("不是暖气，是单元门禁刷不开了")
    assert step_of(reply) == "cat" and "小区管理" in reply["text"]
    card = await r.tap("intake:cat:0")
    assert step_of(card) == "ok"
    assert "类别：城乡建设 · 小区管理" in card["text"] and "单元门禁刷不开了" in card["text"]
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    assert ticket.category.endswith("小区管理")


async def test_a_status_question_about_a_problem_is_answered_as_one(bot, control):
    r = await Resident(control, 20307).join()
    reply = await r.say("上次反映的路灯修了没有")  # the NLU reads a category in it too
    assert reply["text"].startswith("发送 /status") and step_of(reply) == "other"
