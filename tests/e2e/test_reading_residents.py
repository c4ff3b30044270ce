"""Reading residents right (issue 18), end to end on SQLite and PostgreSQL.

Each conversation is written the way residents write: colloquial, corrections mid-way,
several problems at once, no phone. Each asserts what the resident reads back (the card
and the promised deadlines) and what the staff card shows.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import Resident, buttons, reach_card, tickets
from tests.helpers.staff import ADMIN, newest

WHERE_Q, PHONE_Q = "问题在哪里", "怎么联系您"


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


def step_of(message: dict) -> str:
    """Which question a bot message asks."""
    data, words = buttons(message), message.get("text") or ""
    for verb in ("ok", "join", "cat", "cl", "when", "urg"):
        if any(d and d.startswith(f"intake:{verb}") for d in data):
            return verb
    if WHERE_Q in words:
        return "where"
    if PHONE_Q in words:
        return "phone"
    return "other"


async def until_card(r: Resident, *, where: str = "5号楼2单元301", phone: str = "13800138000",
                     urgency: str = "normal") -> tuple[dict, list[str]]:
    """Answers whatever is asked until the read-back card; returns it and the steps asked."""
    asked: list[str] = []
    for _ in range(12):
        step = step_of(r.last)
        asked.append(step)
        if step in ("ok", "join"):
            return r.last, asked
        if step == "cat":
            await r.tap("intake:cat:0")
        elif step == "cl":
            await r.tap("intake:cl:0")
        elif step == "when":
            await r.tap("intake:when:tomorrow_am")
        elif step == "urg":
            await r.tap(f"intake:urg:{urgency}")
        elif step == "where":
            await r.say(where)
        elif step == "phone":
            await r.say(phone)
        else:
            raise AssertionError(f"unexpected question: {r.last.get('text')}")
    raise AssertionError("never reached the card")


async def confirm(control, r: Resident, cards: int = 1) -> tuple[dict, list[dict]]:
    """Taps confirm; returns the resident's answer and the staff cards posted."""
    before = await newest(control)
    done = await r.tap("intake:ok")
    posted = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before, count=cards)
    return done, posted


async def resident(control, user_id: int, first: str) -> Resident:
    r = await Resident(control, user_id).join()
    await r.say(first)
    return r


# --- 1. Urgency: three levels, each with its deadlines and advice -------------------------

async def test_bijiao_ji_typed_at_the_urgency_step_makes_it_urgent(bot, control):
    r = await resident(control, 18002, "楼道灯不亮了")
    await r.tap("intake:cat:0")
    await r.say("5号楼2单元301")
    await r.say("13800138000")
    await r.tap("intake:when:tomorrow_am")
    card = await r.say("比较急")
    assert "紧急程度：比较急｜2小时内联系您，24小时内处理好" in card["text"]
    done, [staff] = await confirm(control, r)
    assert "2小时内联系您" in done["text"]
    assert "较急" in staff["text"]
    [ticket] = await tickets(bot)
    assert ticket.urgency == "urgent"
    assert ticket.respond_due_at - ticket.created_at == timedelta(hours=2)


async def test_a_single_ji_at_the_urgency_step_never_skips_the_card(bot, control):
    r = await resident(control, 18003, "楼道灯不亮了")
    await r.tap("intake:cat:0")
    await r.say("5号楼2单元301")
    await r.say("13800138000")
    await r.tap("intake:when:tomorrow_am")
    card = await r.say("急")
    assert step_of(card) == "ok" and "请核对" in card["text"]
    assert "紧急程度：比较急" in card["text"]
    assert await tickets(bot) == []  # nothing opened before the resident confirms


