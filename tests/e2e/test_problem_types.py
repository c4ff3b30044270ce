"""Problem types in plain words at the category question (issue 20, item 1), end to end on
SQLite and PostgreSQL: what the buttons say, what "其他" offers, what a ticket records."""

from __future__ import annotations

import asyncio

import pytest

from nlu.problem_types import load_problem_types
from tests.e2e.test_reading_residents import confirm, step_of, until_card
from tests.helpers.botharness import make_settings
from tests.helpers.resident import Resident, raw_buttons, tickets
from tests.helpers.staff import ADMIN

FIRST_LEVELS = ("城乡建设", "环境保护", "商贸旅游", "国土资源", "科技与信息产业", "卫生计生",
                "劳动和社会保障", "公安政法", "交通运输", "民政", "教育文体", "农村农业")


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


def button_texts(message: dict) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def plain(names: list[str]) -> bool:
    """No taxonomy words: no "·" path and no first-level class as a button."""
    return all("·" not in n and n not in FIRST_LEVELS for n in names)


async def test_the_question_and_its_buttons_speak_plain_words(bot, control):
    r = await Resident(control, 20401).join()
    reply = await r.say("屋里暖气片冰凉冰凉的，一点都不热")
    assert step_of(reply) == "cat"
    assert "暖气" in reply["text"] and "·" not in reply["text"]
    names = button_texts(reply)
    assert names[0] == "✅ 对" and names[-1] == "其他" and len(names) >= 3
    assert plain(names)
    assert all(n in {t.zh for t in load_problem_types().types} for n in names[1:-1])


async def test_other_offers_the_short_list_of_types_never_the_classes(bot, control):
    r = await Resident(control, 20402).join()
    await r.say("楼道灯不亮了")
    reply = await r.tap("intake:cat:other")
    types = load_problem_types()
    names = button_texts(reply)
    assert names[:-1] == [types.get(t).zh for t in types.other]
    assert plain(names)
    picked = await r.tap("intake:cat:4")  # 停电
    assert step_of(picked) != "cat"
    card, _ = await until_card(r)
    assert "停电" in card["text"]
    await confirm(control, r)
    [ticket] = await tickets(bot)
    assert ticket.problem_type == "power_cut" and ticket.problem_type_by == "resident"
    assert ticket.category == types.get("power_cut").leaf


async def test_a_ticket_records_the_confirmed_type_and_staff_see_it(bot, control):
    r = await Resident(control, 20403).join()
    await r.say("电梯又坏了，停在三楼不动")
    card, _ = await until_card(r)
    assert "电梯" in card["text"]
    _, posted = await confirm(control, r)
    [ticket] = await tickets(bot)
    kind = load_problem_types().get(ticket.problem_type)
    assert kind.id.startswith("lift_") and ticket.category == kind.leaf
    # the type, then its category in brackets
    assert any(f"{kind.zh}（城乡建设" in m.get("text", "") for m in posted)


async def test_a_forged_category_button_changes_nothing(bot, control):
    r = await Resident(control, 20404).join()
    asked = await r.say("下水道堵了，厨房的水下不去")
    forged = next(d for d in raw_buttons(asked) if d.startswith("intake:cat:0")).replace(
        ":cat:0", ":cat:9")
    pressed = await control.press(r.user_id, asked["message_id"], forged, forge=True)
    for _ in range(50):
        answers = [a for m in await control.messages(r.user_id)
                   for a in m.get("callback_answers", [])
                   if a.get("callback_query_id") == pressed["callback_query_id"]]
        if answers:
            break
        await asyncio.sleep(0.1)
    assert answers and answers[0].get("show_alert")
    after = await r.tap("intake:cat:0", message=asked)  # the real buttons still work
    assert step_of(after) != "cat"
    assert await tickets(bot) == []


async def test_a_types_default_level_makes_it_urgent_without_asking(bot, control):
    r = await Resident(control, 20405).join()
    reply = await r.say("小区路上的井盖不知道被谁掀走了")
    assert step_of(reply) == "cat" and "井盖" in reply["text"]
    card, asked = await until_card(r)
    assert "urg" not in asked  # 井盖缺失 is urgent by default: not asked
    assert "比较急" in card["text"]
    await confirm(control, r)
    [ticket] = await tickets(bot)
    assert ticket.problem_type == "manhole" and ticket.urgency == "urgent"


async def test_two_problems_in_one_message_each_named_by_type(bot, control):
    r = await Resident(control, 20406).join()
    await r.say("暖气不热，还有楼道灯也坏了")
    card, _ = await until_card(r)
    assert "暖气不热" in card["text"] and "楼道灯" in card["text"]
    await confirm(control, r, cards=2)
    found = {t.problem_type for t in await tickets(bot)}
    assert found == {"heating_cold", "corridor_light"}


async def test_english_buttons_use_the_english_names(bot, control):
    r = await Resident(control, 20407).join("Anna", "en")
    reply = await r.say("the radiators in my flat are cold")
    assert step_of(reply) == "cat"
    names = button_texts(reply)
    assert "Heating not warm" in reply["text"] + " ".join(names)
    assert plain(names)
