"""Intake benchmark: simulated residents complete intakes against the real bot.

Run ``.venv/bin/python -m benchmarks.intake`` (see ``docs/benchmarks.md``). The local Bot API
and the residents (asyncio tasks, one ``ControlClient`` each) run in this process; the bot
runs in a child process (``benchmarks.intake_bot``: ``build_application`` + ``serve``,
python-telegram-bot polling over HTTP, the real database, the embedded NLU).

- **realistic**: every resident does one intake, thinking 3–10 s (uniform, seeded) before
  each action, with Telegram's rate limits on (``Limits()``) and the bot's own
  rate limiter (``bot/rate_limit.py``). Prints intakes/s, reply latency p50/p90/p99/max,
  the 429s the API sent and whether one reached a resident (a missing or wrong reply).
- **stress**: no thinking, every limit lifted; residents do intakes back to back for a fixed
  window. Prints updates handled per second and, in the same run on a fresh local API, the
  same figure for a bare echo bot (``benchmarks.echo_bot``) as the ceiling.

Each mode runs on SQLite and on PostgreSQL (a throwaway database, dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import gc
import os
import platform
import random
import time
from collections.abc import Iterator

from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN, BotProcess, database
from benchmarks.intake_report import (
    REALISTIC_ROWS,
    STRESS_ROWS,
    ServerClock,
    median_of,
    ms,
    percentile,
    table,
)
from benchmarks.intake_resident import Pace, Resident, Tally
from bot.localapi import Limits, LocalBotAPI

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_USER = 200_001


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in this process (local API + residents) during a run.

    This process stands in for Telegram and the residents; its full collections paused it
    19–144 ms at a time in a 200-resident run, delaying updates and replies as Telegram's
    servers would not. The bot process is measured as it runs in production.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.intake", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=["realistic", "stress", "both"], default="both")
    p.add_argument("--db", choices=["sqlite", "sqlite-thread", "postgres", "both", "all"],
                   default="both", help="both: sqlite and postgres; all: also sqlite-thread "
                   "(SQLite through aiosqlite's worker threads instead of inline)")
    p.add_argument("--residents", type=int, help="default: 200 realistic, 100 stress")
    p.add_argument("--think-min", type=float, default=3.0, help="realistic, seconds")
    p.add_argument("--think-max", type=float, default=10.0, help="realistic, seconds")
    p.add_argument("--duration", type=float, default=20.0, help="stress window, seconds")
    p.add_argument("--warmup", type=float, default=3.0, help="stress, not measured")
    p.add_argument("--repeat", type=int, default=1, help="medians over this many runs")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bot-limiter", choices=["auto", "on", "off"], default="auto",
                   help="the bot's rate limiter; auto: on in realistic, off in stress")
    p.add_argument("--api-limits", choices=["auto", "on", "off"], default="auto",
                   help="the local API's rate limits; auto: on in realistic, off in stress")
    p.add_argument("--postgres-url", default=os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                                                            DEFAULT_PG))
    return p.parse_args(argv)


async def _world(limits: Limits, residents: int, pace: Pace, seed: int):
    """A started local Bot API, its clock, and residents who exist in it."""
    api = LocalBotAPI(host="127.0.0.1", port=0, limits=limits, token=TOKEN,
                      staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    clock, tally = ServerClock(api), Tally()
    people = [Resident(api.url, FIRST_USER + i, i, random.Random(seed * 100_003 + i), pace,
                       tally) for i in range(residents)]
    await asyncio.gather(*(r.control.create_user(r.user_id, f"居民{r.index}")
                           for r in people))
    return api, clock, tally, people


async def _close(api: LocalBotAPI, people: list[Resident]) -> None:
    await asyncio.gather(*(r.close() for r in people))
    await api.stop()


def _bot_args(api: LocalBotAPI, db_url: str | None, no_limiter: bool,
              driver: str = "inline") -> list[str]:
    args = ["--base-url", api.base_url, "--base-file-url", api.base_file_url]
    if db_url:
        args += ["--db", db_url, "--sqlite-driver", driver]
    return args + (["--no-limiter"] if no_limiter else [])


async def realistic(db_url: str, args: argparse.Namespace, seed: int,
                    driver: str = "inline") -> dict:
    """200 thinking residents, one intake each, Telegram's limits on."""
    n = args.residents or 200
    pace = Pace(args.think_min, args.think_max)
    limits = Limits.off() if args.api_limits == "off" else Limits()
    api, clock, tally, people = await _world(limits, n, pace, seed)
    no_limiter = args.bot_limiter == "off"
    try:
        async with BotProcess("benchmarks.intake_bot",
                              _bot_args(api, db_url, no_limiter, driver)) as bot:
            cpu0, drv0, t0 = bot.cpu_seconds(), time.process_time(), time.perf_counter()

            async def one(r: Resident) -> None:
                await r.think()  # arrivals spread like the pauses between actions
                await r.intake(0)

            budget = args.think_max * 12 + 120
            await asyncio.wait_for(asyncio.gather(*(one(r) for r in people)), budget)
            cpu, drv = bot.cpu_seconds() - cpu0, time.process_time() - drv0
            busy = time.perf_counter() - t0
        stats = await people[0].control.stats()
    finally:
        await _close(api, people)
    lat = [lat for _, lat in tally.replies]
    srv = [lat for _, lat in clock.replies]
    wall = max(at for at, _ in tally.replies) - tally.first_send
    p99 = ms(percentile(lat, 99))
    return {
        "residents": n, "think": f"{args.think_min:g}-{args.think_max:g}",
        "limits": f"API {'on' if limits.enabled else 'off'}, PTB {'off' if no_limiter else 'on'}",
        "done": f"{len(tally.intakes)}/{n}", "wall_s": wall,
        "intakes_per_s": len(tally.intakes) / wall, "replies": len(lat),
        "p50": ms(percentile(lat, 50)), "p90": ms(percentile(lat, 90)), "p99": p99,
        "max": ms(max(lat)), "srv_p50": ms(percentile(srv, 50)),
        "srv_p99": ms(percentile(srv, 99)), "rate_limited": stats["rate_limited"],
        "failures": len(tally.failures),
        "reached": "yes" if tally.failures and stats["rate_limited"] else "no",
        "target": "met" if p99 < 250 and not tally.failures else f"missed ({p99:.0f} ms)",
        "bot_cpu": 100 * cpu / busy, "driver_cpu": 100 * drv / busy,
        "_failures": tally.failures[:5],
    }