async def test_water_through_the_ceiling_onto_the_lights_is_an_emergency(bot, control):
    await Resident(control, 18004).join()
    before = await newest(control)
    sent = await control.send_text(18004, "3号楼2单元501 楼上漏水，水顺着天花板的灯往下流")
    advice, opened = await control.wait_for_bot_messages(18004, sent["message"]["message_id"], 2)
    assert "电闸" in advice["text"] and "触电" in advice["text"]
    assert "30分钟内联系您" in opened["text"]
    [staff] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "紧急" in staff["text"] and "地点：3号楼2单元501" in staff["text"]
    [ticket] = await tickets(bot)
    assert ticket.urgency == "emergency" and ticket.building == "3" and ticket.room == "501"


async def test_an_emergency_card_carries_place_and_phone_from_the_message(bot, control):
    await Resident(control, 18005).join()
    before = await newest(control)
    await control.send_text(18005, "7号楼1单元202 厨房一股煤气味 我电话13800138005")
    [staff] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "地点：7号楼1单元202" in staff["text"] and "电话：138****8005" in staff["text"]
    [ticket] = await tickets(bot)
    assert ticket.contact_phone_normalized == "13800138005"
    assert ticket.respond_due_at - ticket.created_at <= timedelta(minutes=30)


async def test_a_burst_pipe_is_urgent_with_advice_and_not_asked_how_urgent(bot, control):
    r = await resident(control, 18006, "楼上水管爆了 水哗哗往下流 5号楼2单元301")
    assert "总水阀" in r.last["text"]  # the advice comes with the first question
    card, asked = await until_card(r)
    assert "urg" not in asked
    assert "比较急（水管爆裂）｜1小时内联系您，8小时内处理好" in card["text"]
    done, [staff] = await confirm(control, r)
    assert "1小时内联系您" in done["text"] and "较急" in staff["text"]


async def test_no_heating_for_an_old_person_in_a_cold_snap_is_urgent(bot, control):
    r = await resident(control, 18007, "家里暖气不热，老人八十多了，这几天寒潮降温")
    card, asked = await until_card(r)
    assert "urg" not in asked
    assert "比较急（老人孩子没暖气）｜1小时内联系您，12小时内处理好" in card["text"]


async def test_no_gas_smell_is_not_an_emergency(bot, control):
    r = await resident(control, 18008, "没有煤气味，就是暖气不热")
    card, _ = await until_card(r)
    assert "紧急程度：不急｜2小时内联系您，24小时内处理好" in card["text"]


async def test_a_burst_pipe_in_english_gets_advice(bot, control):
    r = await Resident(control, 18009).join("Ann", "en")
    reply = await r.say("A pipe burst in my kitchen, 5号楼2单元301")
    assert "main water valve" in reply["text"]


# --- 2. Places, times, corrections ------------------------------------------------------

async def test_a_floor_after_the_building_never_loses_the_building(bot, control):
    r = await resident(control, 18010, "电梯坏了，我住3号楼2单元，家在6楼")
    card, asked = await until_card(r)
    assert "where" not in asked
    assert "地点：3号楼2单元6层" in card["text"]


async def test_a_floor_before_a_full_address_in_a_long_message(bot, control):
    r = await resident(control, 18011, "我家住6楼，楼道灯一直不亮，晚上特别黑，老人上下楼很危险，"
                                       "地址是5号楼3单元602，麻烦尽快")
    card, asked = await until_card(r)
    assert "where" not in asked and "地点：5号楼3单元602" in card["text"]


async def test_a_floor_alone_is_kept_and_the_building_asked(bot, control):
    r = await resident(control, 18012, "我家住6楼 楼道灯坏了")
    card, asked = await until_card(r, where="3号楼2单元")
    assert "where" in asked and "地点：3号楼2单元6层" in card["text"]


async def test_opening_hours_in_a_long_message_are_not_a_visit_time(bot, control):
    r = await resident(control, 18013, "楼下饭馆营业时间是早上十点到晚上十点，油烟太大了，"
                                       "5号楼1单元101")
    card, asked = await until_card(r)
    assert "when" in asked and "上门时间：明天上午" in card["text"]
    assert "早上十点" not in card["text"].split("上门时间：")[1]


