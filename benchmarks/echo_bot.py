"""A bare echo bot: the ceiling beside frontdoor in ``benchmarks.intake --mode stress``.

``python -m benchmarks.echo_bot --base-url URL`` is a plain python-telegram-bot
Application with one handler that sends every text back, polling the given Bot API the
same way the frontdoor bot does (``poll_interval=0``, long polls of 10 s), with no rate
limiter, no database and no NLU. It prints ``ready`` once polling and runs until SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from benchmarks.intake_procs import TOKEN, stop_on_signals


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the text back to the chat it came from."""
    message = update.effective_message
    await context.bot.send_message(message.chat_id, message.text)


def build(token: str, base_url: str, base_file_url: str | None = None) -> Application:
    """The echo bot, wired."""
    app = (ApplicationBuilder().token(token).base_url(base_url)
           .base_file_url(base_file_url or base_url).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def run(args: argparse.Namespace) -> None:
    """Polls until SIGTERM; prints ``ready`` when polling."""
    app = build(args.token, args.base_url, args.base_file_url)
    stop = stop_on_signals()
    async with app:
        await app.start()
        await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=10,
                                        poll_interval=0.0)
        print("ready", flush=True)
        await stop.wait()
        await app.updater.stop()
        await app.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.echo_bot")
    parser.add_argument("--base-url", required=True, help="the Bot API, e.g. http://h:p/bot")
    parser.add_argument("--base-file-url", default=None)
    parser.add_argument("--token", default=TOKEN)
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