async def _hammer(api_bot: tuple[str, list[str]], n: int, seed: int,
                  args: argparse.Namespace, echo: bool) -> dict:
    """Residents with no thinking against one bot for warm-up + window; figures in window."""
    limits = Limits() if args.api_limits == "on" else Limits.off()
    api, clock, tally, people = await _world(limits, n, Pace(), seed)
    module, extra = api_bot
    try:
        async with BotProcess(module, _bot_args(api, None, False)[:4] + extra) as bot:
            start = time.perf_counter()
            begin, end = start + args.warmup, start + args.warmup + args.duration

            async def loop(r: Resident) -> None:
                k = 0
                while time.perf_counter() < end:
                    await (r.echo(k) if echo else r.intake(k))
                    k += 1

            async def sample() -> tuple[float, float]:
                await asyncio.sleep(begin - time.perf_counter())
                cpu0, drv0 = bot.cpu_seconds(), time.process_time()
                await asyncio.sleep(end - time.perf_counter())
                return bot.cpu_seconds() - cpu0, time.process_time() - drv0

            sampler = asyncio.create_task(sample())
            await asyncio.wait_for(asyncio.gather(*(loop(r) for r in people)),
                                   args.warmup + args.duration + 120)
            cpu, drv = await sampler
    finally:
        await _close(api, people)
    inside = [lat for at, lat in tally.replies if begin <= at < end]
    srv = [lat for at, lat in clock.replies if begin <= at < end]
    return {"updates_per_s": len(inside) / args.duration,
            "intakes_per_s": sum(begin <= t < end for t in tally.intakes) / args.duration,
            "per_intake": len(tally.replies) / max(1, len(tally.intakes)),
            "p50": ms(percentile(inside, 50)), "p99": ms(percentile(inside, 99)),
            "srv_p50": ms(percentile(srv, 50)), "srv_p99": ms(percentile(srv, 99)),
            "failures": len(tally.failures), "cpu": 100 * cpu / args.duration,
            "driver_cpu": 100 * drv / args.duration, "_failures": tally.failures[:5]}


