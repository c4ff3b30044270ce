"""The web view's ticket list (filters, keyset paging) and one ticket's whole story.

Filters come from the URL and are checked here: a value that makes no sense is dropped and
named in ``Listing.ignored``, never an error page. Counts are exact up to ``COUNT_CAP``
and "more than" above it, so a list over a million tickets stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from domain.errors import DomainError
from domain.ports import UowFactory
from domain.privacy import for_staff
from domain.rates import period as month_span
from domain.sla import LEVELS
from domain.staff.views import flat_of, mask_phone
from domain.tickets import OPEN_STATES, TicketStatus
from domain.units.kinds import building_spellings
from domain.web.viewer import Viewer
from storage.repositories.web_tickets import Row, Where

PAGE_SIZE = 50
COUNT_CAP = 10_000
FILTERS = ("state", "type", "building", "unit", "worker", "period", "urgency", "reopened",
           "excluded")
STATES = ("open", "overdue", *(s.value for s in TicketStatus))
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class NotVisible(DomainError):
    """No such ticket, or not one this viewer may see (the same answer for both)."""

    code = "web_ticket_not_found"


@dataclass(frozen=True)
class Listing:
    """One page of the list."""

    rows: list[Row]
    total: int
    capped: bool  # ``total`` is a floor: more match
    next_before: int | None  # the cursor of the next page, or None on the last
    applied: dict[str, str]  # the filters in force, as in the URL
    ignored: list[str] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) one may pick


def _day_span(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, datetime.min.time(), tz)
    return start, start + timedelta(days=1)


def parse(query: Mapping[str, str], units: Mapping[str, int], now: datetime, tz: ZoneInfo,
          viewer: Viewer) -> tuple[Where, dict[str, str], list[str]]:
    """The filters in a URL: what the database is asked, what was kept, what was dropped."""
    kept: dict[str, str] = {}
    ignored: list[str] = []
    args: dict = {"visible_units": viewer.unit_ids}

    def keep(name: str, ok: bool) -> bool:
        value = (query.get(name) or "").strip()
        if not value:
            return False
        if ok:
            kept[name] = value
        else:
            ignored.append(name)
        return ok

    state = (query.get("state") or "").strip()
    if keep("state", state in STATES):
        if state == "open":
            args["statuses"] = [s.value for s in OPEN_STATES]
        elif state == "overdue":
            args["statuses"] = [s.value for s in OPEN_STATES]
            args["overdue_at"] = now
        else:
            args["statuses"] = [state]
    value = (query.get("type") or "").strip()
    if keep("type", len(value) <= 64):
        args["problem_type"] = value
    value = (query.get("building") or "").strip()
    if keep("building", len(value) <= 32):
        args["buildings"] = building_spellings(value)  # 5, 5号楼 and 第5栋 are one building
    value = (query.get("unit") or "").strip()
    if keep("unit", value in units and viewer.may_see_unit(units.get(value))):
        args["unit_id"] = units[value]
    value = (query.get("worker") or "").strip()
    if keep("worker", value.isdigit() and len(value) < 19):
        args["worker_id"] = int(value)
    value = (query.get("period") or "").strip()
    today = now.astimezone(tz).date()
    if keep("period", value == "today" or bool(_DAY.fullmatch(value) or _MONTH.fullmatch(value))):
        try:
            if value == "today":
                args["since"], args["until"] = _day_span(today, tz)
            elif _DAY.fullmatch(value):
                args["since"], args["until"] = _day_span(date.fromisoformat(value), tz)
            else:
                args["since"], args["until"] = month_span(value, tz, today)
        except (ValueError, DomainError):
            kept.pop("period", None)
            ignored.append("period")
            args.pop("since", None)
            args.pop("until", None)
    value = (query.get("urgency") or "").strip()
    if keep("urgency", value in LEVELS):
        args["urgency"] = value
    for flag in ("reopened", "excluded"):
        value = (query.get(flag) or "").strip()
        if keep(flag, value in ("1", "yes", "true")):
            args[flag] = True
    return Where(**args), kept, ignored


async def listing(uow_factory: UowFactory, viewer: Viewer, query: Mapping[str, str],
                  now: datetime, tz: ZoneInfo) -> Listing:
    """One page of the tickets this viewer may see, filtered as the URL asks."""
    before = (query.get("before") or "").strip()
    before_id = int(before) if before.isdigit() and len(before) < 19 else None
    async with uow_factory() as uow:
        every = await uow.units.list_all()
        units = {u.code: u.id for u in every}
        where, kept, ignored = parse(query, units, now, tz, viewer)
        choices = [(u.code, u.name) for u in every if viewer.may_see_unit(u.id)]
        rows = await uow.web_tickets.page(where, before_id, PAGE_SIZE + 1, now)
        total = await uow.web_tickets.count(where, COUNT_CAP + 1)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return Listing(rows=rows, total=min(total, COUNT_CAP), capped=total > COUNT_CAP,
                   next_before=rows[-1].id if more else None, applied=kept, ignored=ignored,
                   units=choices)


@dataclass(frozen=True)
class Entry:
    """One line of a ticket's timeline."""

    at: datetime
    actor_kind: str  # resident | staff | system
    actor: str | None  # a staff member's name; never a resident's
    kind: str
    detail: str | None
    photo_id: int | None = None  # an attachment to show (kind "photo")


