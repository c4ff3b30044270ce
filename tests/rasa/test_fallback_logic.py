"""FallbackEngine and the Rasa response mapping, without a server (fakes, fake clock)."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from nlu.fallback import FallbackEngine
from nlu.rasa_client import RasaEngine, RasaError
from nlu.types import ParseResult


class Fake:
    """An engine that answers with its name, or raises while ``down``."""

    def __init__(self, name: str) -> None:
        self.name, self.down, self.calls = name, False, 0

    async def parse(self, text: str) -> ParseResult:
        self.calls += 1
        if self.down:
            raise RasaError("Rasa at http://x is unreachable: ConnectError")
        return ParseResult(text=text, intent="greet", confidence=0.9, engine=self.name)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_switches_once_waits_the_cooldown_and_recovers(caplog):
    caplog.set_level(logging.INFO, logger="nlu.fallback")
    primary, fallback, clock = Fake("rasa"), Fake("embedded"), Clock()
    engine = FallbackEngine(primary, fallback, cooldown=5.0, clock=clock)
    assert (await engine.parse("秘密")).engine == "rasa"
    primary.down = True
    assert [(await engine.parse("秘密")).engine for _ in range(3)] == ["embedded"] * 3
    assert primary.calls == 2  # one failure, then no attempt during the cool-down
    clock.now += 5.0
    await engine.parse("秘密")
    assert primary.calls == 3
    primary.down = False
    assert (await engine.parse("秘密")).engine == "embedded"  # still cooling down
    clock.now += 5.0
    assert (await engine.parse("秘密")).engine == "rasa"
    levels = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert [lvl for lvl, _ in levels] == [logging.WARNING, logging.INFO]
    assert "秘密" not in caplog.text


async def test_unexpected_errors_are_logged_by_type_only(caplog):
    class Broken(Fake):
        async def parse(self, text: str) -> ParseResult:
            raise ValueError(f"bad {text}")

    engine = FallbackEngine(Broken("rasa"), Fake("embedded"))
    result = await engine.parse("秘密")
    assert result.engine == "embedded" and result.extras["primary_down"] == "rasa"
    assert "ValueError" in caplog.text and "秘密" not in caplog.text


BODY = {
    "text": "暖气不热",
    "intent": {"name": "report_problem", "confidence": 0.98},
    "entities": [],
    "intent_ranking": [{"name": "report_problem", "confidence": 0.98},
                       {"name": "greet", "confidence": 0.01}],
    "response_selector": {"report_problem": {
        "response": {"responses": [{"text": "城乡建设/城市建设和市政管理/冬季采暖"}],
                     "confidence": 0.88, "intent_response_key": "report_problem/heating"},
        "ranking": [{"confidence": 0.88, "intent_response_key": "report_problem/heating"},
                    {"confidence": 0.04, "intent_response_key": "report_problem/noise"}]}},
}


@pytest.mark.parametrize("top", ["report_problem", "nlu_fallback"])
def test_maps_a_rasa_body_to_a_parse_result(top):
    body = {**BODY, "intent": {"name": top, "confidence": 0.98}}
    engine = RasaEngine("http://x", domain=None)
    engine.categories = {"report_problem/noise": "环境保护/环境污染/噪音污染"}
    result = engine.to_result("暖气不热", body)
    assert (result.intent, result.engine) == (top, "rasa")
    assert result.category == "城乡建设/城市建设和市政管理/冬季采暖"
    assert result.category_alternatives[1].name == "环境保护/环境污染/噪音污染"
    assert result.extras["raw_intent"] == "report_problem"
    assert result.extras["first_level"] == "城乡建设"


async def test_a_slow_server_is_a_timeout_not_a_hang():
    release = asyncio.Event()

    async def silent(reader, writer):
        await release.wait()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    engine = RasaEngine(f"http://127.0.0.1:{port}", "t", timeout=0.3, domain=None)
    started = time.monotonic()
    try:
        with pytest.raises(RasaError, match="did not answer within"):
            await engine.parse("你好")
    finally:
        await engine.aclose()
        release.set()
        server.close()
        await server.wait_closed()
    assert time.monotonic() - started < 1.0