async def test_a_correction_at_the_time_question_changes_the_problem(bot, control):
    r = await resident(control, 18014, "楼道灯不亮了 5号楼2单元301 电话13800138000")
    await r.tap("intake:cat:0")
    assert step_of(r.last) == "when"
    fixed = await r.say("不是灯 是电梯坏了")
    assert fixed["text"].startswith("好的，已改成：不是灯 是电梯坏了") and step_of(fixed) == "cat"
    assert "电梯坏了。对吗" in fixed["text"]
    card, asked = await until_card(r)
    assert "when" in asked  # still asked: the correction was not taken as a time
    assert "不是灯 是电梯坏了" in card["text"] and "上门时间：明天上午" in card["text"]


async def test_a_time_with_after_is_kept_whole(bot, control):
    r = await resident(control, 18015, "楼道灯不亮了 5号楼2单元301 电话13800138000")
    await r.tap("intake:cat:0")
    reply = await r.say("明儿上午十点以后")
    assert step_of(reply) == "urg"
    card = await r.tap("intake:urg:normal")
    assert "上门时间：明儿上午十点以后" in card["text"]


async def test_an_explicit_visit_phrase_in_the_first_message_is_the_visit_time(bot, control):
    r = await resident(control, 18016, "暖气不热，下午三点以后都在家，5号楼2单元301")
    card, asked = await until_card(r)
    assert "when" not in asked and "上门时间：下午三点以后都在家" in card["text"]


async def test_a_correction_of_the_building_at_the_phone_question(bot, control):
    r = await resident(control, 18017, "楼道灯不亮了 5号楼2单元301")
    await r.tap("intake:cat:0")
    assert step_of(r.last) == "phone"
    reply = await r.say("不对不对 是8号楼3单元")
    assert reply["text"].startswith("好的，已记下：地点 8号楼3单元")
    assert "号码好像不对" not in reply["text"] and step_of(reply) == "phone"
    card, _ = await until_card(r)
    assert "地点：8号楼3单元\n" in card["text"]


async def test_a_correction_of_the_phone_on_the_card(bot, control):
    r = await Resident(control, 18018).join()
    await reach_card(r)
    card = await r.say("电话写错了，应该是13900139000")
    assert card["text"].startswith("好的，已记下：电话 13900139000")
    assert "电话：13900139000" in card["text"] and await tickets(bot) == []


async def test_a_correction_of_the_address_at_the_urgency_question(bot, control):
    r = await resident(control, 18019, "楼道灯不亮了 5号楼2单元301 13800138000")
    await r.tap("intake:cat:0")
    await r.tap("intake:when:today")
    reply = await r.say("哦不对，地址是7号楼1单元202")
    assert step_of(reply) == "urg" and "地点 7号楼1单元202" in reply["text"]
    card = await r.tap("intake:urg:normal")
    assert "地点：7号楼1单元202" in card["text"]


# --- 3. Yes and no ----------------------------------------------------------------------

@pytest.mark.parametrize("words", ["啊", "嗯", "ok", "啊" * 1000, "好的吧我再想想"])
async def test_free_text_on_the_card_never_confirms(bot, control, words):
    r = await Resident(control, 18020).join()
    await reach_card(r)
    reply = await r.say(words)
    assert "请核对" in reply["text"] and step_of(reply) == "ok"
    assert await tickets(bot) == []


async def test_plain_yes_words_confirm_the_card_and_the_category(bot, control):
    r = await resident(control, 18021, "俺家暖气不热乎了 冻死了")
    reply = await r.say("对的")
    assert step_of(reply) == "cl"
    card, _ = await until_card(r)
    assert step_of(card) == "ok"
    before = await newest(control)
    done = await r.say("确定")
    assert done["text"].startswith("已登记")
    await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert len(await tickets(bot)) == 1


async def test_a_no_on_the_card_asks_what_to_change(bot, control):
    r = await Resident(control, 18022).join()
    await reach_card(r)
    reply = await r.say("不对")
    assert reply["text"].startswith("好的，先不提交。想改哪一项") and step_of(reply) == "ok"
    assert await tickets(bot) == []


