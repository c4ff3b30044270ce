"""A ticket as a digest lists it: code, category, building, who holds it, its deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storage.models import Ticket


@dataclass(frozen=True)
class Item:
    """One ticket line of a digest (nothing personal: no phone, no room)."""

    ticket_id: int
    code: str
    category: str  # first-level category
    building: str | None
    holder: str | None  # the assignee's display name
    deadline: datetime | None  # the next pending deadline


@dataclass(frozen=True)
class Section:
    """A titled list of a digest: the first items and how many there are in all."""

    key: str
    total: int
    items: list[Item]


def deadline_of(ticket: Ticket) -> datetime | None:
    """The earliest pending deadline: the response one while unanswered, else resolution."""
    dues = [ticket.resolve_due_at]
    if ticket.first_response_at is None:
        dues.append(ticket.respond_due_at)
    dues = [d for d in dues if d is not None]
    return min(dues) if dues else None


def item_of(ticket: Ticket, names: dict[int, str]) -> Item:
    """The digest line of a loaded ticket; ``names`` maps staff ids to display names."""
    holder = names.get(ticket.assignee_id) if ticket.assignee_id is not None else None
    return Item(ticket.id, ticket.code, ticket.category_level1, ticket.building, holder,
                deadline_of(ticket))


def section(key: str, page, names: dict[int, str]) -> Section:
    """A section from a ``Page`` of tickets."""
    return Section(key, page.total, [item_of(t, names) for t in page.tickets])
