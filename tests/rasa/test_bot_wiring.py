"""The bot asks Rasa when FRONTDOOR_RASA_URL is set, and only then."""

from bot.services import build_services
from tests.helpers.botharness import make_settings


async def test_rasa_url_puts_rasa_in_front(rasa_server, tmp_path):
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'w.sqlite3'}",
                             rasa_url=rasa_server.url, rasa_token=rasa_server.token,
                             nlu_cache_dir=str(tmp_path / "cache"))
    services = build_services(settings)
    try:
        result = await services.nlu.parse("你好")
        assert result.engine == "rasa"
        assert result.intent == "greet"
    finally:
        await services.close()


async def test_without_rasa_url_the_embedded_engine_answers(tmp_path):
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'w.sqlite3'}",
                             nlu_cache_dir=str(tmp_path / "cache"))
    services = build_services(settings)
    try:
        assert (await services.nlu.parse("你好")).engine == "embedded"
    finally:
        await services.close()


async def test_unreachable_rasa_falls_back_at_start(tmp_path):
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path / 'w.sqlite3'}",
                             rasa_url="http://127.0.0.1:9", rasa_timeout=0.5,
                             nlu_cache_dir=str(tmp_path / "cache"))
    services = build_services(settings)
    try:
        result = await services.nlu.parse("3号楼暖气不热")
        assert result.engine == "embedded"
        assert result.category and "采暖" in result.category
    finally:
        await services.close()
