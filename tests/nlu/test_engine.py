import asyncio
import shutil
import time
from datetime import datetime

import pytest

from nlu.categories import load_taxonomy
from nlu.embedded import FALLBACK, EmbeddedEngine
from nlu.embedded.data import read_thresholds
from nlu.types import ParseResult
from tests.nlu.conftest import ROOT

NOW = datetime.fromisoformat("2024-05-08T10:30:00+08:00")


def test_a_report_gets_intent_leaf_category_alternatives_and_entities(engine):
    result = engine.parse_sync("3号楼2单元502暖气不热，电话13812345678，明天上午在家", now=NOW)
    assert result.intent == "report_problem"
    assert result.category == "城乡建设/城市建设和市政管理/冬季采暖"
    assert 0.5 < result.category_confidence <= 1.0
    assert result.category_alternatives[0].name == result.category
    assert len(result.category_alternatives) >= 3
    assert {e.type for e in result.entities} == {"address", "phone", "datetime"}
    assert result.engine == "embedded"
    assert result.extras["first_level"] == "城乡建设"


def test_small_talk_has_no_category(engine):
    result = engine.parse_sync("你好")
    assert result.intent == "greet"
    assert result.category is None and result.category_alternatives == ()


def test_async_parse_matches_sync(engine):
    result = asyncio.run(engine.parse("谢谢，再见"))
    assert isinstance(result, ParseResult)
    assert result.intent == "thanks_goodbye"


def test_fallback_threshold_comes_from_config(engine):
    assert engine.bundle.thresholds == read_thresholds(ROOT / "nlu" / "config.yml")
    assert engine.bundle.thresholds.threshold == 0.5


@pytest.mark.parametrize("text", ["", "   \n\t ", "😀😀😀", "🙏🔥💧", "\x00\x01\x1f"])
def test_empty_and_symbol_only_input_falls_back(engine, text):
    result = engine.parse_sync(text)
    assert result.intent == FALLBACK
    assert result.confidence == 0.0
    assert result.category is None


def test_ten_thousand_characters_are_cut_and_fall_back_quickly(engine):
    started = time.perf_counter()
    result = engine.parse_sync("暖气不热" * 2500)
    assert time.perf_counter() - started < 0.2
    assert result.intent == FALLBACK
    assert result.confidence < engine.bundle.thresholds.threshold
    assert result.extras["fallback_reason"] == "too_long"


@pytest.mark.parametrize(("text", "intent"), [
    ("３號樓暖氣不熱", "report_problem"),  # full-width digits, traditional script
    ("電梯壞了", "report_problem"),
    ("謝謝", "thanks_goodbye"),
    ("暖气 not working 😡 3号楼", "report_problem"),  # mixed scripts
])
def test_unusual_scripts_still_parse(engine, text, intent):
    result = engine.parse_sync(text)
    assert result.extras["raw_intent"] == intent
    assert 0.0 <= result.confidence <= 1.0


@pytest.mark.parametrize("text", ["a" * 10_000, "ありがとう", "Привет мир", "؟؟؟", "1" * 500,
                                  "\u202e\u200b", "<script>alert(1)</script>", None])
def test_bad_input_never_raises(engine, text):
    result = engine.parse_sync(text)
    assert 0.0 <= result.confidence <= 1.0
    assert result.to_dict()["text"] == (text or "")


def test_parse_is_fast(engine):
    texts = ["3号楼暖气不热", "你好", "电梯坏了三天了，5号院2号楼", "取消", "what is the status"]
    for text in texts:
        engine.parse_sync(text)
    started = time.perf_counter()
    for _ in range(40):
        for text in texts:
            engine.parse_sync(text)
    assert (time.perf_counter() - started) / 200 < 0.005


def test_categories_are_taxonomy_nodes(engine):
    taxonomy = load_taxonomy()
    for text in ["楼下烧烤油烟太大", "拖欠工资", "孩子上学", "出租车拒载"]:
        guess = engine.classify_category(text)
        assert taxonomy.is_node(guess.category)
        assert all(taxonomy.is_node(a.name) for a in guess.alternatives)


def test_second_load_reads_the_cache(engine, nlu_cache):
    path = engine.cache_path
    mtime = path.stat().st_mtime_ns
    again = EmbeddedEngine.load(cache_dir=nlu_cache)
    assert again.trained is False and again.cache_path == path
    assert path.stat().st_mtime_ns == mtime
    assert again.parse_sync("电梯坏了").intent == engine.parse_sync("电梯坏了").intent


def test_cache_hit_is_fast(engine, nlu_cache):
    started = time.perf_counter()
    EmbeddedEngine.load(cache_dir=nlu_cache)
    assert time.perf_counter() - started < 1.0


def test_changed_training_data_retrains(tmp_path, engine):
    project = tmp_path / "nlu"
    shutil.copytree(ROOT / "nlu", project, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    greet = project / "data" / "nlu" / "greet.yml"
    greet.write_text(greet.read_text(encoding="utf-8") + "    - 老师好\n", encoding="utf-8")
    changed = EmbeddedEngine.load(nlu_dir=project, cache_dir=tmp_path / "cache")
    assert changed.trained is True
    assert changed.cache_path != engine.cache_path
    assert EmbeddedEngine.load(nlu_dir=project, cache_dir=tmp_path / "cache").trained is False


def test_no_cache_dir_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fresh = EmbeddedEngine.load(cache_dir=None)
    assert fresh.trained is True and fresh.cache_path is None
    assert list(tmp_path.iterdir()) == []


def test_memory_is_reported(engine):
    assert 100_000 < engine.memory_bytes() < 200 * 2**20
