"""Notice rules without I/O: topics and their defaults, the stop words, the text language."""

from types import SimpleNamespace

from domain.notices.language import text_for
from domain.notices.subscriptions import wants_stop
from domain.notices.topics import KEYS, default_on, is_topic
from handlers.texts import CATALOGUES


def test_topics_have_names_in_both_languages_and_festivals_are_opt_in():
    assert len(KEYS) == len(set(KEYS)) == 10
    for key in KEYS:
        assert CATALOGUES["zh"][f"topic_{key}"] and CATALOGUES["en"][f"topic_{key}"]
        assert len(f"nt:sub:{key}".encode()) <= 64  # Telegram's callback data limit
    assert [k for k in KEYS if not default_on(k)] == ["festivals"]
    assert is_topic("heating") and not is_topic("gossip") and not is_topic("")


def test_stop_words_are_whole_messages():
    assert wants_stop("stop") and wants_stop(" STOP! ") and wants_stop("不要再发了。")
    assert not wants_stop("stop the water leak") and not wants_stop("暖气不热")


def test_text_for_the_residents_language_with_chinese_fallback():
    both = SimpleNamespace(text_zh="明天停水", text_en="Water off tomorrow")
    only_zh = SimpleNamespace(text_zh="明天停水", text_en=None)
    blank_en = SimpleNamespace(text_zh="明天停水", text_en="  ")
    assert text_for(both, "zh") == "明天停水"
    assert text_for(both, "en") == "Water off tomorrow"
    assert text_for(only_zh, "en") == "明天停水"
    assert text_for(blank_en, "en") == "明天停水"
    assert text_for(both, None) == text_for(both, "fr") == "明天停水"
