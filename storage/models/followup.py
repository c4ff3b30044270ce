"""Durable due work about tickets: callback surveys and SLA reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Claimable, Created
from storage.models.types import BigId


class Survey(Claimable, Created, Base):
    """One callback survey round (1 = result and satisfaction, 2 = recurrence check).

    Answer columns are written only from the resident's own button press
    (``answer_update_id`` records which update it was).
    """

    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("ticket_id", "resident_id", "round"),
        Index(None, "status", "due_at"),
        Index(None, "status", "reminder_due_at"),
        Index(None, "status", "expires_at"),
        Index(None, "is_latest", "ticket_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tickets.id"))
    resident_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("residents.id"))
    round: Mapped[int]  # 1 or 2
    # scheduled|sending|sent|answered|expired|uncertain|cancelled (docs/surveys.md)
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    reminder_due_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    solved: Mapped[str | None] = mapped_column(String(16))
    satisfaction: Mapped[str | None] = mapped_column(String(16))
    recurred: Mapped[bool | None]
    comment: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answer_update_id: Mapped[int | None] = mapped_column(BigInteger)
    # True on the resident's latest answered round of the ticket (what the rates read)
    is_latest: Mapped[bool] = mapped_column(default=False)
    awaiting_comment: Mapped[bool] = mapped_column(default=False)  # next text is the comment


class Reminder(Claimable, Created, Base):
    """An SLA reminder of one kind for one ticket, sent at most once (``sent_at``)."""

    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("ticket_id", "kind"), Index(None, "sent_at", "due_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tickets.id"))
    kind: Mapped[str] = mapped_column(String(32))  # respond_soon | respond_overdue | ...
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
