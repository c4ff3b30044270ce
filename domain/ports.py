"""What the domain needs from the outside, as types (no SQL, no Telegram)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class UnitOfWork(Protocol):
    """A transaction with repositories as attributes; rolls back unless committed."""

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None:
        """Makes the work durable."""

    async def rollback(self) -> None:
        """Discards the work."""


UowFactory = Callable[[], UnitOfWork]
