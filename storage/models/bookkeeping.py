"""The bot's records of its own work: sent digests and counters."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Claimable, Created
from storage.models.types import BigId


class Digest(Claimable, Created, Base):
    """One digest for one period and chat: the row makes it exactly once."""

    __tablename__ = "digests"
    __table_args__ = (UniqueConstraint("kind", "period", "chat_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # daily | weekly | monthly
    period: Mapped[str] = mapped_column(String(16))  # 2026-11-23 | 2026-W48 | 2026-11
    chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False)
    message_id: Mapped[int | None] = mapped_column(BigInteger)


class Counter(Base):
    """A named sequence (e.g. ``ticket:20261123``), incremented atomically by upsert."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
