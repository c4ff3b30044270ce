"""Waking another process: PostgreSQL's LISTEN/NOTIFY on one channel per purpose.

A transaction that writes outbox rows also runs ``pg_notify(OUTBOX_CHANNEL)``; PostgreSQL
delivers it at the commit (and not at all on a rollback) to every process listening, here
the one that sends the outbox. SQLite runs one process: nothing to wake.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)
OUTBOX_CHANNEL = "frontdoor_outbox"


async def listen(url: str, channel: str, wake: Callable[[], None]) -> Any:
    """A connection of its own listening on ``channel``; ``wake()`` on every notification.

    Returns the asyncpg connection (``close()`` it; ``is_closed()`` after a loss), or None
    on SQLite.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    import asyncpg  # the PostgreSQL driver, only needed here

    conn = await asyncpg.connect(user=parsed.username, password=parsed.password,
                                 host=parsed.host or "localhost", port=parsed.port or 5432,
                                 database=parsed.database)
    await conn.add_listener(channel, lambda *_: wake())
    return conn
