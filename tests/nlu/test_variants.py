"""Typos, variants and dialect words reach the classifier in standard form."""

import pytest

from nlu import variants
from nlu.embedded import EmbeddedEngine
from nlu.embedded.features import prepare
from nlu.problem_guess import features
from nlu.variants import VARIANTS, standardize


@pytest.mark.parametrize(("typed", "standard"), [
    ("单元门口的电悌卡在三楼", "单元门口的电梯卡在三楼"),
    ("电锑门关不上", "电梯门关不上"),
    ("电踢一直响", "电梯一直响"),
    ("家里暖器片冰凉", "家里暖气片冰凉"),
    ("暖汽阀门拧不动", "暖气阀门拧不动"),
    ("厨房闻到煤汽味", "厨房闻到煤气味"),
    ("燃汽表不走字", "燃气表不走字"),
    ("院里下水到返味", "院里下水道返味"),
    ("下水倒又满了", "下水道又满了"),
    ("马桶堵赛好几天", "马桶堵塞好几天"),
    ("楼到灯一直不亮", "楼道灯一直不亮"),
    ("卫生间墙角跑水", "卫生间墙角漏水"),
    ("井盖边上冒水", "井盖边上漏水"),
    ("后院那部电梯又不走了", "后院那部电梯又坏了"),
    ("货梯趴窝三天了", "货梯坏了三天了"),
    ("下水管子憋了", "下水管子堵了"),
    ("地漏憋住了", "地漏堵住了"),
])
def test_each_variant_becomes_its_standard_word(typed, standard):
    assert standardize(typed) == standard


def test_every_table_entry_is_covered_and_standard_words_are_left_alone():
    for variant, standard in VARIANTS:
        assert standardize(variant) == standard
        assert standardize(standard) == standard


def test_the_classifier_sees_traditional_full_width_typo_and_dialect_as_standard():
    assert prepare("１２號樓的電悌不走了") == prepare("12号楼的电梯坏了")
    assert prepare("暖器不熱") == prepare("暖气不热")


def test_the_engine_reads_a_typo_like_the_standard_word(engine):
    typed, standard = "我们单元的电悌今天早上不走了", "我们单元的电梯今天早上坏了"
    assert engine.classify_category(typed) == engine.classify_category(standard)
    assert engine.parse_sync(typed).intent == engine.parse_sync(standard).intent


def test_the_example_guesser_reads_typos_as_standard_words_too():
    assert features("楼道暖器跑水了") == features("楼道暖气漏水了")


def test_a_changed_table_retrains_the_cached_model(engine, nlu_cache, monkeypatch):
    assert EmbeddedEngine.load(cache_dir=nlu_cache).trained is False
    monkeypatch.setattr(variants, "VARIANTS", (*VARIANTS, ("电梯不动了", "电梯坏了")))
    changed = EmbeddedEngine.load(cache_dir=nlu_cache)
    assert changed.trained is True and changed.cache_path != engine.cache_path
