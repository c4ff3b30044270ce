"""A category from every message that describes a problem, whatever its intent (issue 20).

Messages written for these tests (not from the resident evaluation set).
"""

import pytest

from nlu.embedded.engine import CATEGORY_INTENTS


@pytest.mark.parametrize("message, intent, leaf", [
    ("给我找个真人 单元门禁刷不开了", "ask_human", "小区管理"),
    ("能找个人说话吗？我家楼上一直往下渗水", "ask_human", "修缮装修"),
    ("谢谢师傅上次来修 这回是下水道又堵了", "thanks_goodbye", "基础设施"),
    ("谢谢你们上次帮忙 这回是楼上漏水到我家了", "thanks_goodbye", "修缮装修"),
    ("工单进度查一下 顺便说下井盖丢了", "check_status", "城市公共设施"),
])
def test_a_problem_inside_another_intent_gets_a_category(engine, message, intent, leaf):
    result = engine.parse_sync(message)
    assert result.extras["raw_intent"] == intent  # the intent model reads the other intent
    assert result.category is not None and result.category.endswith(leaf)
    assert result.category_alternatives[0].name == result.category


@pytest.mark.parametrize("message", [
    "电梯又坏了 你们管不管？", "你们管不管啊 垃圾桶都满出来三天了", "请问暖气不热归谁管？",
])
def test_a_problem_asked_as_a_question_gets_a_category(engine, message):
    assert engine.parse_sync(message).category is not None


def test_the_category_is_read_on_the_clause_that_describes_the_problem(engine):
    result = engine.parse_sync("谢谢师傅上次来修暖气 这回是下水道又堵了")
    assert result.extras["problem_clause"] == "这回是下水道又堵了"
    assert "暖气" not in result.category


@pytest.mark.parametrize("message", [
    "谢谢", "你好", "在吗", "在吗？", "嗯", "好的谢谢", "我要找人", "转人工", "拜拜",
    "谢谢你们，问题已经解决了", "hello", "thanks", "can I speak to a person",
])
def test_short_messages_without_a_problem_get_no_category(engine, message):
    result = engine.parse_sync(message)
    assert result.extras["raw_intent"] not in CATEGORY_INTENTS
    assert result.category is None and result.category_alternatives == ()
