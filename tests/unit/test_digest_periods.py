"""Which digest is due when, what it covers, and the short view's one-screen limit."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.digests.items import Item, Section
from domain.digests.periods import BadDigest, Times, latest_due, parse, previous
from handlers.digests import render

TZ = ZoneInfo("Asia/Shanghai")
TIMES = Times(TZ)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=TZ)


def test_daily_is_due_from_its_time_and_covers_the_day_before():
    assert latest_due("daily", at(2026, 11, 23, 8, 29), TIMES).label == "2026-11-22"
    today = latest_due("daily", at(2026, 11, 23, 8, 30), TIMES)
    assert (today.label, today.due_at, today.start) == (
        "2026-11-23", at(2026, 11, 23, 8, 30), at(2026, 11, 22, 8, 30))
    late = Times(TZ, daily_at=time(7, 0))
    assert latest_due("daily", at(2026, 11, 23, 7, 0), late).due_at == at(2026, 11, 23, 7)


def test_weekly_reviews_the_week_before_its_monday():
    # 2026-11-23 is the Monday of ISO week 48: its 09:00 digest reviews week 47.
    assert latest_due("weekly", at(2026, 11, 23, 8, 59), TIMES).label == "2026-W46"
    week = latest_due("weekly", at(2026, 11, 23, 9, 0), TIMES)
    assert (week.label, week.start, week.end) == (
        "2026-W47", at(2026, 11, 16), at(2026, 11, 23))
    assert latest_due("weekly", at(2026, 11, 29, 23, 0), TIMES).label == "2026-W47"
    assert previous(week, TIMES).label == "2026-W46"


def test_monthly_analyses_the_month_before_the_first():
    assert latest_due("monthly", at(2026, 12, 1, 8, 0), TIMES).label == "2026-10"
    month = latest_due("monthly", at(2026, 12, 1, 9, 0), TIMES)
    assert (month.label, month.start, month.end) == ("2026-11", at(2026, 11, 1), at(2026, 12, 1))
    assert latest_due("monthly", at(2026, 1, 5), TIMES).label == "2025-12"
    assert previous(month, TIMES).label == "2026-10"


def test_labels_parse_and_bad_ones_are_refused():
    now = at(2026, 11, 23, 12)
    assert parse("weekly", "2026-w47", now, TIMES).start == at(2026, 11, 16)
    assert parse("daily", None, now, TIMES).label == "2026-11-23"
    assert parse("monthly", "2026-02", now, TIMES).end == at(2026, 3, 1)
    for kind, label in [("daily", "2026-13-01"), ("weekly", "2026-47"), ("yearly", None)]:
        with pytest.raises(BadDigest):
            parse(kind, label, now, TIMES)


def test_the_short_view_fits_one_screen_and_the_full_view_has_everything():
    items = [Item(i, f"T-{i:03d}", "城乡建设", "3", "王", None) for i in range(40)]
    lines = [render.Line("title", keep=True), render.Line("counts", keep=True)]
    for key in ("overdue", "new"):
        lines += render._section("zh", TZ, Section(key, 20, items[:20]), at(2026, 11, 23))
    page, cut = render.short(lines, "zh")
    assert cut and len(page.text.splitlines()) == render.SHORT_LINES
    assert "⏰ 超期 20" in page.text and "🆕 新增 20" in page.text  # every heading stays
    assert "还有" in page.text.splitlines()[-1]
    assert [code for _, code in page.tickets] == [f"T-{i:03d}" for i in range(10)]
    pages = render.full(lines, "zh", "title")
    assert sum(len(p.tickets) for p in pages) == 20  # the same 20 tickets in both lists
    assert sum(p.text.count("T-0") for p in pages) == 40
    small, cut = render.short(lines[:5], "zh")
    assert not cut and len(small.text.splitlines()) == 5
