"""``frontdoor db``: schema migrations."""

from __future__ import annotations

import argparse

from bot.logging_setup import setup_logging
from bot.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``db upgrade``."""
    parser = sub.add_parser("db", help="database schema", description="Database schema tools.")
    db_sub = parser.add_subparsers(dest="db_command", metavar="ACTION")
    up = db_sub.add_parser(
        "upgrade", help="upgrade the schema to the latest migration",
        description="Applies every Alembic migration not yet applied to FRONTDOOR_DATABASE_URL.",
    )
    up.set_defaults(handler=_upgrade)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _upgrade(_args: argparse.Namespace) -> int:
    """Upgrades the configured database to head."""
    settings = load_settings()
    setup_logging(settings.log_level)
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    print("database upgraded to the latest schema")
    return 0
