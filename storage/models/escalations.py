"""Escalations of overdue work orders (吹哨): one row per order and deadline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.types import BigId


class OrderEscalation(Base):
    """An order past its respond or resolve deadline at its unit, and what followed.

    Written with the messages it sends, in one transaction: ``escalated_at`` (the reminder in
    the unit's group and the card to the street), ``summoned_at`` (吹哨: the unit's head
    summoned), ``answered_at`` (报到, or the order moved on), ``second_at`` (level two).
    """

    __tablename__ = "order_escalations"
    __table_args__ = (UniqueConstraint("order_id", "kind"),
                      Index(None, "answered_at", "second_at", "summoned_at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    order_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("work_orders.id"))
    ticket_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tickets.id"))
    kind: Mapped[str] = mapped_column(String(16))  # respond | resolve
    deadline: Mapped[datetime]
    escalated_at: Mapped[datetime]
    summoned_at: Mapped[datetime | None]
    summoned_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    answered_at: Mapped[datetime | None]
    answered_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    second_at: Mapped[datetime | None]
