"""Runs the bot: against the local Bot API (no token), or Telegram by polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal

from telegram.ext import Application

from bot.app import build_application, prepare, publish_commands
from bot.http_server import HttpServer
from bot.inbox.dispatcher import Dispatcher
from bot.inbox.polling import Poller
from bot.inbox.webhook import WebhookReceiver
from bot.localapi import LocalBotAPI
from bot.outbox.sender import Sender
from bot.reload import Reloader
from bot.services import build_nlu, build_services
from bot.settings import Settings
from domain import outbox
from domain.outbox_hooks import Hooks
from domain.units.registry import listing
from handlers.common import survey_timing
from handlers.outbox_notices import uncertain_notice
from handlers.staff import card
from handlers.staff import orders as staff_orders
from handlers.staff import topic as staff_topic
from storage import notify
from storage.migrate import upgrade_async

logger = logging.getLogger(__name__)
LOCAL_TOKEN = "123456:LOCAL-playground"
LOCAL_STAFF_CHAT_ID = -1001000000001


async def run(settings: Settings, stop: asyncio.Event | None = None) -> None:
    """Upgrades the schema, starts the bot, and runs until ``stop`` is set or a signal."""
    stop = stop or _stop_on_signals()
    await upgrade_async(settings.database_url)
    local_api = None
    if settings.uses_local_api:
        if settings.staff_chat_id is None:
            settings = settings.model_copy(update={"staff_chat_id": LOCAL_STAFF_CHAT_ID})
        local_api = LocalBotAPI(
            host=settings.local_api_host, port=settings.local_api_port, token=LOCAL_TOKEN,
            staff_chat_id=settings.staff_chat_id,
        )
        await local_api.start()
    services = build_services(settings)
    if local_api:  # each unit's own staff group exists in the playground too
        for unit in await listing(services.uow_factory):
            if unit.chat_id is not None and unit.chat_id != settings.staff_chat_id:
                local_api.state.add_group(unit.chat_id, unit.name)
    http = HttpServer(settings, services.uow_factory) if settings.open311_port else None
    try:
        if http:
            print(f"Open311: {await http.start()}  (GeoReport v2)", flush=True)
            print(f"Web view: {http.web_url}  (send /web to the bot for a login link)",
                  flush=True)
            services.extras["web_url"] = http.web_url
        if local_api:
            app = build_application(
                services, token=LOCAL_TOKEN, base_url=local_api.base_url,
                base_file_url=local_api.base_file_url,
            )
        else:
            app = build_application(services)
        if http:
            http.web.files["bot"] = app.bot  # the web view shows photos through it
        playground = local_api.playground_url if local_api else None
        await serve(app, settings, stop, playground_url=playground)
    finally:
        if http:
            await http.stop()
        await services.close()
        if local_api:
            await local_api.stop()


def settle_heap() -> None:
    """Hides what start-up built (modules, NLU model, handlers) from the garbage collector.

    A full collection then walks only what updates create. Without this, a full collection
    at 200 residents paused the bot for ~200 ms (docs/benchmarks.md).
    """
    gc.collect()
    gc.freeze()


async def serve(
    app: Application, settings: Settings, stop: asyncio.Event, playground_url: str | None = None,
    ready: asyncio.Event | None = None, poll_timeout: int = 10,
) -> None:
    """Starts the inbox (webhook when configured, else polling), says where to look, waits.

    Updates are stored before Telegram is told they arrived, then handled from the database
    (``bot/inbox``); what was stored but not handled before a crash is handled after it.
    """
    services = app.bot_data["services"]
    async with app:
        await publish_commands(app)
        await prepare(app)
        await app.start()
        dispatcher = Dispatcher(app, services.uow_factory,
                                concurrency=services.update_concurrency)
        app.bot_data["inbox"] = dispatcher
        sender = make_sender(app, services)
        services.extras["outbox_sender"] = sender
        if settings.webhook_url:
            receiver = WebhookReceiver(
                app.bot, services.uow_factory, dispatcher.stored, listen=settings.webhook_listen,
                port=settings.webhook_port, url=settings.webhook_url,
                secret=settings.webhook_secret or "")
            mode = f"webhook {settings.webhook_url}"
        else:
            receiver = Poller(app.bot, services.uow_factory, dispatcher.stored,
                              timeout=poll_timeout)
            mode = "polling"
        reloader = Reloader(services, lambda serving: build_nlu(settings, serving))
        await reloader.prime()  # the database's serving model, before the first update
        await receiver.start()
        app.bot_data["reloader"] = reloader
        if isinstance(receiver, WebhookReceiver):
            receiver.describe = reloader.describe
        tasks = [asyncio.create_task(dispatcher.run(stop), name="inbox-dispatcher"),
                 asyncio.create_task(sender.run(stop), name="outbox-sender"),
                 asyncio.create_task(reloader.run(stop), name="reload")]
        if isinstance(receiver, Poller):  # cancelled at stop: nothing unstored was confirmed
            tasks.append(asyncio.create_task(receiver.run(stop), name="inbox-polling"))
        settle_heap()
        if playground_url:
            print(f"Playground: {playground_url}  (local Bot API, no token)", flush=True)
        logger.info("bot @%s running (%s)", app.bot.username, mode)
        if ready:
            ready.set()
        await _until(stop, tasks)
        if isinstance(receiver, WebhookReceiver):
            await receiver.stop()
        else:
            tasks[3].cancel()
        await _finish(tasks)
        await app.stop()


def make_sender(app: Application, services) -> Sender:
    """The outbox's sender: cards drawn when sent, staff told of uncertain messages."""
    settings = services.settings
    hooks = Hooks(survey_timing(settings),
                  uncertain_notice(settings.staff_chat_id, settings.default_language))
    url = settings.database_url
    return Sender(app, services.uow_factory, hooks,
                  deliver={"card": card.deliver, "card_edit": card.deliver_edit,
                           "order_card": staff_orders.deliver,
                           outbox.ALBUM: staff_topic.deliver_album},
                  group_per_minute=settings.telegram_group_per_minute,
                  listen=lambda wake: notify.listen(url, notify.OUTBOX_CHANNEL, wake))


async def _until(stop: asyncio.Event, tasks: list[asyncio.Task]) -> None:
    """Waits for ``stop``; a receiver or dispatcher that dies stops the bot with its error."""
    waiter = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([waiter, *tasks], return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    for task in done:
        if task is not waiter and task.exception() is not None:
            stop.set()
            await _finish(tasks)
            raise task.exception()


async def _finish(tasks: list[asyncio.Task], timeout: float = 15.0) -> None:
    """Waits for the inbox's tasks to end (the dispatcher drains what it holds)."""
    _, late = await asyncio.wait(tasks, timeout=timeout)
    for task in late:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop
