"""The frontdoor bot alone in a process, for ``benchmarks.intake``.

``python -m benchmarks.intake_bot --base-url URL --db URL`` builds the application exactly
as ``frontdoor run`` does (``build_application`` + ``serve``: polling, the real database,
the embedded NLU) but against a Bot API it is given, prints ``ready`` once polling and
runs until SIGTERM. The schema must already be migrated. ``--no-limiter`` lifts the bot's
rate limiter (``bot/rate_limit.py``, 30 messages/s overall) to a billion a second, for the
stress mode where every limit is lifted.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os

from telegram import Update

from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN, WEBHOOK_SECRET, stop_on_signals
from bot.app import build_application
from bot.logging_setup import setup_logging
from bot.runner import serve
from bot.services import build_services
from bot.settings import load_settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake_bot")
    parser.add_argument("--base-url", required=True, help="the Bot API, e.g. http://h:p/bot")
    parser.add_argument("--base-file-url", default=None)
    parser.add_argument("--db", required=True, help="a migrated database URL")
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--sqlite-driver", choices=["inline", "thread"], default="inline",
                        help="how the bot calls SQLite (storage/db.py)")
    parser.add_argument("--no-limiter", action="store_true",
                        help="lift the bot's rate limits")
    parser.add_argument("--first-admin", type=int, default=None,
                        help="the Telegram user id made an admin at start (first_admin_id)")
    parser.add_argument("--webhook-port", type=int, default=None,
                        help="take updates by webhook on this port (behind --webhook-url)")
    parser.add_argument("--webhook-url", default=None,
                        help="the URL Telegram posts to (the load balancer's)")
    parser.add_argument("--no-inbox", action="store_true",
                        help="baseline: handle updates straight from getUpdates (one chat at a "
                             "time, in memory), nothing stored, replies sent directly")
    parser.add_argument("--group-per-minute", type=int, default=None,
                        help="the bot's limit for one group (Telegram: 20)")
    parser.add_argument("--overall-per-second", type=int, default=None,
                        help="the bot's overall bulk limit (Telegram: 30)")
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    """Serves until SIGTERM; prints ``ready`` when polling."""
    unlimited = {"telegram_overall_per_second": 10**9, "telegram_group_per_minute": 10**9,
                 "telegram_chat_burst": 10**9, "telegram_chat_per_second": 1e9}
    extra: dict = {}
    if args.webhook_port:
        extra.update(webhook_url=args.webhook_url, webhook_port=args.webhook_port,
                     webhook_listen="127.0.0.1", webhook_secret=WEBHOOK_SECRET)
    if args.group_per_minute:
        extra["telegram_group_per_minute"] = args.group_per_minute
    if args.overall_per_second:
        extra["telegram_overall_per_second"] = args.overall_per_second
    settings = load_settings(database_url=args.db, staff_chat_id=STAFF_CHAT_ID, **extra,
                             sqlite_driver=args.sqlite_driver, first_admin_id=args.first_admin,
                             log_level="WARNING", _env_file=None,
                             notice_calendar=False,  # no calendar drafts in the measurement
                             **(unlimited if args.no_limiter else {}))
    setup_logging(settings.log_level)
    services = build_services(settings)
    app = build_application(services, token=args.token, base_url=args.base_url,
                            base_file_url=args.base_file_url)
    stop, ready = stop_on_signals(), asyncio.Event()
    serving = without_inbox(app, stop, ready) if args.no_inbox else serve(
        app, settings, stop, ready=ready, poll_timeout=10)
    task = asyncio.create_task(serving)
    try:
        await asyncio.wait([task, asyncio.create_task(ready.wait())],
                           return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        print("ready", flush=True)
        await task
    finally:
        await services.close()


async def without_inbox(app, stop: asyncio.Event, ready: asyncio.Event) -> None:
    """The bot as it was before the inbox: updates handled as they are fetched.

    One chat's updates one at a time (a lock per chat, in memory), chats in parallel, no
    transaction around an update and no outbox (a handler's sends go out directly). For the
    comparison in ``frontdoor bench scaleout`` only: a crash loses what is in hand.
    """
    locks: dict[int, asyncio.Lock] = {}
    tasks: set[asyncio.Task] = set()

    async def handle(update: Update) -> None:
        chat = update.effective_chat
        lock = locks.setdefault(chat.id if chat else 0, asyncio.Lock())
        async with lock:
            await app.process_update(update)

    async with app:
        await app.start()
        await app.bot.delete_webhook()
        ready.set()
        offset, stopping = 0, asyncio.ensure_future(stop.wait())
        while not stop.is_set():
            fetch = asyncio.ensure_future(app.bot.get_updates(offset=offset, timeout=10))
            done, _ = await asyncio.wait([fetch, stopping],
                                         return_when=asyncio.FIRST_COMPLETED)
            if fetch not in done:
                fetch.cancel()
                break
            for update in fetch.result():
                offset = update.update_id + 1
                task = asyncio.create_task(handle(update))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        await asyncio.gather(*tasks, return_exceptions=True)
        await app.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point; with ``FRONTDOOR_BENCH_PROFILE=path`` the run is profiled into ``path``."""
    target = os.environ.get("FRONTDOOR_BENCH_PROFILE")
    if not target:
        asyncio.run(run(parse_args(argv)))
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        asyncio.run(run(parse_args(argv)))
    finally:
        profile.disable()
        profile.dump_stats(target)


if __name__ == "__main__":
    main()
