"""Pure parts of quiet-hour holds: the hold's end from the setting as it is now, the ETA
that counts the wait, and the "send now anyway" button only on a held notice."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from domain.notices.progress import Progress
from domain.notices.quiet import hold_until
from handlers.notices.staff_keyboards import control
from handlers.notices.staff_progress import render

TZ = ZoneInfo("Asia/Shanghai")
SETTINGS = SimpleNamespace(default_language="zh", telegram_overall_per_second=30, tz=TZ)
NIGHT = datetime(2026, 11, 23, 22, 30, tzinfo=TZ)


def test_the_hold_ends_where_the_window_as_configured_now_ends():
    dawn = NIGHT.replace(day=24, hour=5, minute=30)
    old, new = (time(21), time(9)), (time(5), time(6, 25))
    assert hold_until(NIGHT, TZ, old) == NIGHT.replace(day=24, hour=9, minute=0)
    assert hold_until(dawn, TZ, new) == dawn.replace(hour=6, minute=25)
    assert hold_until(NIGHT, TZ, None) == NIGHT  # turned off
    assert hold_until(NIGHT, TZ, old, emergency=True) == NIGHT
    assert hold_until(NIGHT, TZ, old, released=True) == NIGHT  # a supervisor sent it anyway


def _held(**fields):
    values = dict(notice_id=7, status="running", topic="water", sent=0, failed=0, blocked=0,
                  waiting=300, left=330, cancelled=0,
                  wake_at=NIGHT.replace(day=24, hour=8, minute=0), at=NIGHT)
    values.update(fields)
    return Progress(**values)


def test_the_eta_counts_the_wait_for_quiet_hours_to_end():
    shown = _held()
    assert shown.eta_seconds(30) == 9.5 * 3600 + 10  # the wait, then 300 at 30 a second
    soon = _held(waiting=3, left=3000, wake_at=NIGHT + timedelta(seconds=10))
    assert abs(soon.eta_seconds(30) - (2997 / 30 + 3 / 30)) < 1e-9  # the wait ends sooner
    body = render(SETTINGS, shown)
    assert "预计还需 9 小时 30 分（含等待时间）" in body and "0 分 0 秒" not in body
    assert "11-24 08:00" in body


def test_send_now_anyway_is_offered_only_on_a_held_notice():
    def data(shown):
        markup = control("zh", 7, shown.status, shown.held)
        return [b.callback_data for row in markup.inline_keyboard for b in row]
    assert "nx:anyway:7" in data(_held())
    assert "nx:anyway:7" in data(_held(status="paused"))
    assert "nx:anyway:7" not in data(_held(waiting=0, wake_at=None))
    assert "nx:anyway:7" not in data(_held(emergency=True))
    assert "nx:anyway:7" not in data(_held(released=True))
    assert "主管已决定" in render(SETTINGS, _held(released=True, waiting=0, left=30,
                                                   at=NIGHT + timedelta(minutes=1)))
