"""Which tickets a web viewer may see, as a SQL condition (the rule is ``domain.web.viewer``).

A ticket belongs to a unit when the unit holds it (``tickets.unit_id``) or has a work order
of it. ``None`` stands for the whole street: no condition.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, exists, or_, select, true
from sqlalchemy.orm import aliased

from storage.models import Ticket
from storage.models.units import WorkOrder


def belongs(unit_ids: Collection[int] | None, ticket=Ticket) -> ColumnElement[bool]:
    """The tickets of ``unit_ids`` (held there, or with an order there); None: every ticket."""
    if unit_ids is None:
        return true()
    ids, o = sorted(unit_ids), aliased(WorkOrder)  # apart from any order the query reads
    ordered = exists(select(o.id).where(o.ticket_id == ticket.id, o.unit_id.in_(ids))
                     .correlate_except(o))
    return or_(ticket.unit_id.in_(ids), ordered)
