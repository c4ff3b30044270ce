"""An Open311 API served on a free port for a test, on the test's database."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from aiohttp import web

from handlers.open311.app import BASE, Api, build_app

STAFF_CHAT_ID = -1001000000001
COMMUNITY = "劲松社区服务站"


@contextlib.asynccontextmanager
async def serving(uow_factory, *, staff_chat_id: int | None = STAFF_CHAT_ID,
                  clock=None) -> AsyncIterator[str]:
    """The API's base URL while the block runs (aiohttp on 127.0.0.1, a free port)."""
    api = Api(uow_factory, staff_chat_id, COMMUNITY, clock=clock or (lambda: datetime.now(UTC)))
    runner = web.AppRunner(build_app(api), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{BASE}"
    finally:
        await runner.cleanup()


def spec_example(key: str, **overrides: str) -> dict[str, str]:
    """The spec's own POST requests example (wiki.open311.org GeoReport v2), our service."""
    form = {"api_key": key, "service_code": "road_damage", "lat": "37.76524078",
            "long": "-122.4212043", "address_string": "1234 5th street",
            "email": "smit333@sfgov.edu", "device_id": "tt222111",
            "account_id": "123456", "first_name": "john", "last_name": "smith",
            "phone": "111111111", "description": "A large sinkhole is destroying the street",
            "media_url": "http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg"}
    form.update(overrides)
    return form
