"""``frontdoor report tickets --from --to [--status] [--category] [--building] --format csv``.

A list of tickets a supervisor opens in a spreadsheet: UTF-8 with a BOM (Excel then shows
Chinese), local times, phones masked (``138****5678``), headings in the default language.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime, time, timedelta

from bot.settings import load_settings

STATES = ("new", "claimed", "resolved", "closed", "reopened", "withdrawn")


def add_parser(rsub: argparse._SubParsersAction) -> None:
    """Adds ``report tickets``."""
    parser = rsub.add_parser(
        "tickets", help="a list of tickets as CSV (for a spreadsheet)",
        description="Tickets opened from --from to --to (both inclusive, local dates) as CSV: "
                    "UTF-8 with a byte order mark so Excel shows Chinese, times in the local "
                    "zone, phone numbers masked (138****5678). Written to standard output, or "
                    "to --output.",
        epilog="example: frontdoor report tickets --from 2026-11-01 --to 2026-11-30 "
               "--status new,claimed --building 5 --format csv > tickets.csv")
    parser.add_argument("--from", dest="start", required=True, type=date.fromisoformat,
                        help="first day (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", required=True, type=date.fromisoformat,
                        help="last day (YYYY-MM-DD), included")
    parser.add_argument("--status", action="append", default=[], type=_states,
                        help=f"only these states, comma-separated or repeated: {', '.join(STATES)}")
    parser.add_argument("--category", help="a category path or its last part, e.g. 冬季采暖")
    parser.add_argument("--building", help="one building, e.g. 5 or 5号楼")
    parser.add_argument("--format", choices=("csv",), default="csv")
    parser.add_argument("--output", help="a file to write instead of standard output")
    parser.set_defaults(handler=_tickets)


def _states(value: str) -> list[str]:
    states = [s.strip() for s in value.split(",") if s.strip()]
    wrong = [s for s in states if s not in STATES]
    if wrong or not states:
        raise argparse.ArgumentTypeError(f"unknown state {', '.join(wrong) or value!r}; "
                                         f"one of {', '.join(STATES)}")
    return states


def _tickets(args: argparse.Namespace) -> int:
    settings = load_settings()
    from bot.services import build_services
    from domain.staff import export
    from domain.staff.search import parse
    from handlers.staff.export import csv_bytes

    building = parse(args.building).building if args.building else None
    if args.building and building is None:
        print(f"report tickets: --building {args.building!r} is not a building", file=sys.stderr)
        return 2

    async def run() -> bytes:
        svc = build_services(settings)
        try:
            start = datetime.combine(args.start, time(), settings.tz)
            end = datetime.combine(args.end + timedelta(days=1), time(), settings.tz)
            rows = await export.rows(svc.uow_factory, start, end,
                                     statuses=[s for group in args.status for s in group],
                                     category=args.category, building=building)
        finally:
            await svc.close()
        return csv_bytes(rows, settings.default_language, settings.tz)

    data = asyncio.run(run())
    if args.output:
        with open(args.output, "wb") as file:
            file.write(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
