"""``frontdoor run``: start the bot."""

from __future__ import annotations

import argparse
import asyncio

from bot.logging_setup import setup_logging
from bot.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the ``run`` subcommand."""
    parser = sub.add_parser(
        "run",
        help="run the bot (no token: local Bot API playground)",
        description=(
            "Runs the bot. Without FRONTDOOR_TELEGRAM_TOKEN it starts the local Bot API and "
            "prints the playground URL; with a token it polls Telegram, or serves a webhook "
            "when FRONTDOOR_WEBHOOK_URL is set."
        ),
    )
    parser.add_argument("--port", type=int, help="local Bot API port (default 8081)")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    """Runs until interrupted."""
    overrides = {"local_api_port": args.port} if args.port is not None else {}
    settings = load_settings(**overrides)
    setup_logging(settings.log_level)
    from bot.runner import run

    asyncio.run(run(settings))
    return 0
