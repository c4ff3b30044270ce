"""Which tickets a web viewer may see, as a SQL condition (the rule is ``domain.web.viewer``).

A ticket belongs to a unit when the unit holds it (``tickets.unit_id``) or has a work order
of it, in any state: ``storage.repositories.tickets.held_by``. ``None`` stands for the whole
street: no condition. In a statement that reads ``work_orders`` itself, read it through an
alias (``held_by``'s subquery would otherwise correlate to it).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement, true

from storage.repositories.tickets import held_by

ORDER_STATES = ("open", "claimed", "done", "returned", "cancelled")


def belongs(unit_ids: Collection[int] | None) -> ColumnElement[bool]:
    """The tickets of ``unit_ids`` (held there, or with an order there); None: every ticket."""
    return true() if unit_ids is None else held_by(sorted(unit_ids), ORDER_STATES)
