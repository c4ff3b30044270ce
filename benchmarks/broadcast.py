"""Broadcast benchmark: one notice to N residents through the real bot, at the rate limit.

Run ``.venv/bin/python -m benchmarks.broadcast`` (or ``frontdoor bench broadcast``). The
local Bot API runs in this process with its rate limits on (``--rate`` messages a second
overall, 1 a second per chat); the bot runs in a child process (``benchmarks.intake_bot``:
``build_application`` + ``serve``, its JobQueue driving ``handlers.notices.broadcast``)
with ``FRONTDOOR_TELEGRAM_OVERALL_PER_SECOND`` set to the same rate.

Printed: the configured limit, the achieved sustained rate (the median of the messages the
local Bot API accepted in each whole second of the run), their ratio, the busiest second,
429s, and
duplicates, missing and wrong-language messages counted from the local Bot API's chat
histories (not from our tables), and the wall time. ``--crash`` kills the bot with SIGKILL
once half the residents have it, starts it again, and also prints the ``uncertain``
deliveries. Then the naive baseline (send, sleep 1/(⅔·limit), repeat) on a fresh local
Bot API, and the ratio of the two rates.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

from benchmarks.broadcast_parts import Meter, Store, audit, language, naive_baseline
from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN, BotProcess, database
from bot.localapi import Limits, LocalBotAPI

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_USER = 300_001


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The options (``frontdoor bench broadcast`` passes the main ones on)."""
    p.add_argument("--residents", type=int, default=10_000)
    p.add_argument("--rate", type=int, default=300, help="overall limit, messages a second")
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--crash", action="store_true", help="SIGKILL the bot half-way, restart")
    p.add_argument("--lease", type=float, default=5.0,
                   help="seconds before a delivery left 'sending' counts as uncertain")
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--postgres-url", default=os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                                                            DEFAULT_PG))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.broadcast", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(p)
    return p.parse_args(argv)


async def _api(rate: int, user_ids: list[int]) -> LocalBotAPI:
    api = LocalBotAPI(host="127.0.0.1", port=0, token=TOKEN, staff_chat_id=STAFF_CHAT_ID,
                      limits=Limits(overall_per_second=rate))
    await api.start()
    for n, uid in enumerate(user_ids):
        api.state.add_user(uid, f"居民{n}", language_code=language(n))
    return api


async def _bot(api: LocalBotAPI, url: str) -> BotProcess:
    return await BotProcess("benchmarks.intake_bot",
                            ["--base-url", api.base_url, "--db", url]).__aenter__()


async def run_engine(backend: str, args: argparse.Namespace, user_ids: list[int]) -> dict:
    """One broadcast on ``backend``; returns the figures."""
    os.environ.update({"FRONTDOOR_TELEGRAM_OVERALL_PER_SECOND": str(args.rate),
                       "FRONTDOOR_BROADCAST_TICK_SECONDS": "0.5",
                       "FRONTDOOR_BROADCAST_LEASE_SECONDS": str(args.lease),
                       "FRONTDOOR_QUIET_HOURS": "off"})  # any hour of the day
    async with database(backend, args.postgres_url) as url:
        api, store = await _api(args.rate, user_ids), Store(url)
        try:
            notice_id = await store.seed(user_ids)
            meter, started = Meter(api), time.monotonic()
            meter.start()
            bot = await _bot(api, url)
            if args.crash:
                await meter.until(len(user_ids) // 2)
                bot.proc.kill()  # SIGKILL: no clean-up of any kind
                await bot.proc.wait()
                bot = await _bot(api, url)
            counts = await store.until_final(notice_id)
            wall = time.monotonic() - started
            await bot.__aexit__(None, None, None)
            await meter.stop()
            return {"db": backend, "rate": meter.rate(), "peak": meter.peak(), "sent": meter.count,
                    "rate_limited": api.state.rate_limited, "wall": wall,
                    "uncertain": counts.get("uncertain", 0), "counts": counts,
                    **audit(api, user_ids)}
        finally:
            await store.close()
            await api.stop()


async def run_baseline(args: argparse.Namespace, user_ids: list[int]) -> dict:
    """The naive loop on a fresh local Bot API with the same limits."""
    api = await _api(args.rate, user_ids)
    try:
        meter, started = Meter(api), time.monotonic()
        meter.start()
        await naive_baseline(api, TOKEN, user_ids, args.rate)
        wall = time.monotonic() - started
        await meter.stop()
        return {"rate": meter.rate(), "peak": meter.peak(), "sent": meter.count, "wall": wall,
                "rate_limited": api.state.rate_limited}
    finally:
        await api.stop()


def _print(result: dict, limit: int, crash: bool) -> None:
    print(f"[{result['db']}] configured limit {limit}/s · sustained {result['rate']:.1f}/s "
          f"· ratio {result['rate'] / limit:.3f} · busiest second {result['peak']} · "
          f"429s {result['rate_limited']} · "
          f"sent {result['sent']} · duplicates {result['duplicates']} · missing "
          f"{result['missing']} · wrong language {result['wrong_language']}"
          + (f" · uncertain {result['uncertain']}" if crash else "")
          + f" · wall {result['wall']:.1f} s · rows {result['counts']}")


async def main_async(args: argparse.Namespace) -> None:
    """Runs the engine on each database, then the baseline; prints the figures."""
    user_ids = [FIRST_USER + n for n in range(args.residents)]
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    mode = " --crash (SIGKILL half-way, restart)" if args.crash else ""
    print(f"broadcast: {args.residents} residents, limit {args.rate}/s{mode}")
    results = []
    for backend in backends:
        results.append(await run_engine(backend, args, user_ids))
        _print(results[-1], args.rate, args.crash)
    if args.no_baseline:
        return
    base = await run_baseline(args, user_ids)
    print(f"[naive loop, sleep 1/(2/3·{args.rate})] sustained {base['rate']:.1f}/s · ratio "
          f"{base['rate'] / args.rate:.3f} · 429s {base['rate_limited']} · wall "
          f"{base['wall']:.1f} s")
    for result in results:
        print(f"[{result['db']}] engine / naive: {result['rate'] / base['rate']:.2f}×")


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    run(parse_args(argv))


def run(args: argparse.Namespace) -> None:
    """Runs the benchmark with parsed options."""
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
