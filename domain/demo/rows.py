"""The rows one batch of the demo writes, as plain dicts keyed by column name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

Row = dict[str, Any]


@dataclass
class Batch:
    """Rows of a run of tickets, in the order they must be written."""

    tickets: list[Row] = field(default_factory=list)
    followers: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)
    surveys: list[Row] = field(default_factory=list)
    reminders: list[Row] = field(default_factory=list)
    orders: list[Row] = field(default_factory=list)  # work orders of the street's units
    # Orders that went past a deadline (order_id, ticket_id, unit_id, kind respond|resolve,
    # due_at, met_at or None), and the escalations made of them (domain/demo/escalations.py).
    overdue: list[Row] = field(default_factory=list)
    escalations: list[Row] = field(default_factory=list)

    def tables(self) -> list[tuple[str, list[Row]]]:
        """(table, rows) in an order that respects the foreign keys."""
        return [("tickets", self.tickets), ("work_orders", self.orders),
                ("order_escalations", self.escalations),
                ("ticket_followers", self.followers),
                ("ticket_events", self.events), ("surveys", self.surveys),
                ("reminders", self.reminders)]


def event(ticket_id: int, at: datetime, kind: str, actor_kind: str, actor_id: int | None,
          payload: dict[str, Any] | None = None) -> Row:
    """A ticket event row, as ``uow.events.append`` would write it."""
    return {"ticket_id": ticket_id, "at": at, "actor_kind": actor_kind, "actor_id": actor_id,
            "kind": kind, "payload": payload}


def survey(survey_id: int, ticket_id: int, resident_id: int, round_: int, due: datetime,
           created: datetime) -> Row:
    """A survey row with every column present (answers empty), status to be set."""
    return {"id": survey_id, "ticket_id": ticket_id, "resident_id": resident_id,
            "round": round_, "status": "scheduled", "due_at": due, "sent_at": None,
            "reminder_due_at": None, "reminded_at": None, "expires_at": None, "solved": None,
            "satisfaction": None, "recurred": None, "comment": None, "answered_at": None,
            "is_latest": False, "awaiting_comment": False, "created_at": created}
