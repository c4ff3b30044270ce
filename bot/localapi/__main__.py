"""Runs the local Bot API on its own: ``python -m bot.localapi --port 8081``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from bot.localapi.limits import Limits
from bot.localapi.server import LocalBotAPI


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m bot.localapi", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:LOCAL-playground")
    parser.add_argument("--bot-username", default="frontdoor_bot")
    parser.add_argument("--staff-chat-id", type=int, default=-1001000000001)
    parser.add_argument("--no-rate-limits", action="store_true",
                        help="enforce only the size limits")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    """Serves until SIGINT or SIGTERM."""
    api = LocalBotAPI(host=args.host, port=args.port, token=args.token,
                      bot_username=args.bot_username, staff_chat_id=args.staff_chat_id,
                      limits=Limits.off() if args.no_rate_limits else Limits())
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with api:
        print(f"Local Bot API: base_url={api.base_url} token={args.token}", flush=True)
        print(f"Playground:    {api.playground_url}", flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    asyncio.run(serve(parse_args(argv)))


if __name__ == "__main__":
    main()
