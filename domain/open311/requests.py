"""Service requests of the API: opened through the same code as a Telegram report, and read.

A request opens a ticket with ``open_ticket`` (deadlines, reminders, audit, rates and
digests as any ticket), marked ``channel="open311"``, its staff card written to the outbox
in the same transaction. What ``GET requests`` shows without a key is masked (``public``).
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain.intake.draft import Draft
from domain.intake.opening import open_ticket
from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.staff.views import flat_of
from domain.tickets import TicketStatus
from storage.models import Ticket

CHANNEL = "open311"
CLOSED = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED, TicketStatus.WITHDRAWN})
"""Ticket states GeoReport calls ``closed`` (resolved by staff is closed to the client)."""
STATES = {"open": [s.value for s in TicketStatus if s not in CLOSED],
          "closed": [s.value for s in CLOSED]}
DEFAULT_SPAN = timedelta(days=90)
MAX_SPAN = timedelta(days=90)
MAX_RESULTS = 1000
LINK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LINK_LENGTH = 8


@dataclass(frozen=True)
class NewRequest:
    """A ``POST requests`` in plain values (the service already resolved to a type)."""

    problem_type: str
    category: str  # the type's taxonomy leaf
    type_level: str
    description: str = ""
    clarification: dict[str, str] = field(default_factory=dict)
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None
    phone_normalized: str | None = None
    first_name: str | None = None
    # the address string read as building / unit / room (by the HTTP layer's NLU), if it is one
    address_parts: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Accepted:
    """What the client is told: the ticket code and the resident's link code."""

    code: str
    link_code: str
    ticket_id: int
    expected_at: datetime


@dataclass(frozen=True)
class RequestView:
    """One request as GeoReport shows it (values already masked when public)."""

    code: str
    status: str  # open | closed
    status_notes: str | None
    problem_type: str | None
    description: str
    agency: str
    requested_at: datetime
    updated_at: datetime
    expected_at: datetime | None
    address: str | None
    latitude: float | None
    longitude: float | None


def link_code() -> str:
    """A short code the resident sends to the bot to follow the request."""
    return "".join(secrets.choice(LINK_ALPHABET) for _ in range(LINK_LENGTH))


async def open_request(uow_factory: UowFactory, request: NewRequest, *, now: datetime,
                       staff_chat_id: int | None) -> Accepted:
    """Opens the ticket of an API request; its card goes to the staff chat by the outbox."""
    draft = Draft(description=request.description, category=request.category,
                  category_confirmed=True, problem_type=request.problem_type,
                  type_level=request.type_level, clarification=dict(request.clarification),
                  place_text=request.address, latitude=request.latitude,
                  longitude=request.longitude, phone=request.phone,
                  phone_normalized=request.phone_normalized, first_name=request.first_name)
    if request.address_parts.get("building"):  # a flat: routed to its building's community
        draft.set_address(dict(request.address_parts))
    code = link_code()
    opened = await open_ticket(uow_factory, draft, now=now,
                               idempotency_key=f"{CHANNEL}:{uuid.uuid4().hex}",
                               channel=CHANNEL, link_code=code, card_to=staff_chat_id)
    return Accepted(opened.code, code, opened.ticket_id, opened.resolve_due_at)


def agency_of(ticket: Ticket, community: str, units: dict[int, str] | None = None) -> str:
    """The unit holding the ticket (``units``: id → name).

    The default community unit and a ticket held by none go by the community's name.
    """
    return (units or {}).get(ticket.unit_id) or community


def status_of(ticket: Ticket) -> str:
    """``open`` or ``closed`` as GeoReport says it."""
    return "closed" if ticket.status in {s.value for s in CLOSED} else "open"


def view_of(ticket: Ticket, *, community: str, full: bool,
            units: dict[int, str] | None = None) -> RequestView:
    """The request as a client with a key (``full``) or anyone (masked) may see it."""
    notes = ticket.resolution_note
    updated = max(t for t in (ticket.created_at, ticket.claimed_at, ticket.first_response_at,
                              ticket.resolved_at, ticket.closed_at, ticket.withdrawn_at) if t)
    if full:
        address = flat_of(ticket.building, ticket.unit, ticket.room, ticket.place_text)
        address = None if address == "—" else address
        lat, lon = ticket.latitude, ticket.longitude
        description = ticket.description
    else:  # no phone, no flat or room, numbers masked, a place to ~100 m
        address = flat_of(ticket.building, None, None) if ticket.building else None
        lat, lon = (_rounded(ticket.latitude), _rounded(ticket.longitude))
        description, notes = for_staff(ticket.description) or "", for_staff(notes)
    return RequestView(ticket.code, status_of(ticket), notes, ticket.problem_type, description,
                       agency_of(ticket, community, units), ticket.created_at, updated,
                       ticket.resolve_due_at, address, lat, lon)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


async def get_request(uow_factory: UowFactory, code: str, *, community: str,
                      full: bool) -> RequestView | None:
    """One request by its code, or None."""
    async with uow_factory() as uow:
        ticket = await uow.tickets.get_by_code(code)
        return None if ticket is None else view_of(ticket, community=community, full=full,
                                                   units=await _unit_names(uow))


async def find_requests(uow_factory: UowFactory, *, community: str, full: bool, now: datetime,
                        codes: list[str] | None = None, types: list[str] | None = None,
                        start: datetime | None = None, end: datetime | None = None,
                        states: list[str] | None = None) -> list[RequestView]:
    """Requests by codes (which override the rest), or by type, date span and state.

    The span defaults to the last 90 days and may not be longer (raises ValueError).
    """
    async with uow_factory() as uow:
        if codes:
            tickets = await uow.requests.by_codes(codes[:MAX_RESULTS])
        else:
            end = end or (start + DEFAULT_SPAN if start else now)
            start = start or end - DEFAULT_SPAN
            if start > end or end - start > MAX_SPAN:
                raise ValueError("start_date..end_date must be ordered and span at most 90 days")
            statuses = [s for state in states or () for s in STATES[state]]
            tickets = await uow.requests.matching(start, end, types=types or (),
                                                  statuses=statuses, limit=MAX_RESULTS)
        names = await _unit_names(uow)
        return [view_of(t, community=community, full=full, units=names) for t in tickets]


async def _unit_names(uow) -> dict[int, str]:
    """Unit id → name, the default community unit (code ``community``) left out."""
    return {u.id: u.name for u in await uow.units.list_all() if u.code != "community"}
