"""The outbox: every message the bot must send after a state change, stored with that change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Index, LargeBinary, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.types import BigId, utcnow


class OutboxMessage(Base):
    """One message to send (or edit): what, where, how urgent, and what became of it.

    ``status``: ``pending`` (to send at ``due_at``), ``sending`` (claimed until
    ``claimed_until``), ``sent`` (``message_id`` recorded), ``uncertain`` (an at-most-once
    message whose send a crash or a timeout hid: never sent again), ``failed`` (Telegram
    refused it). ``lane`` orders messages: one at a time per lane, in id order. ``method`` is
    a Bot API method, or a kind rendered when sent (``card``, ``card_edit``). ``params`` hold
    the request's JSON values and are cleared once the message is out.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index(None, "status", "priority", "id"),
        Index(None, "lane", "status"),
        Index(None, "dedupe"),
        Index(None, "about_user"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    priority: Mapped[int] = mapped_column(SmallInteger)
    at_most_once: Mapped[bool]
    method: Mapped[str] = mapped_column(String(32))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    lane: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column(BigInteger)
    params: Mapped[dict[str, Any] | None]
    blob: Mapped[bytes | None] = mapped_column(LargeBinary)
    dedupe: Mapped[str | None] = mapped_column(String(64))
    hook: Mapped[dict[str, Any] | None]
    about_user: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    due_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class OutboxSender(Base):
    """A running sender and until when it is known alive (it renews this every few seconds).

    A row ``sending`` under a token with no live sender lost its sender: it is settled at
    once instead of waiting for its lease.
    """

    __tablename__ = "outbox_senders"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    alive_until: Mapped[datetime]
