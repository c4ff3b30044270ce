"""Proactive notices (未诉先办) and their per-resident deliveries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Claimable, Created
from storage.models.types import BigId


class Notice(Created, Base):
    """A broadcast to residents: a durable thing with a status, not a loop in memory."""

    __tablename__ = "notices"
    __table_args__ = (Index(None, "status", "send_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    topic: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(255), default="")
    text_zh: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(255))  # taxonomy path for "report it"
    audience: Mapped[dict[str, Any] | None]
    emergency: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16))  # draft|approved|scheduled|running|...
    created_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    approved_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    # A supervisor sent it during quiet hours anyway ("send now anyway"): who and when.
    quiet_released_by: Mapped[int | None] = mapped_column(BigInteger,
                                                          ForeignKey("staff_members.id"))
    quiet_released_at: Mapped[datetime | None]
    send_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16), default="staff")
    source_key: Mapped[str | None] = mapped_column(String(128), unique=True)


class Delivery(Claimable, Created, Base):
    """One notice to one resident; unique per pair so nobody gets a notice twice."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("notice_id", "resident_id"),
        Index(None, "notice_id", "status"),
        Index(None, "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    notice_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("notices.id"))
    resident_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("residents.id"))
    status: Mapped[str] = mapped_column(String(16))  # pending|sending|sent|failed|blocked|...
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]  # NULL: as soon as possible
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
