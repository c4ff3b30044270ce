"""The declarative base, its constraint naming convention, and shared column groups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.models.types import UtcDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; names constraints so Alembic batch mode can find them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime(), dict[str, Any]: JSON(), list[Any]: JSON()}

    def __repr__(self) -> str:
        keys = [c.key for c in self.__mapper__.primary_key]
        ident = ", ".join(f"{k}={getattr(self, k, None)!r}" for k in keys)
        return f"{type(self).__name__}({ident})"


class Claimable:
    """Lease columns that let exactly one worker process pick a due row.

    A row is free when ``claimed_until`` is NULL or in the past. See
    ``storage.repositories.claims``.
    """

    claim_token: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]


class Created:
    """A ``created_at`` column set on insert."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