async def test_jiaru_ba_joins_and_buyong_reports_separately(bot, control):
    first = await Resident(control, 18023).join()
    await reach_card(first)
    await first.tap("intake:ok")
    second = await resident(control, 18024, "暖气不热")
    offer, _ = await until_card(second, where="5号楼1单元101")
    assert step_of(offer) == "join"
    joined = await second.say("加入吧")
    assert joined["text"].startswith("好的，您已加入工单")
    third = await resident(control, 18025, "暖气不热")
    offer, _ = await until_card(third, where="5号楼3单元301")
    card = await third.say("不用")
    assert step_of(card) == "ok"


async def test_queding_typed_at_the_withdraw_question_withdraws(bot, control):
    r = await Resident(control, 18026).join()
    await reach_card(r)
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    listing = await r.say("/status")
    ask = await r.tap(f"tk:wd:{ticket.id}", message=listing)
    assert "撤回" in ask["text"]
    done = await r.say("确定")
    assert done["text"] == f"工单 {ticket.code} 已撤回。"
    [ticket] = await tickets(bot)
    assert ticket.status == "withdrawn"


async def test_bu_typed_at_the_withdraw_question_keeps_the_ticket(bot, control):
    r = await Resident(control, 18027).join()
    await reach_card(r)
    await r.tap("intake:ok")
    [ticket] = await tickets(bot)
    listing = await r.say("/status")
    await r.tap(f"tk:wd:{ticket.id}", message=listing)
    kept = await r.say("不")
    assert kept["text"] == "好的，工单继续处理。"
    [ticket] = await tickets(bot)
    assert ticket.status == "new"


# --- 4. Several problems ----------------------------------------------------------------

FOUR = "电梯又坏了，楼下饭馆油烟太大呛得没法开窗，垃圾好几天没人收，还有暖气也不热，5号楼2单元301"


async def test_four_problems_in_one_message_become_four_tickets(bot, control):
    r = await resident(control, 18028, FOUR)
    assert r.last["text"].startswith("您说了4件事")
    card, _ = await until_card(r)
    assert "共4件事" in card["text"]
    for words in ("电梯又坏了", "油烟太大", "垃圾好几天没人收", "暖气也不热"):
        assert words in card["text"]
    done, staff = await confirm(control, r, cards=4)
    assert done["text"].startswith("已登记4件")
    found = await tickets(bot)
    assert len(found) == 4 and len({t.category for t in found}) == 4
    assert all(t.building == "5" for t in found)
    assert {"物业服务" in s["text"] or "电梯" in s["text"] for s in staff} == {True, False}


async def test_one_of_three_problems_can_be_dropped(bot, control):
    r = await resident(control, 18029, "楼道灯不亮了，另外楼下垃圾没人收，还有暖气也不热")
    card, _ = await until_card(r)
    assert "共3件事" in card["text"]
    card = await r.tap("intake:rm:1")  # ② the rubbish
    assert card["text"].startswith("好的，已去掉。") and "共2件事" in card["text"]
    assert "垃圾" not in card["text"]
    await confirm(control, r, cards=2)
    found = await tickets(bot)
    assert len(found) == 2 and not any("垃圾" in t.description for t in found)


async def test_dropping_the_first_problem_keeps_the_second(bot, control):
    r = await resident(control, 18030, "楼道灯不亮了，另外楼下垃圾没人收")
    card, _ = await until_card(r)
    card = await r.tap("intake:rm:0")
    assert "请核对：" in card["text"] and "垃圾" in card["text"] and "灯" not in card["text"]
    await confirm(control, r)
    [ticket] = await tickets(bot)
    assert "垃圾" in ticket.description and "环境卫生" in ticket.category


