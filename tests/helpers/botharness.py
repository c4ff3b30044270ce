"""Runs the real bot (python-telegram-bot, polling) against a LocalBotAPI in a test."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator

from telegram.ext import Application

from bot.app import build_application
from bot.localapi import LocalBotAPI
from bot.runner import serve
from bot.services import Services, build_services
from bot.settings import Settings, load_settings

TOKEN = "123456:TEST-token"
RUNNING: list[Application] = []  # the bots running in this test (for ``settled``)
STAFF_CHAT_ID = -1001000000001


def make_settings(database_url: str, **overrides: object) -> Settings:
    """Settings for a test: no .env file, the given database, the local staff group.

    No scheduled digests unless a test asks (they would post into the staff chat by the
    wall clock); digest tests drive ``handlers.digests.tick.tick`` with their own clock.
    No quiet hours unless a test asks (notices would wait whenever CI runs at night), and
    no calendar drafts by the wall clock (calendar tests drive the tick with their own).
    No per-chat pace (a burst of 1,000): the local Bot API of these tests has its rate limits
    off, and a test resident answers at once, faster than any person; the pace itself is
    tested in ``tests/unit/test_rate_limit.py``. No Open311 API unless a test asks (a port).
    """
    values = {"database_url": database_url, "staff_chat_id": STAFF_CHAT_ID, "_env_file": None,
              "digest_kinds": "", "quiet_hours": "off", "notice_calendar": False,
              "telegram_chat_burst": 1000, "open311_port": 0}
    values.update(overrides)
    return load_settings(**values)


@contextlib.asynccontextmanager
async def running_bot(api: LocalBotAPI, settings: Settings) -> AsyncIterator[Application]:
    """Runs the bot exactly as ``frontdoor run`` serves it, until the block exits."""
    services: Services = build_services(settings)
    app = build_application(
        services, token=TOKEN, base_url=api.base_url, base_file_url=api.base_file_url
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(app, settings, stop, ready=ready, poll_timeout=1))
    try:
        await asyncio.wait(
            [task, asyncio.create_task(ready.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        if task.done():
            task.result()  # start-up failed: raise it here
        RUNNING.append(app)
        yield app
    finally:
        if app in RUNNING:
            RUNNING.remove(app)
        stop.set()
        await task
        await services.close()
        gc.unfreeze()  # serve() froze the heap for a long-lived process, not a test run


async def settled(timeout: float = 5.0) -> None:
    """Waits until the running bots have handled every stored update and sent every due
    outbox message (what a handler says goes out a moment after its update committed)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    for app in list(RUNNING):
        factory = app.bot_data["services"].uow_factory
        while loop.time() < deadline:
            async with factory() as uow:
                waiting = (await uow.inbox.counts()).get("pending", 0)
                left = await uow.outbox.counts()
            if not waiting and not left.get("pending", 0) and not left.get("sending", 0):
                break
            await asyncio.sleep(0.01)
