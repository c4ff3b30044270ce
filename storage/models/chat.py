"""Conversation state that survives restarts, and hand-offs of a chat to staff."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.types import BigId, utcnow


class ConversationState(Base):
    """Where one conversation stands, keyed e.g. ``intake:<chat id>:<user id>``."""

    __tablename__ = "conversation_states"
    __table_args__ = (Index(None, "name"), Index(None, "updated_at"))

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))  # the conversation's name
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[Any] = mapped_column(JSON(none_as_null=True), nullable=True)
    data: Mapped[dict[str, Any] | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    reminded_at: Mapped[datetime | None]


class HandoffSession(Base):
    """A stretch of time in which a resident's chat is relayed to staff."""

    __tablename__ = "handoff_sessions"
    __table_args__ = (Index(None, "resident_id", "ended_at"), Index(None, "ticket_id"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("tickets.id"))
    resident_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("residents.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    ended_by: Mapped[int | None] = mapped_column(BigInteger)  # staff member id, if staff
    reason: Mapped[str | None] = mapped_column(Text)
    staff_thread_id: Mapped[int | None] = mapped_column(BigInteger)  # its forum topic