@dataclass(frozen=True)
class Story:
    """Everything about one ticket the web view shows."""

    ticket: object
    unit_name: str | None
    worker_name: str | None
    phone_masked: str
    phone: str | None  # only after an audited reveal
    address: str
    description: str  # with numbers masked, as the staff card shows it
    orders: list[tuple[object, str]]
    surveys: list[object]
    photos: int
    timeline: list[Entry]


PRIVATE = ("contact_phone", "contact_phone_normalized")  # only ``Story.phone``, when revealed
DETAIL_KEYS = ("text", "note", "reason", "result", "comment", "to", "department",
               "problem_type")


def _detail(payload: dict | None) -> str | None:
    if not payload:
        return None
    for key in DETAIL_KEYS:
        value = payload.get(key)
        if isinstance(value, str) and value.strip():
            return for_staff(value.strip())
    return None


async def story(uow_factory: UowFactory, viewer: Viewer, code: str, *,
                reveal: bool = False, now: datetime | None = None) -> Story:
    """The ticket's story; with ``reveal`` its full phone too, recorded as a view.

    Raises:
        NotVisible: No such ticket, or not this viewer's.
    """
    async with uow_factory() as uow:
        ticket = await uow.web_tickets.ticket(code[:32], viewer.unit_ids)
        if ticket is None:
            raise NotVisible(code[:32])
        events = await uow.web_tickets.events(ticket.id)
        orders = await uow.web_tickets.orders(ticket.id)
        surveys = await uow.web_tickets.surveys(ticket.id)
        photos = await uow.web_tickets.photos(ticket.id)
        staff_ids = {e.actor_id for e in events if e.actor_kind == "staff" and e.actor_id}
        staff_ids |= {ticket.assignee_id} if ticket.assignee_id else set()
        names = await uow.web_tickets.names(sorted(staff_ids))
        unit = await uow.units.get(ticket.unit_id) if ticket.unit_id else None
        phone = ticket.contact_phone
        timeline = [Entry(e.at, e.actor_kind,
                          names.get(e.actor_id) if e.actor_kind == "staff" else None,
                          e.kind, _detail(e.payload)) for e in events]
        timeline += [Entry(a.created_at, "resident", None, "photo", None, a.id)
                     for a in photos if a.kind == "photo"]
        timeline.sort(key=lambda entry: entry.at)
        address = (flat_of(ticket.building, ticket.unit, ticket.room, ticket.place_text)
                   if ticket.building or ticket.unit or ticket.room else "")
        told = Story(ticket=_columns(ticket, drop=PRIVATE), unit_name=unit.name if unit else None,
                     worker_name=names.get(ticket.assignee_id) if ticket.assignee_id else None,
                     phone_masked=mask_phone(phone) if phone else "—",
                     phone=phone if reveal else None,
                     address=address or for_staff(ticket.place_text) or "—",
                     description=for_staff(ticket.description) or "—",
                     orders=[(_columns(o), name) for o, name in orders],
                     surveys=[_columns(s) for s in surveys], photos=len(photos),
                     timeline=timeline)
        if reveal and phone:
            await uow.events.append(ticket.id, "contact_shown", "staff", viewer.staff_id,
                                    payload={"via": "web"}, at=now)
            await uow.commit()
    return told


async def photo_file(uow_factory: UowFactory, viewer: Viewer, code: str,
                     attachment_id: int) -> str:
    """The Telegram file id of one of a visible ticket's photos.

    Raises:
        NotVisible: No such ticket or photo, or not this viewer's.
    """
    async with uow_factory() as uow:
        ticket = await uow.web_tickets.ticket(code[:32], viewer.unit_ids)
        found = await uow.attachments.get(attachment_id) if ticket is not None else None
        if found is None or found.ticket_id != ticket.id or found.kind != "photo":
            raise NotVisible(code[:32])
        return found.telegram_file_id


def _columns(row, drop: tuple[str, ...] = ()) -> SimpleNamespace:
    """A row's column values but ``drop``, readable after its session closed."""
    return SimpleNamespace(**{c.key: getattr(row, c.key) for c in row.__mapper__.column_attrs
                              if c.key not in drop})
