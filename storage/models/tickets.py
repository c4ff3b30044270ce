"""Tickets, the residents who joined them, their audit trail and attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, SmallInteger, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from storage.errors import AppendOnlyViolation
from storage.models.base import Base, Created
from storage.models.types import BigId, utcnow


def _fk(target: str) -> Any:
    return mapped_column(BigInteger, ForeignKey(target))


def _tally() -> Any:
    return mapped_column(SmallInteger, default=0, server_default="0")


RATE_COLUMNS = ["unit_id", "excluded_from_kpi", "respond_due_at", "first_response_at",
                "kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic",
                "kpi_dissatisfied", "kpi_no_answer", "kpi_uncertain"]
"""What the three rates read of a ticket (``storage.repositories.rates.count_columns``)."""
SUMMARY_COLUMNS = ["excluded_from_kpi", *RATE_COLUMNS[4:]]
"""What the ranking reads of an order's ticket (``storage.repositories.unit_rates``)."""


class Ticket(Created, Base):
    """One resident request, from opening to closing.

    ``version`` is SQLAlchemy's version counter: an UPDATE of a row changed by someone
    else since it was loaded fails (``storage.errors.ConcurrentUpdate`` on commit).
    """

    __tablename__ = "tickets"
    __table_args__ = (
        Index(None, "status"),
        Index(None, "category_level1", "created_at"),
        Index(None, "building"),
        Index(None, "assignee_id", "status"),
        Index(None, "resident_id", "created_at"),
        # The rates read a period's tickets from this index alone on PostgreSQL (an
        # index-only scan: migration 0012p, docs/web.md).
        Index("ix_tickets_created_at", "created_at", postgresql_include=RATE_COLUMNS),
        # ... and an order's ticket's survey summary by the ticket's id alone (the ranking).
        Index("ix_tickets_id_summary", "id", postgresql_include=SUMMARY_COLUMNS),
        Index(None, "problem_type"),
        Index(None, "unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # e.g. JS-20261123-0042
    resident_id: Mapped[int] = _fk("residents.id")
    category: Mapped[str] = mapped_column(String(255))  # taxonomy path, '/'-joined
    category_level1: Mapped[str] = mapped_column(String(64))
    # The problem in plain words (nlu/problem_types.yml id); its leaf is ``category``.
    problem_type: Mapped[str | None] = mapped_column(String(64))
    problem_type_by: Mapped[str | None] = mapped_column(String(16))  # resident | staff
    # Where the request came in: telegram | open311; an Open311 request's code for /link.
    channel: Mapped[str] = mapped_column(String(16), default="telegram",
                                         server_default="telegram")
    link_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    clarification: Mapped[dict[str, Any] | None]  # answers to the category's questions
    building: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(32))
    room: Mapped[str | None] = mapped_column(String(32))
    place_text: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_phone_normalized: Mapped[str | None] = mapped_column(String(32))
    visit_window: Mapped[str | None] = mapped_column(String(128))
    urgency: Mapped[str] = mapped_column(String(16), default="normal")
    status: Mapped[str] = mapped_column(String(16))
    assignee_id: Mapped[int | None] = _fk("staff_members.id")
    department: Mapped[str | None] = mapped_column(String(64))  # the label before units
    unit_id: Mapped[int | None] = _fk("units.id")  # the unit holding it (its home)
    source_update_id: Mapped[int | None] = mapped_column(BigInteger)
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    duplicate_of_id: Mapped[int | None] = _fk("tickets.id")
    excluded_from_kpi: Mapped[bool] = mapped_column(default=False)
    exclusion_reason: Mapped[str | None] = mapped_column(Text)
    excluded_by: Mapped[int | None] = _fk("staff_members.id")
    respond_due_at: Mapped[datetime | None]
    resolve_due_at: Mapped[datetime | None]
    claimed_at: Mapped[datetime | None]
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    reopened_count: Mapped[int] = mapped_column(default=0)
    withdrawn_at: Mapped[datetime | None]
    staff_chat_message_id: Mapped[int | None] = mapped_column(BigInteger)
    staff_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    resolution_note: Mapped[str | None] = mapped_column(Text)
    # The survey summary the three rates read, kept exact by the unit of work
    # (storage/repositories/ticket_kpi.py): latest answered rounds, how many confirm it
    # solved, their satisfaction answers, expired and uncertain surveys.
    kpi_answers: Mapped[int] = _tally()
    kpi_confirmed: Mapped[int] = _tally()
    kpi_satisfied: Mapped[int] = _tally()
    kpi_basic: Mapped[int] = _tally()
    kpi_dissatisfied: Mapped[int] = _tally()
    kpi_no_answer: Mapped[int] = _tally()
    kpi_uncertain: Mapped[int] = _tally()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class TicketFollower(Base):
    """A resident who joined someone else's ticket (a joint report) and follows it."""

    __tablename__ = "ticket_followers"
    __table_args__ = (Index(None, "resident_id"),)

    ticket_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("tickets.id"), primary_key=True
    )
    resident_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("residents.id"), primary_key=True
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class TicketEvent(Base):
    """One entry of a ticket's audit trail. Append-only: the ORM refuses updates and deletes."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index(None, "ticket_id", "at"), Index(None, "kind", "at"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int] = _fk("tickets.id")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_kind: Mapped[str] = mapped_column(String(16))  # resident | staff | system
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None]
    update_id: Mapped[int | None] = mapped_column(BigInteger)


@event.listens_for(TicketEvent, "before_update")
@event.listens_for(TicketEvent, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: TicketEvent) -> None:
    raise AppendOnlyViolation(f"ticket events are append-only (event {target.id})")


class Attachment(Created, Base):
    """A file a resident sent: on a draft (``draft_key``) until the ticket exists."""

    __tablename__ = "attachments"
    __table_args__ = (Index(None, "ticket_id"), Index(None, "draft_key"))

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    ticket_id: Mapped[int | None] = _fk("tickets.id")
    resident_id: Mapped[int | None] = _fk("residents.id")
    draft_key: Mapped[str | None] = mapped_column(String(128))
    telegram_file_id: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16))  # photo | document | ...
