"""Several bot processes: which one holds a role, and which version of the model is current.

With PostgreSQL any number of processes may run (docs/scaling.md). They share the work of
handling updates (``domain/inbox``: one conversation at a time across them), but one role
is held by one process at a time through a **lease** renewed every few seconds: the
outbox's sender (``SENDER``), so that Telegram's limits, which are per bot, are kept by one
rate limiter. A process that dies loses its lease after ``LEASE_FOR``; another takes it.

A **version** per shared thing (``NLU``: the routing model) tells every process to reload
it: ``bump`` raises it, each process compares it every ``RELOAD_EVERY`` and reloads on a
change. Plain values only: no SQL, no Telegram.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.ports import UowFactory

SENDER = "outbox-sender"
"""The lease of the process that sends the outbox (and so keeps the bot's rate limits)."""
NLU = "nlu"
"""The version of the NLU model; bumped by ``frontdoor nlu reload`` after a retrain."""
LEASE_FOR = timedelta(seconds=6)
"""A lease lapses this long after its last renewal (renewed every 2 s)."""
RELOAD_EVERY = 5.0
"""Seconds between a process's looks at the versions."""


async def lead(uow_factory: UowFactory, name: str, holder: str, now: datetime) -> bool:
    """Takes or renews the lease ``name`` for ``LEASE_FOR``; False while another holds it."""
    async with uow_factory() as uow:
        mine = await uow.runtime.hold(name, holder, now, now + LEASE_FOR)
        await uow.commit()
        return mine


async def release(uow_factory: UowFactory, name: str, holder: str) -> None:
    """Gives the lease up at a clean stop: another process takes it at once."""
    async with uow_factory() as uow:
        await uow.runtime.release(name, holder)
        await uow.commit()


async def holder(uow_factory: UowFactory, name: str, now: datetime) -> str | None:
    """Who holds the lease now (operators and tests ask)."""
    async with uow_factory() as uow:
        return await uow.runtime.holder(name, now)


async def version(uow_factory: UowFactory, name: str) -> int:
    """The current version of ``name``."""
    async with uow_factory() as uow:
        return await uow.runtime.version(name)


async def bump(uow_factory: UowFactory, name: str, now: datetime) -> int:
    """Announces a new version of ``name`` to every process; returns it."""
    async with uow_factory() as uow:
        new = await uow.runtime.bump(name, now)
        await uow.commit()
        return new
