"""Pure parts of the staff notice flow: the progress text and summary, the ETA, reading
places, times and categories, and the control buttons per state."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from domain.notices.approval import BadAudience, category_audience, place_audience
from domain.notices.progress import Progress
from handlers.notices.staff_keyboards import control
from handlers.notices.staff_parse import parse_category, parse_when
from handlers.notices.staff_progress import render

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = SimpleNamespace(default_language="zh", telegram_overall_per_second=30, tz=TZ)


def _progress(status="running", **counts):
    values = dict(sent=0, failed=0, blocked=0, waiting=0, left=0, cancelled=0, wake_at=None)
    values.update(counts)
    return Progress(notice_id=7, status=status, topic="water", **values)


def test_running_progress_shows_counts_and_an_eta():
    body = render(SETTINGS, _progress(sent=10, failed=1, blocked=2, left=3000))
    assert body.splitlines()[0] == "📢 通知 #7 · 供水停水 · 发送中"
    assert "已发送 10 · 失败 1 · 已屏蔽 2 · 等待中 0 · 剩余 3000" in body
    assert "预计还需 1 分 40 秒" in body


def test_waiting_rows_show_when_they_go_and_paused_has_no_eta():
    wake = datetime(2026, 11, 24, 0, 0, tzinfo=ZoneInfo("UTC"))
    body = render(SETTINGS, _progress("paused", waiting=5, left=5, wake_at=wake))
    assert "已暂停" in body and "预计" not in body and "11-24 08:00" in body
    assert _progress(waiting=5, left=5).eta_seconds(30) == 0


def test_the_summary_counts_and_groups_reasons():
    shown = _progress("done", sent=8, blocked=1, failed=1,
                      reasons=(("blocked", "Forbidden: bot was blocked by the user", 1),
                               ("uncertain", "Timed out", 1)))
    body = render(SETTINGS, shown)
    assert "已完成" in body and "共 10 位：已发送 8，失败 1，已屏蔽 1" in body
    assert "· 已屏蔽：Forbidden: bot was blocked by the user × 1" in body
    assert "· 不确定是否送达：Timed out × 1" in body
    en = render(SimpleNamespace(**{**vars(SETTINGS), "default_language": "en"}), shown)
    assert "10 in all: sent 8" in en


def test_places_are_buildings_and_units():
    assert place_audience("3,5，7") == {"kind": "place", "buildings": ["3", "5", "7"],
                                        "units": []}
    assert place_audience("3-2 4号楼") == {"kind": "place", "buildings": ["4"],
                                          "units": [["3", "2"]]}
    for bad in ("", "3--2", "楼下那个", "a" * 40):
        with pytest.raises(BadAudience):
            place_audience(bad)
    with pytest.raises(BadAudience):
        category_audience("城乡建设", 0)


def test_times_and_categories_are_read():
    now = datetime(2026, 11, 23, 22, 0, tzinfo=TZ)
    assert parse_when("明天 09:00", now) == datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
    assert parse_when("2026-11-25 18:30", now) == datetime(2026, 11, 25, 18, 30, tzinfo=TZ)
    assert parse_when("明天", now) is None and parse_when("随便", now) is None
    assert parse_when("明天 09:00", now) - now == timedelta(hours=11)
    assert parse_category("冬季采暖 6") == ("城乡建设/城市建设和市政管理/冬季采暖", 6)
    assert parse_category("城乡建设 3个月") == ("城乡建设", 3)
    assert parse_category("冬季采暖") == ("城乡建设/城市建设和市政管理/冬季采暖", 12)
    assert parse_category("没有这类") is None


def test_control_buttons_follow_the_state():
    def data(status):
        markup = control("zh", 5, status)
        return [b.callback_data for row in markup.inline_keyboard for b in row] if markup else []
    assert data("running") == ["nx:pause:5", "nx:cancel:5"]
    assert data("paused") == ["nx:resume:5", "nx:cancel:5"]
    assert data("scheduled") == ["nx:cancel:5"]
    assert data("done") == [] and data("cancelled") == []


def test_a_wake_time_in_another_year_shows_its_year():
    wake = datetime(2027, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC"))
    read = datetime(2026, 12, 31, 23, 0, tzinfo=TZ)
    body = render(SETTINGS, _progress(waiting=5, left=5, wake_at=wake, at=read))
    assert "2027-01-01 08:00" in body
