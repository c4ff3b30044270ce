"""``frontdoor inbox list|retry``: the stored updates, and a second chance for parked ones.

An update is parked when handling it failed ``MAX_ATTEMPTS`` times on a database or network
error, or once on any other error (a bug would fail the same way again). ``retry`` puts it
back in front of its conversation; a running bot handles it within a second.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.settings import load_settings
from domain import inbox
from storage.db import make_engine, make_session_factory
from storage.models import utcnow
from storage.uow import SqlUnitOfWork


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``inbox list`` and ``inbox retry``."""
    parser = sub.add_parser("inbox", help="stored updates: list, retry parked ones",
                            description="Updates the bot received, from the database. "
                                        "Payloads are never printed (personal data).")
    isub = parser.add_subparsers(dest="inbox_command", metavar="ACTION")
    listing = isub.add_parser("list", help="the newest stored updates and counts per status")
    listing.add_argument("--parked", action="store_true", help="only parked updates")
    listing.add_argument("--pending", action="store_true", help="only updates not handled yet")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=_list)
    retry = isub.add_parser("retry", help="put a parked update back in line")
    retry.add_argument("row_id", type=int, help="the ID column of `frontdoor inbox list`")
    retry.set_defaults(handler=_retry)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _list(args: argparse.Namespace) -> int:
    status = "parked" if args.parked else "pending" if args.pending else None
    rows, counts = _run(lambda uow: inbox.listing(uow, status, args.limit))
    print("  ".join(f"{k} {counts.get(k, 0)}" for k in ("pending", "done", "parked")))
    if not rows:
        print("no parked updates" if args.parked else "nothing stored")
        return 0
    print(f"{'ID':>8}  {'UPDATE':>12}  {'KIND':<16} {'STATUS':<8} {'TRIES':>5}  "
          f"{'ERROR':<24} RECEIVED (UTC)")
    for r in rows:
        print(f"{r.id:>8}  {r.update_id:>12}  {r.kind:<16} {r.status:<8} {r.attempts:>5}  "
              f"{(r.error or '-'):<24} {r.received_at:%Y-%m-%d %H:%M:%S}")
    return 0


def _retry(args: argparse.Namespace) -> int:
    if _run(lambda uow: inbox.retry(uow, args.row_id, utcnow())):
        print(f"update row {args.row_id} is back in line; a running bot handles it next")
        return 0
    print(f"frontdoor inbox retry: no parked update with ID {args.row_id} "
          "(see frontdoor inbox list --parked)")
    return 1


def _run(work):
    settings = load_settings()

    async def go():
        engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver)
        try:
            factory = make_session_factory(engine)
            return await work(lambda: SqlUnitOfWork(factory))
        finally:
            await engine.dispose()

    return asyncio.run(go())