async def test_a_lift_that_keeps_stopping_after_a_dark_corridor_is_a_second_problem(bot,
                                                                                    control):
    """The clause between ("晚上黑咕隆咚的") belongs to the light: it must not pull the lift,
    which is clear on its own, into the light's problem."""
    r = await resident(control, 18033, "俺家楼道灯坏了好几天了，晚上黑咕隆咚的，还有电梯也老是停")
    card, _ = await until_card(r)
    assert "共2件事" in card["text"] and "电梯" in card["text"]


async def test_one_problem_told_in_several_clauses_stays_one(bot, control):
    r = await resident(control, 18031, "电梯坏了 我家住6楼 老人下不了楼 5号楼2单元")
    card, asked = await until_card(r)
    assert "共" not in card["text"].split("\n")[0]
    assert "比较急（电梯坏了，老人下不了楼）" in card["text"]


# --- 5. No phone ------------------------------------------------------------------------

async def test_no_phone_opens_the_ticket_and_staff_reply_in_the_chat(bot, control):
    r = await resident(control, 18032, "楼道灯不亮了 5号楼2单元301")
    await r.tap("intake:cat:0")
    reply = await r.say("没电话 你们微信联系我就行")
    assert step_of(reply) == "when"  # not handed to a person, not stuck at the phone question
    card, _ = await until_card(r)
    assert "电话：不留电话，在这里的聊天里回复我" in card["text"]
    done, [staff] = await confirm(control, r)
    assert done["text"].startswith("已登记")
    assert "电话：未留，请在话题里回复（转给居民）" in staff["text"]
    [ticket] = await tickets(bot)
    assert ticket.contact_phone is None


async def test_the_no_phone_button_words_work(bot, control):
    r = await resident(control, 18033, "楼道灯不亮了 5号楼2单元301")
    await r.tap("intake:cat:0")
    reply = await r.say("不留电话，在这里回复我")
    assert step_of(reply) == "when"


async def test_no_phone_in_english(bot, control):
    r = await Resident(control, 18034).join("Bob", "en")
    await r.say("The corridor light is broken, 5号楼2单元301")
    await r.tap("intake:cat:0")
    reply = await r.say("I have no phone, contact me here")
    assert any(d.startswith("intake:when") for d in buttons(reply))


# --- 6. Cards show places as residents write them ---------------------------------------

async def test_staff_card_shows_building_unit_room(bot, control):
    r = await resident(control, 18035, "3号楼2单元501 楼道灯不亮了")
    await until_card(r)
    _, [staff] = await confirm(control, r)
    assert "地点：3号楼2单元501" in staff["text"]
    await settled()


async def test_a_correction_of_the_address_at_the_clarifying_question(bot, control):
    r = await resident(control, 18036, "暖气不热 5号楼2单元301")
    asked = await r.tap("intake:cat:0")
    assert step_of(asked) == "cl"
    reply = await r.say("不对 是6号楼1单元")
    assert reply["text"].startswith("好的，已记下：地点 6号楼1单元") and step_of(reply) == "cl"
    card, _ = await until_card(r)
    assert "地点：6号楼1单元\n" in card["text"]


async def test_an_address_typed_at_the_clarifying_question_is_kept(bot, control):
    """Found by playing: "3号楼2单元 一楼" at "具体是哪种情况？" was taken as the answer and
    the place was asked again."""
    r = await resident(control, 18046, "暖气片一点都不热，冻死了")
    asked = await r.tap("intake:cat:0")
    assert step_of(asked) == "cl"
    reply = await r.say("3号楼2单元101")
    assert reply["text"].startswith("好的，已记下：地点 3号楼2单元101") and step_of(reply) == "cl"
    reply = await r.say("整栋楼都不热，我们是3号楼2单元102")  # the answer and a new place
    assert step_of(reply) != "cl"
    card, asked = await until_card(r)
    assert "where" not in asked
    assert "3号楼2单元102" in card["text"] and "整栋楼" in card["text"]


