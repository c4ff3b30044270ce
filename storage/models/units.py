"""Units of a street, their staff and routes, and the work orders (派件) of tickets.

A unit is the dispatch desk, a community, a department or an outside service.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Created
from storage.models.types import BigId


class Unit(Created, Base):
    """One unit with its own staff group (``chat_id``; None: the configured staff group)."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. js-1, heating
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # desk | community | department | service
    chat_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())


class UnitMember(Base):
    """A staff member's role in one unit (worker | supervisor)."""

    __tablename__ = "unit_members"
    __table_args__ = (Index(None, "unit_id", "role"),)

    staff_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("staff_members.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("units.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))


class UnitRoute(Base):
    """What goes to a unit: a building to its community, a department kind to a department."""

    __tablename__ = "unit_routes"
    __table_args__ = (Index(None, "unit_id"),)

    what: Mapped[str] = mapped_column(String(16), primary_key=True)  # building | kind
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("units.id"))


ORDER_RATE_COLUMNS = ["unit_id", "status", "respond_due_at", "first_response_at", "ticket_id"]
"""What the ranking reads of an order (``storage.repositories.unit_rates.order_columns``)."""


class WorkOrder(Base):
    """One 派件: a ticket dispatched to one unit, with its own clock, assignee and result.

    ``version`` is SQLAlchemy's version counter, as on tickets.
    """

    __tablename__ = "work_orders"
    # The ranking reads a period's orders from the dispatch-time index alone on PostgreSQL;
    # the web overview finds the orders sent back by status (migration 0012p, docs/web.md).
    __table_args__ = (Index(None, "ticket_id"), Index(None, "unit_id", "status"),
                      Index("ix_work_orders_dispatched_at", "dispatched_at",
                            postgresql_include=ORDER_RATE_COLUMNS),
                      Index(None, "status"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("tickets.id"))
    unit_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("units.id"))
    # open | claimed | done | returned (退单, awaiting the dispatcher) | cancelled
    status: Mapped[str] = mapped_column(String(16))
    dispatched_at: Mapped[datetime]
    dispatched_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    assignee_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    respond_due_at: Mapped[datetime | None]
    resolve_due_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    result: Mapped[str | None] = mapped_column(Text)
    returned_reason: Mapped[str | None] = mapped_column(Text)
    staff_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_chat_message_id: Mapped[int | None] = mapped_column(BigInteger)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
