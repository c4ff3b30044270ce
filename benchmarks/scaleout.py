"""Scale-out benchmark: 1, 2, 3 bot processes behind HAProxy on one PostgreSQL database.

Run ``.venv/bin/frontdoor bench scaleout --processes 1,2,3 [--kill]`` (or
``python -m benchmarks.scaleout``). Per process count, a fresh PostgreSQL database, a
local Bot API with Telegram's limits on (this process), HAProxy with ``deploy/haproxy.cfg``
and N real bot processes in webhook mode (``benchmarks.cluster``), the bot's own limiter
on. The load is ``benchmarks.intake``'s realistic one: ``--residents`` residents (200),
one intake each, ``--think-min``–``--think-max`` seconds (3–10) of thinking before each
action (the first included, so arrivals spread as in ``benchmarks.intake``), 15 s to
reply. Beside them ``--racers`` first-time residents (20) each send four commands at once,
at a random moment of the first 30 s, to race one conversation's updates across the
processes. With ``--kill``, one process is SIGKILLed ``--kill-after`` seconds in (20) and
restarted a second later: one that does not hold the outbox's sender lease (with one
process, the only one), or with ``--kill-sender`` the one that does (the worst to lose: what
it had in flight to residents becomes ``uncertain``, never sent twice).

One line per run, ``key=value``:

- ``lost``: replies that never came — an intake resident's action left without its reply,
  and a racer's command without its reply. ``uncertain`` is printed beside it: a resident's
  message whose send a kill of the sender hid is never sent again (at most once, by
  design), so ``ok`` asks ``lost == 0``, or ``lost <= uncertain`` when the sender was killed.
- ``duplicated``: a bot message equal to the one before it in the same chat (text and
  buttons) with no resident message between, plus racers' replies beyond four.
- ``out_of_order``: racers whose replies do not follow the order they sent the commands in.
- ``p50_ms``, ``p99_ms``: the intake residents' reply latency (resident's clock).
- ``updates_per_s``: updates the local API delivered to the webhook over the run's wall time.
- ``rate_limited``: 429s the local API answered (Telegram's limits, counted over the bot).

Then, unless ``--no-stress``, the stress throughput of one process (100 residents, no
thinking, limits off, ``--duration`` s after 3 s of warm-up) with the inbox (the bot as it
runs) and without it (``intake_bot --no-inbox``: updates handled as fetched, one chat at a
time in memory, replies sent directly), side by side in one run, so the inbox's cost shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from benchmarks.cluster import Cluster
from benchmarks.intake_procs import STAFF_CHAT_ID, TOKEN, database
from benchmarks.intake_report import ms, percentile
from benchmarks.intake_resident import Pace, Resident, Tally
from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
BURST = {"/start": "您好", "/help": "我可以帮您", "/status": "您还没有报过事",
         "/mydata": "我们没有保存"}
FIRST_RESIDENT, FIRST_RACER = 300_001, 500_001


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.scaleout", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--processes", default="1,2,3", help="comma-separated counts (1 to 3)")
    p.add_argument("--kill", action="store_true",
                   help="SIGKILL one process mid-run and restart it (not the sender when N > 1)")
    p.add_argument("--kill-sender", action="store_true",
                   help="with --kill: SIGKILL the process holding the sender's lease")
    p.add_argument("--kill-after", type=float, default=20.0)
    p.add_argument("--residents", type=int, default=200)
    p.add_argument("--racers", type=int, default=20)
    p.add_argument("--think-min", type=float, default=3.0)
    p.add_argument("--think-max", type=float, default=10.0)
    p.add_argument("--duration", type=float, default=20.0, help="stress window, seconds")
    p.add_argument("--no-stress", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgres-url", default=os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                                                            DEFAULT_PG))
    return p.parse_args(argv)


def say(line: str) -> None:
    """Progress on stderr."""
    print(f"[scaleout] {line}", file=sys.stderr, flush=True)


async def _from_db(url: str) -> tuple[int | None, int]:
    """The pid of the sender's lease holder (None: nobody), and the uncertain rows."""
    conn = await asyncpg.connect(make_url(url).set(drivername="postgresql")
                                 .render_as_string(hide_password=False))
    try:
        holder = await conn.fetchval("SELECT holder FROM leases WHERE name='outbox-sender'")
        uncertain = await conn.fetchval("SELECT count(*) FROM outbox WHERE status='uncertain'")
    finally:
        await conn.close()
    return (int(holder.split("-")[1]) if holder else None), int(uncertain)


