"""The ``frontdoor`` console command: one subcommand module per area."""

from __future__ import annotations

import argparse
import sys

from bot.commands import (
    bench,
    broadcast,
    db,
    demo,
    inbox,
    nlu,
    notices,
    open311,
    outbox,
    report,
    run,
    units,
)


def build_parser() -> argparse.ArgumentParser:
    """Builds the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="frontdoor",
        description="Resident front door for community complaint services (接诉即办).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (run, db, inbox, outbox, nlu, report, demo, bench, broadcast, notices,
                   units, open311):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    return int(handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
