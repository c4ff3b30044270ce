"""A bot that starts serves the database's model, before its first update."""

from datetime import timedelta

import pytest

from bot.learning import learn
from storage.db import make_engine, make_session_factory
from storage.uow import SqlUnitOfWork
from tests.helpers.botharness import make_settings, running_bot
from tests.integration.factories import T0
from tests.integration.test_learning import LOCKERS, _locker_words, _tickets


@pytest.fixture
def bot_settings(migrated_db_url, tmp_path):
    return make_settings(migrated_db_url, nlu_cache_dir=str(tmp_path / "nlu-cache"))


async def test_a_starting_bot_loads_the_serving_model(local_api, bot_settings):
    engine = make_engine(bot_settings.database_url)
    try:
        factory = make_session_factory(engine)
        await _tickets(lambda: SqlUnitOfWork(factory), _locker_words(60), LOCKERS)
        outcome = await learn(lambda: SqlUnitOfWork(factory), bot_settings,
                              now=T0 + timedelta(days=10))
    finally:
        await engine.dispose()
    assert outcome.status == "accepted"
    async with running_bot(local_api, bot_settings) as app:
        assert app.bot_data["reloader"].model_id == outcome.model_id
        nlu = app.bot_data["services"].nlu
        assert nlu.classify_category("8号楼快递柜屏幕黑了").category == LOCKERS
