"""Crash benchmark: the bot SIGKILLed while residents talk, surveys go out and staff claim.

Run ``.venv/bin/frontdoor bench crash`` (or ``python -m benchmarks.crash``). Per backend:
a local Bot API (this process, no limits), a fresh migrated database, the real bot in a
child process (``benchmarks.intake_bot --no-limiter``, survey tick every second, its log
kept in a file), ``--residents`` residents doing intakes back to back
(``benchmarks.intake_resident``'s script, 0.3–1.5 s thinking, 15 s to reply) and
``--surveys`` surveys due now, seeded in ``--kills`` + 1 waves (before the start and once
between each two kills); the first admin adds a worker, who presses claim once on every
card as it appears (``benchmarks.crash_staff``). The bot is killed ``--kills`` times at
random moments (seeded) and restarted at once; residents finish the intake they are in; the
bot runs until nothing is left to send (no ``pending``/``sending`` outbox row, ``pending``
update, ``scheduled`` survey, card to press or update unfetched in the local API) and 3
heartbeats + 6 s after the last restart, so every row a killed sender held is settled (a
sender silent for 3 heartbeats is dead, ``domain.outbox.HEARTBEAT``). Then it is stopped.

Figures, from the local API's chats (what residents received) and the database:

- ``replies_expected``: every resident input that reached the API (text, contact, button
  press; each is owed exactly one bot message) plus one survey message per survey.
- ``replies_sent``: per chat, the distinct bot messages that arrived, at most what the
  chat was owed (survey chats: messages containing "解决了吗").
- ``duplicated``: a bot message with the same text, inline keyboard and reply keyboard as
  the bot message right before it in the same chat, with no resident message between.
  (No intake step asks the same thing twice in a row, and a survey chat gets one message.)
  ``extra`` counts distinct bot messages beyond what a chat was owed (shown, not judged).
- ``missing`` = expected − sent. A resident whose reply did not come within 15 s stops
  (it cannot go on without the buttons); a reply arriving later still counts as sent.
  ``stopped``: such residents; ``late_replies``, ``late_max_s``: how many of their replies
  came after all (watched for 90 s) and the longest wait for one.
- ``uncertain``: ``uncertain`` outbox rows less ``uncertain_staff_dm`` (``contacts_missing``,
  inferred: a closed row to a private chat forgets the chat; the contact is at most once).
- ``max_in_flight``: the most outbox rows in ``sending`` seen by polling the database every
  50 ms from this process; ``max_per_sender`` the most under one claim token (one sender;
  rows a killed sender held stay ``sending`` until a live sender finds it dead);
  ``uncertain_per_sender`` the most ``uncertain`` rows one sender (so one kill) had held.

Staff (at least once): ``tickets`` opened (not the seeded ones); ``cards_missing`` /
``cards_doubled`` / ``topics_doubled``: tickets with no / more than one card / topic in the
staff chat; ``claims_pressed``; ``claims_applied``: tickets claimed or later (or assigned) in
the database; ``claims_lost``: presses stored by the bot (``inbox_updates``) on a ticket not
claimed (``_silent``: answered without an alert); ``claims_unstored``, ``_unanswered``,
``_refused`` (an alert; ``refusals`` by text key); ``press_failed`` (by the local API);
``contacts_missing``: claimed tickets whose contact the worker did not get in private;
``claim_updates``: the inbox status of the pressed updates.

``ok`` = duplicated == 0, missing <= uncertain, cards_missing == 0, claims_lost == 0, at
most ``BATCH`` (30) uncertain from one kill (``uncertain_per_sender``) and at most 30 in
flight over all senders (``max_in_flight``). The exit status is 1 if a backend is not ok.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.crash_load import CrashResident, Watch, measure, seed_surveys
from benchmarks.crash_staff import ADMIN, Desk
from benchmarks.intake_procs import ROOT, STAFF_CHAT_ID, TOKEN, BotProcess, database
from benchmarks.intake_resident import Pace, Tally
from bot.localapi import Limits, LocalBotAPI
from bot.localapi.client import ControlClient
from domain.outbox import BATCH, HEARTBEAT

DEFAULT_PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FIRST_USER, FIRST_SURVEY_USER = 200_001, 400_001
SETTLE_AFTER = 3 * HEARTBEAT.total_seconds() + 6  # a dead sender's rows are settled by then
SETTLE_LIMIT = 150.0  # seconds after the last restart before giving up on "settled"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.crash", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--kills", type=int, default=5)
    p.add_argument("--residents", type=int, default=30)
    p.add_argument("--surveys", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--postgres-url", default=os.environ.get("FRONTDOOR_TEST_POSTGRES_URL",
                                                            DEFAULT_PG))
    return p.parse_args(argv)


def say(t0: float, backend: str, line: str) -> None:
    """A progress line on stderr."""
    print(f"[crash {backend} {time.perf_counter() - t0:6.1f}s] {line}", file=sys.stderr,
          flush=True)


class LoggedBot(BotProcess):
    """The bot child with its stderr in a log file and a one-second survey tick."""

    def __init__(self, args: list[str], log: Path) -> None:
        super().__init__("benchmarks.intake_bot", args)
        self.log = log

    async def __aenter__(self) -> LoggedBot:
        env = {**os.environ, "FRONTDOOR_SURVEY_TICK_SECONDS": "1"}
        with self.log.open("ab") as err:
            self.proc = await asyncio.create_subprocess_exec(
                *self.command, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=err, env=env)
        line = b""
        try:
            line = await asyncio.wait_for(self.proc.stdout.readline(), timeout=120)
        finally:
            if line.strip() != b"ready":
                await self._end()
                raise RuntimeError(f"the bot did not start ({line!r}; see {self.log})")
        return self

    async def kill(self) -> None:
        """SIGKILL, and wait for it to be gone."""
        self.proc.send_signal(signal.SIGKILL)
        await self.proc.wait()


async def _drive(backend: str, url: str, args: argparse.Namespace, logs: Path) -> dict:
    t0, rng = time.perf_counter(), random.Random(f"{args.seed}:{backend}")
    api = LocalBotAPI(host="127.0.0.1", port=0, limits=Limits.off(), token=TOKEN,
                      staff_chat_id=STAFF_CHAT_ID)
    await api.start()
    control, tally, watch, desk = ControlClient(api.url), Tally(), Watch(url), Desk(api.url)
    pace = Pace(0.3, 1.5, reply_timeout=15.0)
    people = [CrashResident(api.url, FIRST_USER + i, i, random.Random(args.seed * 100_003 + i),
                            pace, tally) for i in range(args.residents)]
    askees = [FIRST_SURVEY_USER + i for i in range(args.surveys)]
    waves = [askees[w::args.kills + 1] for w in range(args.kills + 1)]
    log = logs / f"bot-{backend}.log"
    bot = LoggedBot(["--base-url", api.base_url, "--base-file-url", api.base_file_url,
                     "--db", url, "--no-limiter", "--first-admin", str(ADMIN)], log)
    polling, intakes_over, claiming = asyncio.Event(), asyncio.Event(), asyncio.Event()
    try:
        await asyncio.gather(*(control.create_user(u, f"居民{u}") for u in
                               [r.user_id for r in people] + askees))
        await seed_surveys(url, waves[0], 0)
        await watch.open()
        poller = asyncio.create_task(watch.poll(polling))
        await bot.__aenter__()
        await desk.register()
        claimer = asyncio.create_task(desk.run(claiming))
        say(t0, backend, f"bot ready; {len(people)} residents start, {len(waves[0])} surveys due")
        talks = [asyncio.create_task(r.run(intakes_over)) for r in people]
        for k in range(args.kills):
            gap = rng.uniform(3.0, 8.0)
            at = rng.uniform(0.0, gap)
            await asyncio.sleep(at)
            await seed_surveys(url, waves[k + 1], k + 1)
            say(t0, backend, f"{len(waves[k + 1])} more surveys due")
            await asyncio.sleep(gap - at)
            sending, _ = await watch.sending()
            await bot.kill()
            say(t0, backend, f"kill {k + 1}/{args.kills} (SIGKILL; {sending} outbox rows "
                f"sending just before)")
            started = time.perf_counter()
            await bot.__aenter__()
            say(t0, backend, f"restarted, ready after {time.perf_counter() - started:.1f}s")
        last = time.perf_counter()
        intakes_over.set()
        await asyncio.wait(talks, timeout=120)
        for talk in talks:
            talk.cancel()
        say(t0, backend, "residents done; waiting for the outbox, inbox and leases to settle")
        settled = False
        while time.perf_counter() - last < SETTLE_LIMIT:
            if time.perf_counter() - last >= SETTLE_AFTER and await watch.settled() \
                    and await desk.quiet():
                settled = True
                break
            await asyncio.sleep(0.5)
        claiming.set()
        await claimer
        await bot.__aexit__(None, None, None)
        say(t0, backend, f"bot stopped ({'settled' if settled else 'NOT settled'})")
        polling.set()
        await poller
        figures = await measure(control, people, askees, watch)
        figures |= await desk.measure(watch, logs / f"staff-{backend}.txt")
        dm = min(figures["uncertain"], figures["contacts_missing"])  # closed rows lose chat_id
        figures.update(uncertain=figures["uncertain"] - dm, uncertain_staff_dm=dm)
        late = [f"{r.user_id}:{r.late:.1f}s" for r in people if r.late is not None]
        say(t0, backend, f"replies after the 15 s timeout: {' '.join(late) or 'none'}")
        return {"settled": "yes" if settled else "no", **figures,
                "unexpected": sum("unexpected" in f for f in tally.failures),
                "seconds": round(time.perf_counter() - t0, 1), "log": str(log)}
    finally:
        await bot.__aexit__(None, None, None)
        polling.set()
        claiming.set()
        for r in people:
            if r.watching is not None:
                r.watching.cancel()
        await watch.close()
        await asyncio.gather(*(r.close() for r in people))
        await control.aclose()
        await desk.close()
        await api.stop()


async def run(args: argparse.Namespace) -> int:
    """Runs every backend; prints one line each; 1 if a backend broke an invariant."""
    backends = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    logs = Path(tempfile.mkdtemp(prefix="fd-crash-"))
    failed = False
    for backend in backends:
        async with database(backend, args.postgres_url) as url:
            f = await _drive(backend, url, args, logs)
        ok = (f["duplicated"] == 0 and f["missing"] <= f["uncertain"] and f["cards_missing"] == 0
              and f["claims_lost"] == 0
              and f["uncertain_per_sender"] <= BATCH and f["max_in_flight"] <= BATCH)
        failed |= not ok
        shown = {"db": backend, "kills": args.kills, **{k: v for k, v in f.items()
                                                       if k != "odd_chats"},
                 "ok": "yes" if ok else "no", "odd_chats": f["odd_chats"]}
        print(" ".join(f"{k}={v}" for k, v in shown.items()), flush=True)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> None:
    """Entry point."""
    sys.exit(asyncio.run(run(parse_args(argv))))


if __name__ == "__main__":
    main()
