"""The seasonal calendar as data: the default file, when entries are due, other files."""

from datetime import date, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from bot.settings import load_settings
from domain.notices.calendar import (
    SPRING_FESTIVAL,
    CalendarError,
    Entry,
    due_drafts,
    load_calendar,
)
from domain.notices.topics import is_topic
from handlers.notices import calendar_wiring
from nlu.categories import TAXONOMY_FILE, read_taxonomy

DEFAULT = load_calendar()
BY_KEY = {e.key: e for e in DEFAULT}


def _due(day: date, calendar=DEFAULT) -> list[str]:
    return [d.source_key for d in due_drafts(calendar, day)]


def test_the_default_calendar_covers_a_northern_year_with_valid_topics_and_categories():
    taxonomy = read_taxonomy(TAXONOMY_FILE)
    assert {"heating_check", "frozen_pipes", "snow_ice", "catkins", "flood_season",
            "heavy_rain", "summer_power", "summer_fire", "fireworks"} <= set(BY_KEY)
    for entry in DEFAULT:
        assert is_topic(entry.topic), entry.key
        assert entry.category and taxonomy.is_node(entry.category), entry.key
        assert entry.text_zh and entry.text_en, entry.key
        assert entry.audience["kind"] in ("all", "category"), entry.key
    assert BY_KEY["heating_check"].window(2026) == (date(2026, 11, 1), date(2026, 11, 15))
    assert BY_KEY["heavy_rain"].audience == {
        "kind": "category", "category": "城乡建设/城市建设和市政管理/基础设施", "months": 24}


def test_an_entry_is_due_from_start_minus_lead_time_until_its_window_ends():
    # heating_check: window 11-01..11-15, 14 days' lead: due 10-18..11-15
    assert "calendar:heating_check:2026" not in _due(date(2026, 10, 17))
    assert "calendar:heating_check:2026" in _due(date(2026, 10, 18))
    assert "calendar:heating_check:2026" in _due(date(2026, 11, 15))
    assert "calendar:heating_check:2026" not in _due(date(2026, 11, 16))


def test_a_window_across_new_year_belongs_to_the_year_it_starts():
    assert BY_KEY["frozen_pipes"].window(2026) == (date(2026, 12, 15), date(2027, 2, 15))
    assert "calendar:frozen_pipes:2026" in _due(date(2027, 1, 20))
    assert "calendar:frozen_pipes:2027" not in _due(date(2027, 1, 20))
    assert not [k for k in _due(date(2027, 2, 16)) if k.startswith("calendar:frozen_pipes")]


def test_fireworks_move_with_the_spring_festival():
    assert SPRING_FESTIVAL[2026] == date(2026, 2, 17) and SPRING_FESTIVAL[2027] == date(2027, 2, 6)
    # 14 days before the festival, no extra lead
    assert "calendar:fireworks:2027" not in _due(date(2027, 1, 22))
    assert "calendar:fireworks:2027" in _due(date(2027, 1, 23))
    assert "calendar:fireworks:2026" not in _due(date(2026, 2, 2))
    assert "calendar:fireworks:2026" in _due(date(2026, 2, 3))
    assert BY_KEY["fireworks"].window(2031) is None  # no date known: no draft


def test_29_february_is_28_in_ordinary_years():
    leap = Entry("leap", "works", "02-29", "03-01", 0, {"kind": "all"}, None, "闰日", None)
    assert leap.window(2028) == (date(2028, 2, 29), date(2028, 3, 1))
    assert leap.window(2027) == (date(2027, 2, 28), date(2027, 3, 1))


CUSTOM = """
entries:
  - key: lift_check
    topic: lifts
    window: {start: "03-10", end: "03-20"}
    lead_days: 2
    audience: {category: 商贸旅游/质监检验检疫/特种设备管理, months: 6}
    text_zh: 电梯年检
"""


