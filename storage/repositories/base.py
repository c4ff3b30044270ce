"""What every repository shares: a session, get by key, add with flush."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from storage.errors import ConcurrentUpdate, Conflict
from storage.models import Base

M = TypeVar("M", bound=Base)


class Repository(Generic[M]):
    """Reads and writes one aggregate through the caller's session; never commits."""

    model: ClassVar[type[Base]]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: Any) -> M | None:
        """The row with this primary key, or None."""
        return await self.session.get(self.model, key)  # type: ignore[return-value]

    async def add(self, obj: M) -> M:
        """Adds a new row and flushes, so database defaults and the id are set.

        Raises:
            Conflict: A unique or foreign-key constraint refused the row.
        """
        self.session.add(obj)
        await flush(self.session)
        return obj

    async def add_all(self, objs: Iterable[M]) -> list[M]:
        """Adds several new rows and flushes once."""
        objs = list(objs)
        self.session.add_all(objs)
        await flush(self.session)
        return objs


async def flush(session: AsyncSession) -> None:
    """Flushes pending changes, translating driver errors to storage errors.

    Raises:
        Conflict: A unique or foreign-key constraint refused a write.
        ConcurrentUpdate: A versioned row changed since it was read.
    """
    try:
        await session.flush()
    except IntegrityError as error:
        raise Conflict(str(error.orig)) from error
    except StaleDataError as error:
        raise ConcurrentUpdate(str(error)) from error
