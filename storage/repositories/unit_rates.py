"""Counts behind the three rates per unit (issue 22): tickets a unit holds, orders it got.

No rule lives here: ``domain.unit_rates`` owns the formulas and how a parallel ticket
counts. Two statements, each one scan grouped by unit:

- **home**: tickets opened in the period, by the unit holding them (``tickets.unit_id``);
  response against the ticket's own clock;
- **orders**: work orders dispatched in the period (not cancelled), by their unit; response
  against the order's clock (from dispatch); resolution and satisfaction from the order's
  ticket survey summary (``tickets.kpi_*``), so a ticket with two orders counts once for each
  unit that held one.

Excluded tickets are left out of both and listed per unit by ``excluded``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import false, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StaffMember, Ticket
from storage.models.units import Unit, WorkOrder
from storage.repositories.rates import count_columns

CANCELLED = "cancelled"


@dataclass(frozen=True)
class UnitCounts:
    """The counts of one unit, as ``RateCounts`` without the grouping columns."""

    unit_id: int
    source: str  # home | orders
    tickets: int
    due_response: int
    responded_in_time: int
    answered_tickets: int
    solved_tickets: int
    satisfied: int
    basic: int
    dissatisfied: int
    no_answer: int
    uncertain: int
    pending_response: int = 0


@dataclass(frozen=True)
class UnitInfo:
    """A unit as the ranking names it."""

    id: int
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class UnitExcluded:
    """A ticket left out of the rates, under a unit that held it."""

    unit_id: int
    code: str
    reason: str | None
    excluded_by: str | None


def order_columns(now: datetime, t=Ticket) -> list:
    """The aggregates of ``UnitCounts.tickets`` … ``pending_response`` for orders.

    Response by the order's own clock; ``t``: where the ticket's survey summary is read
    (the table, or a lateral subquery's columns).
    """
    return count_columns(now, WorkOrder.respond_due_at, WorkOrder.first_response_at, t)


class UnitRateQueries:
    """Read-only queries for the rates by unit and the ranking."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def counts(self, start: datetime, end: datetime, now: datetime,
                     unit_ids: Collection[int] | None = None) -> list[UnitCounts]:
        """Per unit: tickets it holds opened in ``[start, end)``, orders dispatched then.

        ``unit_ids``: only these units (None: every unit).
        """
        t = Ticket
        home = (select(t.unit_id, *count_columns(now))
                .where(t.created_at >= start, t.created_at < end,
                       t.excluded_from_kpi == false(), t.unit_id.is_not(None))
                .group_by(t.unit_id))
        orders = self._orders(start, end, now)
        if unit_ids is not None:
            home = home.where(t.unit_id.in_(sorted(unit_ids)))
            orders = orders.where(WorkOrder.unit_id.in_(sorted(unit_ids)))
        found = []
        for source, stmt in (("home", home), ("orders", orders)):
            for row in await self.session.execute(stmt):
                found.append(UnitCounts(int(row[0]), source, *(int(v or 0) for v in row[1:])))
        return found

    def _orders(self, start: datetime, end: datetime, now: datetime):
        """Per unit, its orders dispatched in ``[start, end)`` with their tickets' summaries.

        On PostgreSQL each order's ticket is fetched by its key (``LATERAL``): a plain join
        is planned as a hash join over a scan of every ticket (docs/ranking.md).
        """
        t, o = Ticket, WorkOrder
        window = (o.dispatched_at >= start, o.dispatched_at < end, o.status != CANCELLED)
        if self.session.get_bind().dialect.name == "postgresql":
            summary = (select(t.kpi_answers, t.kpi_confirmed, t.kpi_satisfied, t.kpi_basic,
                              t.kpi_dissatisfied, t.kpi_no_answer, t.kpi_uncertain)
                       .where(t.id == o.ticket_id, t.excluded_from_kpi == false())
                       .lateral("t"))
            return (select(o.unit_id, *order_columns(now, summary.c))
                    .select_from(o).join(summary, true()).where(*window).group_by(o.unit_id))
        return (select(o.unit_id, *order_columns(now))
                .join(t, t.id == o.ticket_id)
                .where(*window, t.excluded_from_kpi == false())
                .group_by(o.unit_id))

    async def excluded(self, start: datetime, end: datetime) -> list[UnitExcluded]:
        """Excluded tickets opened in ``[start, end)``, under each unit that held them.

        Their home unit, and every unit that got an order of them.
        """
        t, o = Ticket, WorkOrder
        base = (select(t.unit_id, t.code, t.exclusion_reason, StaffMember.display_name)
                .outerjoin(StaffMember, StaffMember.id == t.excluded_by)
                .where(t.created_at >= start, t.created_at < end,
                       t.excluded_from_kpi.is_(True), t.unit_id.is_not(None)))
        ordered = (select(o.unit_id, t.code, t.exclusion_reason, StaffMember.display_name)
                   .join(t, t.id == o.ticket_id)
                   .outerjoin(StaffMember, StaffMember.id == t.excluded_by)
                   .where(t.created_at >= start, t.created_at < end,
                          t.excluded_from_kpi.is_(True), o.status != CANCELLED))
        rows = {tuple(r) for stmt in (base, ordered) for r in await self.session.execute(stmt)}
        return [UnitExcluded(int(r[0]), r[1], r[2], r[3]) for r in sorted(
            rows, key=lambda r: (r[0], r[1]))]

    async def units(self) -> list[UnitInfo]:
        """Every unit, active or not (an old month may name a unit since retired)."""
        rows = await self.session.execute(
            select(Unit.id, Unit.code, Unit.name, Unit.kind).order_by(Unit.id))
        return [UnitInfo(*r) for r in rows]
