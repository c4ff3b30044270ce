"""The inbox: every update the bot receives, stored before Telegram is told it arrived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.types import BigId, utcnow


class InboxUpdate(Base):
    """One received update: its payload until handled, then only its id (for de-duplication).

    ``status``: ``pending`` (to handle; ``due_at`` says when, later after a failure),
    ``done`` (handled; payload erased), ``parked`` (gave up after ``attempts``; kept for
    ``frontdoor inbox retry``). ``conversation`` orders updates: one at a time each.
    """

    __tablename__ = "inbox_updates"
    __table_args__ = (
        Index(None, "status", "conversation", "update_id"),
        Index(None, "received_at"),
        Index(None, "user_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    conversation: Mapped[str] = mapped_column(String(64))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    error: Mapped[str | None] = mapped_column(String(64))
    told: Mapped[bool] = mapped_column(default=False)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[datetime | None]
