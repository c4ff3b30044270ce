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

from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN, stop_on_signals
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
    return parser.parse_args(argv)


async def run(args: argparse.Namespace) -> None:
    """Serves until SIGTERM; prints ``ready`` when polling."""
    unlimited = {"telegram_overall_per_second": 10**9, "telegram_group_per_minute": 10**9,
                 "telegram_chat_burst": 10**9, "telegram_chat_per_second": 1e9}
    settings = load_settings(database_url=args.db, staff_chat_id=STAFF_CHAT_ID,
                             sqlite_driver=args.sqlite_driver, first_admin_id=args.first_admin,
                             log_level="WARNING", _env_file=None,
                             notice_calendar=False,  # no calendar drafts in the measurement
                             **(unlimited if args.no_limiter else {}))
    setup_logging(settings.log_level)
    services = build_services(settings)
    app = build_application(services, token=args.token, base_url=args.base_url,
                            base_file_url=args.base_file_url)
    stop, ready = stop_on_signals(), asyncio.Event()
    task = asyncio.create_task(serve(app, settings, stop, ready=ready, poll_timeout=10))
    try:
        await asyncio.wait([task, asyncio.create_task(ready.wait())],
                           return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()
        print("ready", flush=True)
        await task
    finally:
        await services.close()


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