async def stress(db_url: str, args: argparse.Namespace, seed: int,
                 driver: str = "inline") -> dict:
    """No thinking, limits off: frontdoor, then (or first, every other repeat) the echo bot."""
    n = args.residents or 100
    limiter = ["--no-limiter"] if args.bot_limiter in ("auto", "off") else []
    bots = {"frontdoor": ("benchmarks.intake_bot",
                          ["--db", db_url, "--sqlite-driver", driver, *limiter]),
            "echo": ("benchmarks.echo_bot", [])}
    order = ["frontdoor", "echo"] if seed % 2 else ["echo", "frontdoor"]
    got = {name: await _hammer(bots[name], n, seed, args, name == "echo") for name in order}
    front, echo = got["frontdoor"], got["echo"]
    front["intakes_rate"] = front["updates_per_s"] / front.pop("per_intake")
    echo.pop("per_intake")
    api_on = args.api_limits == "on"
    return {"residents": n, "window_s": args.duration,
            "limits": f"API {'on' if api_on else 'off'}, PTB {'on' if not limiter else 'off'}",
            **front,
            "echo_updates_per_s": echo["updates_per_s"], "echo_p50": echo["p50"],
            "echo_p99": echo["p99"], "ratio": front["updates_per_s"] / echo["updates_per_s"],
            "bot_cpu": front["cpu"], "echo_cpu": echo["cpu"],
            "echo_driver_cpu": echo["driver_cpu"],
            "_failures": front["_failures"] + echo["_failures"]}


async def run(args: argparse.Namespace) -> None:
    """Runs every mode on every backend, repeat times, and prints the summary tables."""
    modes = ["realistic", "stress"] if args.mode == "both" else [args.mode]
    backends = {"both": ["sqlite", "postgres"],
                "all": ["sqlite", "sqlite-thread", "postgres"]}.get(args.db, [args.db])
    results: dict[str, dict[str, dict]] = {m: {} for m in modes}
    for mode in modes:
        for backend in backends:
            runs = []
            for i in range(args.repeat):
                kind = "postgres" if backend == "postgres" else "sqlite"
                driver = "thread" if backend == "sqlite-thread" else "inline"
                async with database(kind, args.postgres_url) as url:
                    fn = realistic if mode == "realistic" else stress
                    with collector_paused():
                        figures = await fn(url, args, args.seed + i, driver)
                runs.append(figures)
                shown = {k: (round(v, 1) if isinstance(v, float) else v)
                         for k, v in figures.items()}
                print(f"[{mode} {backend} run {i + 1}/{args.repeat}] {shown}", flush=True)
            results[mode][backend] = median_of(runs)
    print(f"\n{datetime.datetime.now().isoformat(timespec='seconds')} · "
          f"{platform.python_version()} · {os.cpu_count()} cores · "
          f"medians of {args.repeat} run(s)")
    for mode in modes:
        rows = REALISTIC_ROWS if mode == "realistic" else STRESS_ROWS
        print("\n" + table(mode.upper(), results[mode], rows))


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    asyncio.run(run(parse_args(argv)))


if __name__ == "__main__":
    main()
