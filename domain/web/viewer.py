"""Who is looking at the web view, and what their roles let them see."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Viewer:
    """A logged-in staff member, read from the database at every request.

    ``unit_ids`` is None for someone who sees the whole street (a street leader, an admin,
    a supervisor of the community's own staff group); otherwise the units whose orders
    this person may see (their memberships). An empty set sees nothing but their own name.
    """

    staff_id: int
    display_name: str
    role: str  # worker | supervisor | admin
    street_leader: bool
    unit_ids: frozenset[int] | None

    @property
    def sees_all(self) -> bool:
        """True when nothing is filtered by unit."""
        return self.unit_ids is None

    def may_see_unit(self, unit_id: int | None) -> bool:
        """Whether this viewer may see a unit's orders (None: tickets with no order)."""
        if self.unit_ids is None:
            return True
        return unit_id is not None and unit_id in self.unit_ids
