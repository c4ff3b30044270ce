"""Masking what staff read: numbers in any width and spacing, invisible characters."""

import pytest

from domain.privacy import clean, for_staff, mask_numbers


@pytest.mark.parametrize("said, shown", [
    ("暖气不热，电话13801112222", "暖气不热，电话138****2222"),
    ("电话１３８０１１１２２２２", "电话138****2222"),
    ("call me at 138 0111 2222 please", "call me at 138****2222 please"),
    ("手机：138-0111-2222", "手机：138****2222"),
    ("+86 13801112222", "138****2222"),
    ("座机010-62345678", "座机010****5678"),
    ("座机０１０ ６２３４５６７８", "座机010****5678"),
    ("身份证110101199003071234", "身份证110*************34"),
    ("身份证11010119900307123X", "身份证110*************3X"),
    ("打电话 62345678 找我", "打电话 ******78 找我"),
])
def test_numbers_are_masked_in_any_width_and_spacing(said, shown):
    assert mask_numbers(said) == shown


@pytest.mark.parametrize("text", [
    "工单 JS-20261123-0042 已处理", "2026-11-23 10:00 来修", "5号楼2单元301",
    "3月15日下午3点", "已经等了12345秒",
])
def test_codes_dates_and_addresses_are_left_alone(text):
    assert mask_numbers(text) == text


def test_control_characters_escapes_and_direction_overrides_are_removed():
    assert clean("abc\u202edcba\x1b[31m红\x1b[0m\x07\u200b") == "abcdcba红"
    assert clean("第一行\n第二行\t!") == "第一行\n第二行\t!"


def test_for_staff_does_both_and_keeps_none():
    assert for_staff("电话\u202e13801112222") == "电话138****2222"
    assert for_staff(None) is None
