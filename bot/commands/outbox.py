"""``frontdoor outbox list``: what the bot still has to send, and what may not have arrived.

Contents are never printed (a reply carries what the resident wrote); a row shows its
kind, where it goes (a chat id only for staff chats), its status and its tries.
"""

from __future__ import annotations

import argparse

from bot.commands.inbox import _run
from domain import outbox

STATUSES = ("pending", "sending", "sent", "uncertain", "failed")


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``outbox list``."""
    parser = sub.add_parser("outbox", help="messages to send: counts, uncertain ones",
                            description="The outbox, from the database. Contents are never "
                                        "printed (personal data).")
    osub = parser.add_subparsers(dest="outbox_command", metavar="ACTION")
    listing = osub.add_parser("list", help="counts per status and the newest rows")
    for status in ("pending", "uncertain", "failed"):
        listing.add_argument(f"--{status}", action="store_true", help=f"only {status} rows")
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=_list)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _list(args: argparse.Namespace) -> int:
    status = next((s for s in ("pending", "uncertain", "failed") if getattr(args, s)), None)
    rows, counts = _run(lambda uow: outbox.listing(uow, status, args.limit))
    print("  ".join(f"{k} {counts.get(k, 0)}" for k in STATUSES))
    if not rows:
        print(f"no {status} rows" if status else "nothing in the outbox")
        return 0
    print(f"{'ID':>8}  {'KIND':<16} {'PRI':>3}  {'TO':<16} {'STATUS':<10} {'TRIES':>5}  "
          f"{'ERROR':<24} WRITTEN (UTC)")
    for r in rows:
        to = "resident" if r.chat_id >= 0 else str(r.chat_id)
        print(f"{r.id:>8}  {r.kind:<16} {r.priority:>3}  {to:<16} {r.status:<10} "
              f"{r.attempts:>5}  {(r.error or '-')[:24]:<24} {r.created_at:%Y-%m-%d %H:%M:%S}")
    return 0
