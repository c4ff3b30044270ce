"""Letters that are no word of the data are not understood, whatever the n-grams read into
them (\"asdkjh\" came out as a confident report of a gas problem)."""

import pytest

from nlu.embedded.engine import unknown_words


@pytest.mark.parametrize("text", ["asdkjh", "asdkjh qwe", "qwerty zxcv"])
def test_gibberish_is_unknown(text):
    assert unknown_words(text)


@pytest.mark.parametrize("text", ["the radiators are cold", "lift broken", "hi", "ok",
                                  "Bldg 6, Rm 402 no water", "电悌又不走了 asdkjh", "502", ""])
def test_words_of_the_data_chinese_or_no_letters_are_not(text):
    assert not unknown_words(text)


def test_the_engine_names_nothing_for_gibberish():
    from nlu.embedded import EmbeddedEngine
    result = EmbeddedEngine.load().parse_sync("asdkjh")
    assert (result.intent, result.category, result.extras["fallback_reason"]) == (
        "nlu_fallback", None, "unknown_words")
