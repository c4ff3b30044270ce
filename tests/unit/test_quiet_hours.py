"""Quiet hours as a pure rule: inside/outside, across midnight, emergencies, next_allowed."""

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.settings import SettingsError, load_settings
from domain.notices.quiet import is_quiet, next_allowed, parse_window

SH = ZoneInfo("Asia/Shanghai")


def at(hour: int, minute: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(("hour", "minute", "quiet"), [
    (20, 59, False), (21, 0, True), (23, 30, True), (0, 0, True), (3, 0, True),
    (7, 59, True), (8, 0, False), (12, 0, False),
])
def test_default_window_crosses_midnight(hour, minute, quiet):
    assert is_quiet(at(hour, minute), SH) is quiet


def test_window_is_read_in_the_configured_zone():
    utc_noon = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    assert is_quiet(utc_noon, SH)
    assert not is_quiet(utc_noon, UTC)


def test_window_within_one_day_and_no_window():
    assert is_quiet(at(13, 0), SH, time(12, 0), time(14, 0))
    assert not is_quiet(at(14, 0), SH, time(12, 0), time(14, 0))
    assert not is_quiet(at(23, 0), SH, time(21, 0), time(21, 0))


def test_emergencies_bypass_quiet_hours():
    assert not is_quiet(at(23, 0), SH, emergency=True)
    assert next_allowed(at(23, 0), SH, emergency=True) == at(23, 0)


def test_next_allowed_is_the_end_of_the_window():
    assert next_allowed(at(12, 0), SH) == at(12, 0)
    assert next_allowed(at(22, 15), SH) == at(8, 0, day=24)
    assert next_allowed(at(0, 30), SH) == at(8, 0)
    utc = datetime(2026, 11, 23, 13, 30, tzinfo=UTC)  # 21:30 in Shanghai
    assert next_allowed(utc, SH) == at(8, 0, day=24)


def test_setting_parses_and_rejects_bad_values():
    assert parse_window("21:00-08:00") == (time(21, 0), time(8, 0))
    assert parse_window("off") is None and parse_window("") is None
    assert load_settings(_env_file=None).quiet_window == (time(21, 0), time(8, 0))
    assert load_settings(_env_file=None, quiet_hours="22:30-07:00").quiet_window == (
        time(22, 30), time(7, 0))
    with pytest.raises(SettingsError, match="FRONTDOOR_QUIET_HOURS"):
        load_settings(_env_file=None, quiet_hours="late")
    with pytest.raises(ValueError):
        parse_window("25:00-08:00")
