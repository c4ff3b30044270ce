"""Addresses in the further forms residents write: the building last, and English."""

from datetime import datetime

import pytest

from nlu.entities import extract_entities

NOW = datetime.fromisoformat("2024-05-08T10:30:00+08:00")


def addresses(text):
    return [(e.value, e.normalized) for e in extract_entities(text, NOW) if e.type == "address"]


@pytest.mark.parametrize(("text", "parts"), [
    ("2单元701 9号楼", {"building": "9", "unit": "2", "room": "701"}),
    ("1103室，14号楼", {"building": "14", "room": "1103"}),
    ("三单元 十一号楼", {"building": "11", "unit": "3"}),
    ("4层、6栋", {"building": "6", "floor": "4"}),
])
def test_the_building_after_the_room_joins_the_same_address(text, parts):
    assert addresses(f"我家{text}，水管爆了") == [(text, parts)]


@pytest.mark.parametrize(("text", "parts"), [
    ("building 14 unit 3 room 1502", {"building": "14", "unit": "3", "room": "1502"}),
    ("Bldg 8, Rm 207", {"building": "8", "room": "207"}),
    ("BLDG. 8 RM. 207", {"building": "8", "room": "207"}),
    ("Building 2, Unit 4, 601", {"building": "2", "unit": "4", "room": "601"}),
    ("No. 9 building", {"building": "9"}),
    ("building no. 9", {"building": "9"}),
    ("flat 305, block 11", {"building": "11", "room": "305"}),
    ("Apt 12, Tower 3", {"building": "3", "room": "12"}),
    ("Compound 2, Building 10", {"yard": "2", "building": "10"}),
    ("entrance 2 of block 5", {"building": "5", "unit": "2"}),
    ("building seven unit three", {"building": "7", "unit": "3"}),
    ("unit #4", {"unit": "4"}),
    ("room 1708", {"room": "1708"}),
    ("Ｒｏｏｍ ９０１", {"room": "901"}),
])
def test_english_addresses_give_the_chinese_parts(text, parts):
    assert addresses(f"Broken pipe at {text}, please send someone") == [(text, parts)]


@pytest.mark.parametrize(("text", "floor"), [
    ("11th floor", "11"), ("2nd floor", "2"), ("third floor", "3"), ("floor 9", "9"),
])
def test_english_floors(text, floor):
    assert addresses(f"Corridor is dark on the {text} since Monday") == [(text, {"floor": floor})]


def test_words_that_only_look_like_address_parts_are_left_alone():
    text = "There is room for two cars, they are building a shed by Block 4 at 3pm"
    assert addresses(text) == [("Block 4", {"building": "4"})]


def test_a_bare_number_is_a_room_only_right_after_a_building_or_unit():
    assert addresses("unit 5 and 402 others") == [("unit 5", {"unit": "5"})]
    assert addresses("building 3 call 13812345678") == [("building 3", {"building": "3"})]
