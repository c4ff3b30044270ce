"""The Rasa engine and the fallback against a real Rasa server (no mocks)."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from nlu.embedded import FALLBACK, EmbeddedEngine
from nlu.fallback import FallbackEngine
from nlu.rasa import runtime
from nlu.rasa_client import RasaAuthError, RasaEngine, RasaError, read_categories
from tests.rasa.conftest import RasaServer

pytestmark = pytest.mark.rasa


async def test_parse_returns_intent_and_confidence_from_rasa(rasa_server: RasaServer):
    engine = RasaEngine(rasa_server.url, rasa_server.token)
    try:
        hello = await engine.parse("你好")
        report = await engine.parse("3号楼2单元502暖气不热，电话13911112222")
    finally:
        await engine.aclose()
    assert (hello.engine, hello.intent) == ("rasa", "greet")
    assert 0.5 < hello.confidence <= 1.0
    assert hello.intent_alternatives[0].name == "greet"
    assert hello.category is None
    assert report.intent == "report_problem"
    assert report.extras["retrieval_key"].startswith("report_problem/")
    assert report.category in set(read_categories(runtime.NLU_DIR / "domain.yml").values())
    assert report.category_alternatives and 0 < report.category_confidence <= 1
    assert {e.type for e in report.entities} >= {"phone", "address"}


async def test_bad_input_gets_an_answer_not_an_exception(rasa_server: RasaServer):
    engine = RasaEngine(rasa_server.url, rasa_server.token)
    try:
        results = [await engine.parse(t) for t in ("", "   ", "😀😀😀", "暖" * 10_000)]
    finally:
        await engine.aclose()
    assert results[0].intent == FALLBACK and results[0].confidence <= 0.5
    assert results[3].intent == FALLBACK and results[3].extras["fallback_reason"] == "too_long"


async def test_wrong_token_is_a_clear_error(rasa_server: RasaServer):
    engine = RasaEngine(rasa_server.url, "not-the-token")
    with pytest.raises(RasaAuthError, match="refused the auth token"):
        await engine.parse("你好")
    await engine.aclose()


async def test_no_server_fails_fast_with_a_clear_error():
    engine = RasaEngine(f"http://127.0.0.1:{runtime.free_port()}", "t")
    started = time.monotonic()
    with pytest.raises(RasaError, match="unreachable"):
        await engine.parse("你好")
    assert time.monotonic() - started < 1.0
    await engine.aclose()


async def test_falls_back_when_rasa_stops_and_recovers_when_it_returns(
        rasa_server: RasaServer, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger="nlu.fallback")
    primary = RasaEngine(rasa_server.url, rasa_server.token)
    engine = FallbackEngine(primary, EmbeddedEngine.load(cache_dir=None), cooldown=1.0)
    try:
        assert (await engine.parse("你好")).engine == "rasa"

        rasa_server.stop()
        assert not rasa_server.running
        started = time.monotonic()
        down = [await engine.parse(t) for t in ("你好", "暖气不热", "谢谢")]
        assert time.monotonic() - started < 2.0
        assert [r.engine for r in down] == ["embedded"] * 3
        assert down[1].intent == "report_problem"
        assert down[0].extras["primary_down"] == "rasa"
        await asyncio.sleep(1.1)
        assert (await engine.parse("你好")).engine == "embedded"  # retried, still down

        rasa_server.start()
        await asyncio.sleep(1.1)  # let the cool-down pass
        back = [await engine.parse(t) for t in ("你好", "谢谢")]
        assert [r.engine for r in back] == ["rasa", "rasa"]
        assert not engine.primary_down
    finally:
        await primary.aclose()
        if not rasa_server.running:
            rasa_server.start()
    messages = [r.getMessage() for r in caplog.records if r.name == "nlu.fallback"]
    assert len(messages) == 2, messages
    assert "failed" in messages[0] and "unreachable" in messages[0]
    assert "is back" in messages[1]
    assert not any(t in caplog.text for t in ("你好", "暖气", "谢谢"))
