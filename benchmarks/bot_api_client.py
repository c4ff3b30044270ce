"""CPU per Bot API call: PTB's default httpx request against ``bot.http_request.AiohttpRequest``.

``.venv/bin/python -m benchmarks.bot_api_client [--calls 600] [--rounds 5]`` starts the
local Bot API in this process and sends ``sendMessage`` through a real PTB ``Bot`` with each
request class in turn, ``--rounds`` times, and prints the median CPU time per call. The
server's share is in both figures (it runs in the same process), so the difference between
them is the clients' difference.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.http_request import AiohttpRequest
from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient

TOKEN = "123456:BENCH-client"
USER = 4242
TEXT = "您好，收到了。请问问题在哪里？几号楼几单元？" * 2


async def _cpu_per_call(api: LocalBotAPI, request, calls: int) -> float:
    async with Bot(TOKEN, base_url=api.base_url, request=request) as bot:
        for _ in range(20):  # warm the connection
            await bot.send_message(USER, TEXT)
        started = time.process_time()
        for _ in range(calls):
            await bot.send_message(USER, TEXT)
        return (time.process_time() - started) / calls


async def run(calls: int, rounds: int) -> dict[str, list[float]]:
    """CPU seconds per call, per round, for each client."""
    api = LocalBotAPI(port=0, limits=Limits.off(), token=TOKEN)
    await api.start()
    control = ControlClient(api.url)
    await control.create_user(USER, "居民")
    figures: dict[str, list[float]] = {"httpx (PTB default)": [], "aiohttp (ours)": []}
    try:
        for round_no in range(rounds):
            clients = [("httpx (PTB default)", HTTPXRequest), ("aiohttp (ours)", AiohttpRequest)]
            for name, make in clients[::-1] if round_no % 2 else clients:  # alternate order
                await control.reset()  # each client starts with an empty chat
                await control.create_user(USER, "居民")
                figures[name].append(await _cpu_per_call(api, make(), calls))
    finally:
        await control.aclose()
        await api.stop()
    return figures


def main(argv: list[str] | None = None) -> None:
    """Prints the median CPU per call of each client and their ratio."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bot_api_client",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=600)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    figures = asyncio.run(run(args.calls, args.rounds))
    medians = {name: statistics.median(values) for name, values in figures.items()}
    print(f"sendMessage through PTB's Bot, local Bot API in-process, {args.calls} calls x "
          f"{args.rounds} rounds; CPU per call (client + server), median of rounds:")
    for name, value in medians.items():
        print(f"  {name:22s} {value * 1000:6.3f} ms")
    httpx_ms, aiohttp_ms = medians.values()
    print(f"  httpx / aiohttp        {httpx_ms / aiohttp_ms:6.2f}x")


if __name__ == "__main__":
    main()