async def test_yes_with_the_place_at_the_category_question_confirms_and_keeps_it(bot, control):
    """Found by playing: "对的 五号院3号楼" noted the place and asked "对吗？" again."""
    r = await resident(control, 18047, "电悌又不走了 俺家老头子腿脚不好 下不去楼")
    assert step_of(r.last) == "cat"
    reply = await r.say("对的 5号楼2单元301")
    assert reply["text"].startswith("好的，已记下：地点 5号楼2单元301") and step_of(reply) != "cat"
    card, asked = await until_card(r)
    assert "where" not in asked and "cat" not in asked
    assert "电梯" in card["text"] and "地点：5号楼2单元301" in card["text"]


async def test_a_yard_said_with_the_building_reaches_the_card_and_staff(bot, control):
    """Found by playing: "五号院3号楼" became 3号楼 (yards repeat building numbers)."""
    r = await resident(control, 18049, "楼道灯不亮了")
    reply = await r.say("对的 五号院3号楼2单元301")
    assert reply["text"].startswith("好的，已记下：地点 5号院3号楼2单元301")
    card, _ = await until_card(r)
    assert "地点：5号院3号楼2单元301" in card["text"]
    _, [staff] = await confirm(control, r)
    assert "地点：5号院3号楼2单元301" in staff["text"]
    [ticket] = await tickets(bot)
    assert (ticket.building, ticket.place_text) == ("3", "5号院")  # routes read the building


async def test_a_unit_said_after_the_building_completes_the_address(bot, control):
    """Found by playing: "对 2单元一楼" after "五号院3号楼" kept the floor and lost the unit."""
    r = await resident(control, 18050, "俺们五号院3号楼的下水道又堵了 臭得不行")
    reply = await r.say("对 2单元一楼")
    assert reply["text"].startswith("好的，已记下：地点 5号院3号楼2单元1层")
    card, asked = await until_card(r)
    assert "where" not in asked and "地点：5号院3号楼2单元1层" in card["text"]


async def test_yes_in_english_with_the_phone_confirms_and_keeps_it(bot, control):
    """Found by playing: "yes that's right, phone …" noted the phone and asked again."""
    r = await Resident(control, 18051).join("Anna", "en")
    await r.say("the lift in our building is broken again, Bldg 6, Rm 402")
    assert step_of(r.last) == "cat"
    reply = await r.say("yes that's right, phone 13912345678")
    assert reply["text"].startswith("OK, noted: phone 13912345678") and step_of(reply) != "cat"
    card, asked = await until_card(r)
    assert "cat" not in asked and "phone" not in asked


async def test_no_with_a_place_at_the_category_question_corrects_the_place(bot, control):
    r = await resident(control, 18048, "楼道灯不亮了 5号楼2单元301")
    reply = await r.say("不对 是6号楼1单元")
    assert reply["text"].startswith("好的，已记下：地点 6号楼1单元") and step_of(reply) == "cat"


async def test_a_correction_of_the_problem_at_the_category_question(bot, control):
    r = await resident(control, 18037, "楼道灯不亮了")
    reply = await r.say("不是灯，是电梯坏了")
    assert reply["text"].startswith("好的，已改成") and "电梯坏了。对吗" in reply["text"]
    card, _ = await until_card(r)
    assert "类别：电梯坏了" in card["text"]


async def test_an_emergency_in_the_middle_of_a_report_keeps_its_place_and_phone(bot, control):
    r = await resident(control, 18038, "楼道灯不亮了")
    await r.tap("intake:cat:0")
    await r.say("9号楼1单元101")
    await r.say("13900139001")
    before = await newest(control)
    sent = await control.send_text(18038, "哎呀现在楼道里一股煤气味")
    advice, _ = await control.wait_for_bot_messages(18038, sent["message"]["message_id"], 2)
    assert "96777" in advice["text"]
    [staff] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "地点：9号楼1单元101" in staff["text"] and "电话：139****9001" in staff["text"]
    [ticket] = await tickets(bot)
    assert ticket.urgency == "emergency" and "燃气" in ticket.category
    assert "楼道灯不亮了" in ticket.description and "煤气味" in ticket.description
