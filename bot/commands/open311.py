"""``frontdoor open311 key add NAME | list | revoke NAME``: the API clients' keys."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from bot.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the ``open311`` subcommand."""
    parser = sub.add_parser("open311", help="Open311 GeoReport v2 API: client keys",
                            description="Keys of the Open311 API's clients (docs/open311.md).")
    keys = parser.add_subparsers(dest="open311_command", metavar="COMMAND", required=True)
    key = keys.add_parser("key", help="add, list or revoke a client's key")
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="make a key for a client and print it (shown once)")
    add.add_argument("name")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="list the clients' keys (never the keys)")
    listing.set_defaults(handler=_list)
    revoke = actions.add_parser("revoke", help="refuse a client's key from now on")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_revoke)


async def _with_db(work):
    """Runs ``work(uow_factory)`` on the configured database, upgraded first."""
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_async
    from storage.uow import SqlUnitOfWork

    settings = load_settings()
    await upgrade_async(settings.database_url)
    engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver)
    try:
        factory = make_session_factory(engine)
        return await work(lambda: SqlUnitOfWork(factory))
    finally:
        await engine.dispose()


def _add(args: argparse.Namespace) -> int:
    """Prints a new key; the database keeps only its hash."""
    from domain.open311.keys import KeyNameTaken, add_key

    try:
        key = asyncio.run(_with_db(lambda f: add_key(f, args.name, now=datetime.now(UTC))))
    except (KeyNameTaken, ValueError) as error:
        print(f"open311: cannot add key {args.name!r}: {error.__class__.__name__} {error}")
        return 1
    print(key)
    return 0


def _list(args: argparse.Namespace) -> int:
    """One line a key: name, created, revoked."""
    from domain.open311.keys import list_keys

    for info in asyncio.run(_with_db(list_keys)):
        revoked = f"revoked {info.revoked_at:%Y-%m-%d %H:%M}" if info.revoked_at else "active"
        print(f"{info.name}\tcreated {info.created_at:%Y-%m-%d %H:%M}\t{revoked}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    """Revokes the key named NAME."""
    from domain.open311.keys import KeyNotFound, revoke_key

    try:
        asyncio.run(_with_db(lambda f: revoke_key(f, args.name, now=datetime.now(UTC))))
    except KeyNotFound:
        print(f"open311: no key named {args.name!r}")
        return 1
    print(f"revoked {args.name}")
    return 0