def test_another_calendar_file_can_replace_the_default(tmp_path):
    path = tmp_path / "cal.yaml"
    path.write_text(CUSTOM, encoding="utf-8")
    [entry] = load_calendar(path)
    assert (entry.key, entry.topic, entry.lead_days, entry.text_en) == ("lift_check", "lifts",
                                                                        2, None)
    assert [d.source_key for d in due_drafts([entry], date(2027, 3, 8))] == [
        "calendar:lift_check:2027"]
    assert due_drafts([entry], date(2027, 3, 7)) == []


@pytest.mark.parametrize("bad", [
    CUSTOM.replace("lifts", "unicorns"),
    CUSTOM.replace('"03-20"', '"03-32"'),
    CUSTOM.replace("lead_days: 2", "lead_days: -1"),
    CUSTOM.replace("    text_zh: 电梯年检\n", ""),
    CUSTOM + CUSTOM.split("entries:\n")[1],  # the same key twice
    "entries: [ {key: x",
])
def test_a_malformed_calendar_is_refused_naming_the_file(tmp_path, bad):
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CalendarError, match="bad.yaml"):
        load_calendar(path)


class _Jobs:
    def __init__(self):
        self.daily, self.once = [], []

    def run_daily(self, callback, time, name, data):
        self.daily.append((callback, time, name, data))

    def run_once(self, callback, when, name, data):
        self.once.append((callback, when, name, data))


def test_schedule_runs_a_daily_tick_with_the_calendar_file_from_the_settings(
        tmp_path, monkeypatch):
    path = tmp_path / "cal.yaml"
    path.write_text(CUSTOM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # no .env from the developer's tree
    monkeypatch.setenv("FRONTDOOR_NOTICE_CALENDAR_FILE", str(path))
    monkeypatch.setenv("FRONTDOOR_NOTICE_CALENDAR_AT", "06:30")
    monkeypatch.setenv("FRONTDOOR_TIMEZONE", "Asia/Shanghai")
    settings = load_settings()
    app = SimpleNamespace(job_queue=_Jobs())
    calendar_wiring.schedule(app, SimpleNamespace(settings=settings))
    [(callback, at, name, data)] = app.job_queue.daily
    assert callback is calendar_wiring.run_tick and name == calendar_wiring.JOB_NAME
    assert at == time(6, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert [e.key for e in data] == ["lift_check"]
    assert [o[0] for o in app.job_queue.once] == [calendar_wiring.run_tick]


def test_the_default_settings_use_the_default_calendar(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FRONTDOOR_NOTICE_CALENDAR_FILE", raising=False)
    settings = load_settings()
    assert settings.notice_calendar_file == "" and settings.notice_proposal_day == 20
    app = SimpleNamespace(job_queue=_Jobs())
    calendar_wiring.schedule(app, SimpleNamespace(settings=settings))
    assert app.job_queue.daily[0][3] == DEFAULT


def test_a_bad_calendar_file_stops_start_up_with_one_line_naming_the_key(tmp_path):
    settings = SimpleNamespace(notice_calendar_file=str(tmp_path / "missing.yaml"),
                               notice_calendar_at=time(7, 0), tz=ZoneInfo("Asia/Shanghai"))
    app = SimpleNamespace(job_queue=_Jobs())
    with pytest.raises(SystemExit) as stopped:
        calendar_wiring.schedule(app, SimpleNamespace(settings=settings))
    message = str(stopped.value)
    assert message.startswith("FRONTDOOR_NOTICE_CALENDAR_FILE: ") and "missing.yaml" in message
    assert "\n" not in message and app.job_queue.daily == []


def test_the_clock_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRONTDOOR_NOTICE_CALENDAR", "false")
    app = SimpleNamespace(job_queue=_Jobs())
    calendar_wiring.schedule(app, SimpleNamespace(settings=load_settings()))
    assert app.job_queue.daily == [] and app.job_queue.once == []
