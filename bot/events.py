"""Waiting on asyncio events, shared by the inbox's dispatcher and the outbox's sender."""

from __future__ import annotations

import asyncio
import contextlib


async def first_of(*events: asyncio.Event) -> None:
    """Returns when any of the events is set."""
    waits = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


async def wake_or_timeout(wake: asyncio.Event, stop: asyncio.Event, seconds: float) -> None:
    """Waits until ``wake`` or ``stop`` is set, or ``seconds`` have passed."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(first_of(wake, stop), seconds)
