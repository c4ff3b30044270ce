"""``frontdoor demo seed``: fill the configured database with a believable community."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
HISTORY = ROOT.parent / "shared" / "data" / "routing" / "train.tsv"
PROGRESS_FROM = 10_000  # tickets; smaller runs are quiet until the summary


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``demo seed``."""
    parser = sub.add_parser("demo", help="demo data", description="Demo data for newcomers.")
    dsub = parser.add_subparsers(dest="demo_command", metavar="ACTION")
    seed = dsub.add_parser(
        "seed", help="fill the database with a demo community",
        description="Fills the database with a street (a dispatch desk, 4 communities, 5 "
                    "departments and services, each with a staff group and staff), residents "
                    "in buildings and units, and --months of tickets with seasonal patterns, "
                    "assignments, work orders (parallel, sent back, re-dispatched, late), "
                    "survey answers (unhappy ones too), reopens and exclusions. The same "
                    "--seed gives the same rows. Refuses a database that already has tickets "
                    "unless --force.")
    seed.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    seed.add_argument("--tickets", type=int, default=2000, help="how many (default 2000)")
    seed.add_argument("--months", type=int, default=24, help="how far back (default 24)")
    seed.add_argument("--until", type=date.fromisoformat, default=None,
                      help="the data ends at the start of this day (default today)")
    seed.add_argument("--database-url", default=None,
                      help="default: FRONTDOOR_DATABASE_URL (the embedded SQLite file)")
    seed.add_argument("--history", type=Path, default=HISTORY,
                      help="ticket titles to draw descriptions from, text<TAB>label "
                           "(default ../shared/data/routing/train.tsv; templates without it)")
    seed.add_argument("--force", action="store_true", help="seed even if there are tickets")
    seed.set_defaults(handler=_seed)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _progress(done: int, total: int) -> None:
    print(f"seeded {done:,} / {total:,} tickets ({done * 100 // total}%)", file=sys.stderr,
          flush=True)


def summary_lines(summary, seconds: float) -> list[str]:
    """The summary printed at the end."""
    statuses = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.statuses.items()))
    surveys = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.survey_statuses.items()))
    orders = ", ".join(f"{k} {v:,}" for k, v in sorted(summary.order_statuses.items()))
    return [
        f"seeded {summary.tickets:,} tickets ({summary.first_code} … {summary.last_code}) "
        f"in {seconds:.1f} s",
        f"  residents {summary.residents:,}, staff {summary.staff:,}, "
        f"joined {summary.followers:,}",
        f"  tickets: {statuses}; reopened {summary.reopened:,}, excluded {summary.excluded:,}",
        f"  surveys {summary.surveys:,}: {surveys}",
        f"  events {summary.events:,}, reminders {summary.reminders:,}",
        f"  street: {summary.units} units, {summary.members:,} unit members; "
        f"work orders {summary.orders:,}: {orders}",
        f"  parallel tickets {summary.parallel:,}, sent back {summary.sent_back:,}, "
        f"overdue orders {summary.overdue:,}, escalated {summary.escalations:,} "
        f"(吹哨 {summary.summoned:,}, second level {summary.second:,})",
    ]


def _plan(args: argparse.Namespace, settings):
    """The plan from the options, the settings' time zone and survey timing."""
    from domain.demo.generate import Plan
    from domain.demo.texts import read_history
    from domain.surveys import Timing

    timing = Timing(round2_after=timedelta(days=settings.survey_round2_days),
                    remind_after=timedelta(hours=settings.survey_reminder_hours),
                    expire_after=timedelta(hours=settings.survey_expiry_hours))
    return Plan(until=args.until or datetime.now(settings.tz).date(), seed=args.seed,
                tickets=args.tickets, months=args.months, tz=settings.tz, timing=timing,
                history=tuple(read_history(args.history)))


def _unknown_categories() -> list[str]:
    """The demo's categories that are not nodes of the taxonomy (none, unless data broke)."""
    from domain.demo.seasons import load_kinds
    from nlu.categories import load_taxonomy

    taxonomy = load_taxonomy()
    return [k.category for k in load_kinds() if not taxonomy.is_node(k.category)]


def _seed(args: argparse.Namespace) -> int:
    overrides = {"database_url": args.database_url} if args.database_url else {}
    settings = load_settings(**overrides)
    if args.tickets < 1 or args.months < 1:
        print("demo seed: --tickets and --months must be at least 1", file=sys.stderr)
        return 2
    if unknown := _unknown_categories():
        print(f"demo seed: not in the taxonomy: {', '.join(unknown)}", file=sys.stderr)
        return 1
    from domain.demo.seed import AlreadySeeded, seed
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_async
    from storage.uow import SqlUnitOfWork

    plan = _plan(args, settings)
    progress = _progress if args.tickets >= PROGRESS_FROM else None

    async def run():
        await upgrade_async(settings.database_url)
        engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver)
        factory = make_session_factory(engine)
        try:
            return await seed(lambda: SqlUnitOfWork(factory), plan, force=args.force,
                              progress=progress)
        finally:
            await engine.dispose()

    started = time.perf_counter()
    try:
        summary = asyncio.run(run())
    except AlreadySeeded as error:
        print(f"demo seed: {error}; nothing written (add --force to seed anyway)",
              file=sys.stderr)
        return 1
    print("\n".join(summary_lines(summary, time.perf_counter() - started)))
    return 0
