from datetime import datetime
from pathlib import Path

import pytest

import tests.nlu.entity_scoring as scoring
from nlu.entities import extract_entities
from nlu.entities.normalize import normalize
from nlu.entities.numerals import to_int

NOW = datetime.fromisoformat("2024-05-08T10:30:00+08:00")  # a Wednesday


def one(text, kind):
    found = [e for e in extract_entities(text, NOW) if e.type == kind]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize("text", [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
    "+8613812345678", "0086-13812345678", "１３８１２３４５６７８", "（+86）13812345678",
])
def test_mobile_numbers_in_every_shape(text):
    entity = one(f"电话{text}，谢谢", "phone")
    assert entity.normalized == "13812345678"
    assert entity.value == text


@pytest.mark.parametrize(("text", "value"), [
    ("010-12345678", "010-12345678"), ("(010)87654321", "010-87654321"),
    ("0755 2345678", "0755-2345678"), ("座机62345678", "62345678"),
])
def test_landlines(text, value):
    assert one(text, "landline").normalized == value


@pytest.mark.parametrize("text", ["1381234567", "138123456789", "12345", "订单号2024050812345"])
def test_not_phone_numbers(text):
    assert [e for e in extract_entities(text, NOW) if e.type in ("phone", "landline")] == []


@pytest.mark.parametrize(("text", "parts"), [
    ("3号楼2单元502", {"building": "3", "unit": "2", "room": "502"}),
    ("3栋2单元502室", {"building": "3", "unit": "2", "room": "502"}),
    ("5-2-502", {"building": "5", "unit": "2", "room": "502"}),
    ("3号楼", {"building": "3"}),
    ("二单元", {"unit": "2"}),
    ("5号院", {"yard": "5"}),
    ("5号院3号楼2单元502", {"yard": "5", "building": "3", "unit": "2", "room": "502"}),
    ("1号楼1门101", {"building": "1", "unit": "1", "room": "101"}),
    ("5号楼2-502", {"building": "5", "unit": "2", "room": "502"}),
    ("十二号楼三单元", {"building": "12", "unit": "3"}),
    ("A座1203", {"building": "A", "room": "1203"}),
    ("6层", {"floor": "6"}),
])
def test_building_unit_room(text, parts):
    entity = one(f"我住{text}，暖气不热", "address")
    assert entity.normalized == parts
    assert entity.value == text


@pytest.mark.parametrize("text", ["两栋楼之间", "一座桥", "楼道灯坏了", "门口有垃圾", "2024-05-06"])
def test_not_addresses(text):
    assert [e for e in extract_entities(text, NOW) if e.type == "address"] == []


@pytest.mark.parametrize(("text", "start", "grain"), [
    ("明天上午", "2024-05-09T08:00", "part_of_day"),
    ("周五下午三点", "2024-05-10T15:00", "hour"),
    ("后天晚上8点", "2024-05-10T20:00", "hour"),
    ("今天下午", "2024-05-08T12:00", "part_of_day"),
    ("下周一", "2024-05-13T00:00", "day"),
    ("周一", "2024-05-13T00:00", "day"),  # the coming Monday
    ("这周一", "2024-05-06T00:00", "day"),
    ("今晚", "2024-05-08T18:00", "part_of_day"),
    ("明早7点半", "2024-05-09T07:30", "minute"),
    ("晚上12点", "2024-05-09T00:00", "hour"),
    ("5月20日", "2024-05-20T00:00", "day"),
    ("周末", "2024-05-11T00:00", "weekend"),
    ("15:30", "2024-05-08T15:30", "minute"),
    ("月底", "2024-05-31T00:00", "day"),
])
def test_dates_and_times_relative_to_now(text, start, grain):
    entity = one(f"{text}家里有人", "datetime")
    assert entity.normalized["start"].startswith(start)
    assert entity.normalized["grain"] == grain
    assert entity.value == text


def test_a_range_is_one_entity():
    entity = one("下午两点到四点之间在家", "datetime")
    assert entity.value == "下午两点到四点"
    assert entity.normalized["start"].startswith("2024-05-08T14:00")
    assert entity.normalized["end"].startswith("2024-05-08T16:00")


@pytest.mark.parametrize("text", ["有一点问题", "我提两点建议", "晚上很吵", "一点都不热"])
def test_not_times(text):
    assert [e for e in extract_entities(text, NOW) if e.type == "datetime"] == []


def test_spans_point_into_the_original_text():
    text = "我住３號樓２單元５０２，電話１３８ １２３４ ５６７８，明天上午在家"
    for entity in extract_entities(text, NOW):
        assert text[entity.start:entity.end] == entity.value
    assert {e.type for e in extract_entities(text, NOW)} == {"address", "phone", "datetime"}


def test_normalisation_keeps_length():
    text = "１２３ＡＢＣ樓單號 ㎡ﬁ"
    assert len(normalize(text)) == len(text)
    assert normalize("３號樓") == "3号楼"


@pytest.mark.parametrize(("token", "value"), [("十二", 12), ("二十三", 23), ("一百零二", 102),
                                              ("两", 2), ("五零二", 502), ("12", 12), ("x", None)])
def test_chinese_numerals(token, value):
    assert to_int(token) == value


def test_precision_and_recall_on_the_held_out_messages():
    score, messages = scoring.score_entities()
    assert messages >= 200
    assert score.precision >= 0.97, score.misses
    assert score.recall >= 0.97, score.misses
    assert score.value_accuracy >= 0.98, score.misses


def test_precision_and_recall_on_the_fresh_messages(monkeypatch):
    fresh = Path(scoring.DATA).with_name("entity_messages_fresh.yml")
    monkeypatch.setattr(scoring, "DATA", fresh)
    score, _ = scoring.score_entities()
    assert score.precision >= 0.95, score.misses
    assert score.recall >= 0.95, score.misses