async def _race(control: ControlClient, user: int, order: list[str], at: float) -> None:
    await asyncio.sleep(at)
    for command in order:  # one after another, without waiting for the replies
        await control.send_text(user, command)


def _bot_messages(history: list[dict]) -> list[dict]:
    return [m for m in history if m.get("from", {}).get("is_bot")]


def _doubles(history: list[dict]) -> int:
    """Bot messages equal to the bot message right before them, no resident message between."""
    count, last = 0, None
    for m in history:
        if not m.get("from", {}).get("is_bot"):
            last = None
            continue
        key = (m.get("text"), str(m.get("reply_markup")))
        count += key == last
        last = key
    return count


async def run_once(n: int, args: argparse.Namespace, logs: Path) -> dict:
    """One run with ``n`` processes; the figures."""
    rng = random.Random(f"{args.seed}:{n}")
    api = LocalBotAPI(host="127.0.0.1", port=0, limits=Limits(), token=TOKEN,
                      staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    control, tally = ControlClient(api.url), Tally()
    pace = Pace(args.think_min, args.think_max, reply_timeout=15.0)
    people = [Resident(api.url, FIRST_RESIDENT + i, i, random.Random(args.seed * 7919 + i),
                       pace, tally) for i in range(args.residents)]
    racers = {FIRST_RACER + i: rng.sample(list(BURST), len(BURST)) for i in range(args.racers)}
    try:
        async with database("postgres", args.postgres_url) as url, Cluster(
                base_url=api.base_url, base_file_url=api.base_file_url, db_url=url, n=n,
                logs=logs / f"p{n}{'-kill' if args.kill else ''}") as procs:
            say(f"{n} process(es) up; {args.residents} residents, {args.racers} racers")
            killer, killed = None, "-"
            if args.kill:
                killer = asyncio.create_task(_kill_one(procs, url, args.kill_after,
                                                       args.kill_sender))
            t0 = time.perf_counter()
            async def one(resident: Resident) -> bool:
                await resident.think()  # arrivals spread like the pauses between actions
                return await resident.intake(1)

            done = await asyncio.gather(
                *(one(p) for p in people),
                *(_race(control, u, order, rng.uniform(0, 30)) for u, order in racers.items()))
            if killer is not None:
                killed = await killer
            await asyncio.sleep(3.0)  # the last replies and racers' answers
            wall = time.perf_counter() - t0
            stats = await control.stats()
            _, uncertain = await _from_db(url)
            histories = {u: (await control.history(u))["messages"]
                         for u in [*racers, *(p.user_id for p in people)]}
    finally:
        for p in people:
            await p.close()
        await control.aclose()
        await api.stop()
    intakes = sum(1 for d in done[:len(people)] if d)
    out_of_order = extra = lost = 0
    for user, order in racers.items():
        kinds = [next((c for c, start in BURST.items() if (m.get("text") or "").startswith(start)),
                      "?") for m in _bot_messages(histories[user])]
        out_of_order += [k for k in kinds if k in order][:len(order)] != order[:len(kinds)]
        extra += max(0, len(kinds) - len(order))
        lost += max(0, len(order) - len(kinds))
    lost += len(people) - intakes  # each stopped at an action whose reply did not come
    latencies = [lat for _, lat in tally.replies]
    mode = ("kill-sender" if args.kill_sender else "kill") if args.kill else "realistic"
    return {"processes": n, "mode": mode,
            "lost": lost, "uncertain": uncertain,
            "duplicated": sum(_doubles(h) for h in histories.values()) + extra,
            "out_of_order": out_of_order,
            "p50_ms": round(ms(percentile(latencies, 50)), 1),
            "p99_ms": round(ms(percentile(latencies, 99)), 1),
            "updates_per_s": round(stats["webhook_delivered"] / wall, 1),
            "rate_limited": stats["rate_limited"], "intakes": f"{intakes}/{len(people)}",
            "killed": killed, "wall_s": round(wall, 1)}


async def _kill_one(procs: Cluster, url: str, after: float, sender: bool) -> str:
    await asyncio.sleep(after)
    pid, _ = await _from_db(url)
    holder = next((i for i in range(procs.n) if procs.pid(i) == pid), 0)
    others = [i for i in range(procs.n) if i != holder]
    index = holder if sender or not others else others[0]
    label = f"sender:p{index}" if pid == procs.pid(index) else f"p{index}"
    say(f"SIGKILL process {index} (pid {procs.pid(index)}, {label})")
    await procs.kill(index)
    await asyncio.sleep(1.0)
    await procs.start_bot(index)
    say(f"process {index} restarted")
    return label


async def stress_pair(args: argparse.Namespace) -> dict:
    """Stress throughput of one process with the inbox and without it, in one run."""
    from benchmarks.intake import _hammer

    hammer = argparse.Namespace(api_limits="off", warmup=3.0, duration=args.duration)
    got = {}
    for name, extra in (("inbox", []), ("no_inbox", ["--no-inbox"])):
        async with database("postgres", args.postgres_url) as url:
            got[name] = await _hammer(("benchmarks.intake_bot",
                                       ["--db", url, "--no-limiter", *extra]),
                                      100, args.seed, hammer, echo=False)
    on, off = got["inbox"], got["no_inbox"]
    return {"stress": "1 process, 100 residents, no thinking, limits off",
            "inbox_updates_per_s": round(on["updates_per_s"], 1),
            "no_inbox_updates_per_s": round(off["updates_per_s"], 1),
            "ratio": round(on["updates_per_s"] / max(off["updates_per_s"], 1e-9), 2),
            "inbox_p50_ms": round(on["p50"], 1), "no_inbox_p50_ms": round(off["p50"], 1),
            "failures": on["failures"] + off["failures"]}


async def main_async(args: argparse.Namespace) -> int:
    """Every run, one line each, then the stress pair; 1 if a run is not ok."""
    counts = [int(c) for c in args.processes.split(",") if c.strip()]
    logs = Path(tempfile.mkdtemp(prefix="fd-scaleout-"))
    ok = True
    results = []
    for n in counts:
        figures = await run_once(n, args, logs)
        results.append(figures)
        print(" ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        sender_killed = args.kill and figures["killed"].startswith("sender")
        ok &= figures["duplicated"] == 0 and figures["out_of_order"] == 0 and (
            figures["lost"] <= figures["uncertain"] if sender_killed else figures["lost"] == 0)
    if len(results) > 1:
        base = results[0]["p99_ms"] or 1e-9
        print("p99 ratio to " + f"{results[0]['processes']} process(es): " + ", ".join(
            f"{r['processes']}p {r['p99_ms'] / base:.2f}" for r in results), flush=True)
    if not args.no_stress:
        say("stress: one process with and without the inbox")
        pair = await stress_pair(args)
        print(" ".join(f"{k}={v}" for k, v in pair.items()), flush=True)
    print(f"logs: {logs}  ok={'yes' if ok else 'no'}  "
          f"median p99 {statistics.median(r['p99_ms'] for r in results):.1f} ms", flush=True)
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    sys.exit(asyncio.run(main_async(parse_args(argv))))


if __name__ == "__main__":
    main()
