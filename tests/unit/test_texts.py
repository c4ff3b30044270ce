from handlers.texts import CATALOGUES, pick_language, text


def test_catalogues_have_the_same_keys():
    assert set(CATALOGUES["zh"]) == set(CATALOGUES["en"])


def test_language_from_telegram_code():
    assert pick_language("en-GB") == "en"
    assert pick_language("zh-hans") == "zh"
    assert pick_language(None) == "zh"
    assert pick_language("de", default="en") == "en"


def test_text_formats_and_falls_back_to_chinese():
    assert "王" in text("zh", "start", name="王")
    assert text("fr", "help") == CATALOGUES["zh"]["help"]
