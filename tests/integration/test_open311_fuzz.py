"""Schemathesis fuzzes the API against its committed OpenAPI document: no 500, no response
that breaks the document (status, content type, body schema), on a real SQLite database.

The API runs in a thread of its own (schemathesis calls it synchronously). Every generated
call is made twice: as generated (its api_key almost always wrong: a 403 error list) and
with a valid key, so posts that pass the key check are fuzzed too.

Every default check runs but ``positive_data_acceptance``: a post the document allows may
still be a 400 for rules OpenAPI 3.0 cannot say of a form (a location is lat and long or an
address; an ``attribute[CODE]`` must be the service's own; service codes are the problem
types of the day). ``negative_data_rejection`` runs: what the document forbids is refused.
"""

import asyncio
import threading
from datetime import UTC, datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from domain.open311.keys import add_key
from handlers.open311.app import OPENAPI
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.uow import SqlUnitOfWork
from tests.helpers.open311 import serving

SCHEMA = schemathesis.openapi.from_path(OPENAPI)


class _Server:
    """The API on a migrated SQLite file, served from a thread with its own event loop."""

    def __init__(self, db_path) -> None:
        self.url_ready, self.stop_now, self.loop = threading.Event(), None, None
        self.db_url, self.url, self.key, self.error = f"sqlite+aiosqlite:///{db_path}", "", "", None
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    async def _main(self) -> None:
        self.loop = asyncio.get_running_loop()
        try:
            await upgrade_async(self.db_url)
            engine = make_engine(self.db_url)
            factory = make_session_factory(engine)

            def uow_factory():
                return SqlUnitOfWork(factory)

            self.key = await add_key(uow_factory, "fuzz", now=datetime.now(UTC))
            self.stop_now = asyncio.Event()
            async with serving(uow_factory) as url:
                self.url = url
                self.url_ready.set()
                await self.stop_now.wait()
            await engine.dispose()
        except BaseException as error:  # shown by the fixture, not lost in the thread
            self.error = error
            self.url_ready.set()

    def start(self) -> None:
        self.thread.start()
        self.url_ready.wait()
        if self.error:
            raise self.error

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.stop_now.set)
        self.thread.join()


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    server = _Server(tmp_path_factory.mktemp("fuzz") / "fuzz.sqlite3")
    server.start()
    yield server
    server.stop()


def _with_key(case, key):
    """The same call with a valid api_key where the operation takes one."""
    if isinstance(case.body, dict) and "api_key" in case.body:
        case.body = {**case.body, "api_key": key}
    return case


@SCHEMA.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_500_and_no_schema_violation(case, api):
    skip = [positive_data_acceptance]
    case.call_and_validate(base_url=api.url, excluded_checks=skip)
    _with_key(case, api.key).call_and_validate(base_url=api.url, excluded_checks=skip)
