"""The pure rules behind reading residents right: levels, deadlines, yes/no, places,
times, corrections, no phone, several problems."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.intake import levels, problems, reading, yesno
from domain.intake.draft import PHONE, URGENCY, Draft, next_step
from domain.intake.emergency import emergency_of
from domain.sla import LEVELS, load_table, sla_for
from nlu.entities import extract_entities

NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


@pytest.mark.parametrize(("words", "level", "rule"), [
    ("天花板漏水 水顺着灯往下滴", "emergency", "water_on_electrics"),
    ("厨房煤气味很大", "emergency", "gas"),
    ("有人被困在电梯里", "emergency", "trapped"),
    ("楼上水管爆了水哗哗往下流", "urgent", "burst_pipe"),
    ("家里没有暖气，老人八十多了，这几天寒潮", "urgent", "cold_vulnerable"),
    ("电梯坏了 我妈82岁下不了楼", "urgent", "lift_vulnerable"),
    ("A pipe burst in the kitchen", "urgent", "burst_pipe"),
])
def test_rules_set_the_level(words, level, rule):
    found = levels.assess(words)
    assert found.level == level and rule in found.rules


@pytest.mark.parametrize("words", ["没有煤气味", "楼道灯不亮", "暖气不热", "急", "电梯坏了"])
def test_ordinary_words_stay_normal(words):
    assert levels.assess(words).level == "normal"


def test_the_highest_of_rules_answer_and_defaults_wins():
    assert levels.assess("楼道灯不亮", answered="urgent").level == "urgent"
    assert levels.assess("灶台打不着火", category="城乡建设/城市建设和市政管理/燃气供应").level \
        == "urgent"
    assert levels.assess("楼道灯不亮", type_level="emergency").level == "emergency"
    assert levels.assess("煤气味", answered="normal").level == "emergency"


def test_a_single_word_never_makes_an_emergency_at_a_step():
    assert emergency_of("急", "emergency", at_start=False) is None
    assert emergency_of("急", "emergency", at_start=True) is None  # too short to trust
    assert emergency_of("没有煤气味，就是暖气不热", "emergency") is None
    assert emergency_of("help me now", "emergency") is not None
    assert emergency_of("灯在滴水", None, context="楼上漏水").is_emergency


def test_every_level_has_deadlines_and_higher_is_never_slower():
    table = load_table()
    for category in {c for c, _ in table}:
        slas = [sla_for(category, level) for level in LEVELS]
        assert slas[0].respond >= slas[1].respond >= slas[2].respond
        assert slas[0].resolve >= slas[1].resolve >= slas[2].resolve
    water = "城乡建设/城市建设和市政管理/自来水供应"
    assert sla_for(water, "urgent").respond == timedelta(hours=1)
    assert sla_for(water, emergency=True).respond == timedelta(minutes=30)
    assert sla_for("教育文体/学校", "urgent").respond == timedelta(hours=4)


@pytest.mark.parametrize("words", ["好", "行", "可以", "对", "是的", "加入吧", "确定", "嗯好",
                                   "好的好的", "确定撤回", "对，就这样", "Yes", "可以呀",
                                   "yes that's right", "Yes, correct", "that's right",
                                   "yes please"])
def test_yes_words(words):
    assert yesno.answer(words) == "yes"


@pytest.mark.parametrize("words", ["不", "不用", "算了", "不对", "不加入", "no thanks", "不好",
                                   "wrong", "not right"])
def test_no_words(words):
    assert yesno.answer(words) == "no"


@pytest.mark.parametrize("words", ["啊", "嗯", "ok", "啊" * 1000, "好的吧我再想想", "好吗",
                                   "是不是", "🙂", "", "你是机器人吗"])
def test_anything_else_is_neither(words):
    assert yesno.answer(words) is None


def _place(words):
    return reading.best_place(extract_entities(words, NOW))


def test_a_full_address_beats_a_floor_whatever_the_order():
    assert _place("3号楼2单元，我家住6楼") == reading.Place({"building": "3", "unit": "2"}, "6")
    found = _place("我住6楼，5号楼3单元502")
    assert found.parts == {"building": "5", "unit": "3", "room": "502"}


def test_a_floor_never_replaces_the_building_of_a_draft():
    draft = Draft(building="3", unit="2")
    draft.set_address({"building": "3"}, floor="6")
    assert (draft.building, draft.unit, draft.room_or_floor()) == ("3", "2", "6层")


@pytest.mark.parametrize(("words", "window"), [
    ("电梯坏了，明天上午来看看吧", "明天上午来看看吧"),
    ("下午三点以后都在家", "下午三点以后都在家"),
    ("周六全天都在家", "周六全天都在家"),
    ("饭馆营业时间是早上十点到晚上十点，油烟很大", None),
    ("昨天来看过没修好", None),
    ("暖气从明天开始就不热了", None),
])
def test_a_visit_time_only_from_a_visit_phrase(words, window):
    assert reading.visit_time(words, extract_entities(words, NOW), NOW) == window


def test_corrections_and_no_phone():
    assert reading.corrected_problem("不是灯 是电梯坏了") == "电梯坏了"
    assert reading.is_correction("不对不对 是8号楼3单元")
    assert not reading.is_correction("楼道灯不亮")
    for words in ("没电话 你们微信联系我就行", "不留了", "在这里联系我", "I have no phone"):
        assert reading.no_phone(words), words
    assert not reading.no_phone("13800138000")


def test_no_phone_and_a_known_level_skip_their_questions():
    draft = Draft(description="楼道灯不亮", category="城乡建设", category_confirmed=True,
                  building="5", no_phone=True, visit_window="今天")
    assert next_step(draft) == URGENCY
    draft.no_phone = False
    assert next_step(draft) == PHONE
    burst = Draft(description="水管爆了", category="城乡建设", category_confirmed=True,
                  building="5", phone_normalized="13800138000", visit_window="今天")
    assert next_step(burst) == "review"


def _classify(clause):
    table = {"电梯又坏了": "电梯", "楼下饭馆油烟太大": "油烟", "垃圾好几天没人收": "垃圾",
             "暖气也不热": "暖气", "老人下不了楼": "电梯"}
    return table.get(clause), 0.9 if clause in table else 0.0


def test_several_problems_are_split_and_one_told_in_clauses_is_not():
    found = problems.split("电梯又坏了，楼下饭馆油烟太大，垃圾好几天没人收，还有暖气也不热",
                           _classify)
    assert [p.category for p in found] == ["电梯", "油烟", "垃圾", "暖气"]
    one = problems.split("电梯又坏了 我家住6楼 老人下不了楼", _classify)
    assert len(one) == 1 and one[0].description == "电梯又坏了 我家住6楼 老人下不了楼"


@pytest.mark.parametrize("clause", ["电梯也老是停", "电梯总停", "门禁不好使", "对讲机不灵"])
def test_a_lift_that_keeps_stopping_names_a_problem(clause):
    assert problems.names_a_problem(clause)


@pytest.mark.parametrize("clause", ["晚上黑咕隆咚的", "我家住6楼", "车停在楼下"])
def test_context_names_no_problem(clause):
    assert not problems.names_a_problem(clause)


@pytest.mark.parametrize(("words", "rest"), [
    ("对的 五号院3号楼", "对的"),
    ("对，我家在5号楼2单元301", "对"),
    ("是的，电话13800138000", "是的"),
    ("5号楼", ""),
    ("yes that's right, phone 13912345678", "yes that's right"),
    ("yes, I live in Bldg 6, Rm 402", "yes"),
    ("电梯在3号楼坏了", "电梯 坏了"),
])
def test_the_words_around_a_place_or_a_phone(words, rest):
    assert reading.without_entities(words, extract_entities(words)) == rest


def test_a_yard_stays_with_its_building_until_another_building_is_said():
    draft = Draft()
    draft.set_address({"yard": "5", "building": "3"})
    draft.set_address({"unit": "2", "room": "301"})
    assert (draft.building, draft.unit, draft.room, draft.place_text) == ("3", "2", "301", "5号院")
    draft.set_address({"building": "6"})
    assert (draft.building, draft.place_text) == ("6", None)


@pytest.mark.parametrize(("parts", "unit", "room", "completes"), [
    ({"unit": "2"}, None, None, True),
    ({"unit": "2", "room": "301"}, None, None, True),
    ({"unit": "2"}, "1", None, False),  # a different unit: only a correction changes it
    ({"room": "301"}, "2", None, True),
    ({"building": "3", "unit": "2"}, None, None, False),
])
def test_a_unit_or_room_alone_completes_an_address_that_lacks_it(parts, unit, room, completes):
    assert reading.completes(parts, unit, room) is completes


def test_an_address_shown_puts_a_yard_first_and_no_other_place_text():
    from domain.staff.views import flat_of

    assert flat_of("3", "2", "301", "5号院") == "5号院3号楼2单元301"
    assert flat_of("3", None, None, "小区门口") == "3号楼"
    assert flat_of(None, None, None, "小区门口") == "小区门口"
