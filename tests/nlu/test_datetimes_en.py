"""English dates and times resolve like their Chinese equivalents."""

from datetime import datetime

import pytest

from nlu.entities import extract_entities

NOW = datetime.fromisoformat("2024-05-08T10:30:00+08:00")  # a Wednesday


def times(text):
    return [(e.value, e.normalized) for e in extract_entities(text, NOW) if e.type == "datetime"]


def same_as(chinese):
    ((_, value),) = times(chinese)
    return value


@pytest.mark.parametrize(("english", "chinese"), [
    ("tomorrow morning", "明天上午"),
    ("Tomorrow Afternoon", "明天下午"),
    ("tonight", "今晚"),
    ("this morning", "今早"),
    ("last night", "昨晚"),
    ("this afternoon", "今天下午"),
    ("yesterday", "昨天"),
    ("the day after tomorrow", "后天"),
    ("next friday", "下周五"),
    ("saturday evening", "周六晚上"),
    ("next weekend", "下周末"),
    ("tomorrow at 9:15am", "明天9:15"),
    ("8pm", "20:00"),
    ("12am", "0:00"),
])
def test_english_dates_and_times(english, chinese):
    assert times(f"The plumber can come {english} if that works") == [
        (english, same_as(f"师傅{chinese}来"))]


def test_the_word_after_is_not_part_of_the_time():
    assert times("any time after 4pm") == [("4pm", same_as("16:00"))]


def test_a_part_of_the_day_alone_or_a_bare_number_is_not_a_time():
    text = "It gets cold in the morning, 3 radiators are off; the evening shift comes at 7pm"
    assert times(text) == [("7pm", same_as("19:00"))]
