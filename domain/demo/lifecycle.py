"""One ticket's life, from opening to the state it is in when the window ends.

The same steps the services take (``domain/intake``, ``domain/staff``, ``domain/surveys``):
opened with the category's SLA deadlines, maybe joined by neighbours or withdrawn, claimed
and answered by the building's worker (mostly in time), sometimes transferred or excluded
with a reason, resolved, surveyed, reopened on an unhappy answer, closed. Anything that would
happen after the end of the window does not happen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.deadlines import LEAD, RESOLVE_OVERDUE, RESOLVE_SOON, RESPOND_OVERDUE, RESPOND_SOON
from domain.demo import orders
from domain.demo.callbacks import Clock, cycle
from domain.demo.community import Community, Resident
from domain.demo.rows import Batch, Row, event
from domain.demo.seasons import Kind
from domain.demo.street import Street
from domain.sla import Sla, sla_for
from domain.tickets import TicketStatus, is_open

S = TicketStatus
WITHDRAWN_RATE = 0.02
LATE_RESPONSE_RATE = 0.06
TRANSFER_RATE = 0.15
EXCLUDED_RATE = 0.02
STALLED_RATE = 0.01  # claimed and never resolved: the weekly review's long-open tickets
MAX_REOPENS = 2
OTHER_WORKER_RATE = 0.2  # claimed by someone other than the building's worker
REPLY = {"zh": "您好，已收到您反映的问题，我们会尽快安排处理。",
         "en": "Hello, we have received your report and will see to it soon."}
VISIT = ("工作日白天", "晚上6点以后", "周末全天", "随时")


@dataclass(frozen=True)
class Opening:
    """What the generator decided before the ticket's life starts."""

    id: int
    code: str
    at: datetime
    kind: Kind
    reporter: Resident
    urgent: bool
    followers: tuple[Resident, ...]
    description: str


class _Life:
    """The ticket row being lived, its events, and the end of the window."""

    def __init__(self, clock: Clock, out: Batch, ticket: Row) -> None:
        self.clock, self.out, self.ticket = clock, out, ticket
        self.since = ticket["created_at"]  # when the resolve deadline was last set
        self.joined_by = self.since  # when the last neighbour joined

    def ok(self, at: datetime) -> bool:
        return at < self.clock.until

    def log(self, at: datetime, kind: str, actor_kind: str, actor_id: int | None,
            payload: dict | None = None) -> None:
        self.out.events.append(event(self.ticket["id"], at, kind, actor_kind, actor_id, payload))


def _ticket(o: Opening, sla: Sla, rng) -> Row:
    respond, resolve = sla.deadlines(o.at)
    r = o.reporter
    return {
        "id": o.id, "code": o.code, "resident_id": r.id, "category": o.kind.category,
        "category_level1": o.kind.category.split("/")[0], "description": o.description,
        "building": r.building, "unit": r.unit, "room": r.room, "contact_phone": r.phone,
        "contact_phone_normalized": r.phone, "visit_window": rng.choice(VISIT),
        "urgency": "emergency" if o.urgent else "normal", "status": S.NEW.value,
        "assignee_id": None, "department": None, "unit_id": None, "excluded_from_kpi": False,
        "exclusion_reason": None, "excluded_by": None, "respond_due_at": respond,
        "resolve_due_at": resolve, "claimed_at": None, "first_response_at": None,
        "resolved_at": None, "closed_at": None, "reopened_count": 0, "withdrawn_at": None,
        "resolution_note": None, "kpi_answers": 0, "kpi_confirmed": 0, "kpi_satisfied": 0,
        "kpi_basic": 0, "kpi_dissatisfied": 0, "kpi_no_answer": 0, "kpi_uncertain": 0,
        "version": 1, "created_at": o.at,
    }


def live(clock: Clock, out: Batch, community: Community, o: Opening,
         street: Street | None = None) -> None:
    """Appends the ticket, its followers, events, surveys and reminders to ``out``.

    On a ``street``, the ticket is held by its building's community and may get work
    orders (``domain.demo.orders``).
    """
    rng = clock.rng
    sla = sla_for(o.kind.category, emergency=o.urgent)
    life = _Life(clock, out, _ticket(o, sla, rng))
    life.log(o.at, "opened", "resident", o.reporter.id, {"emergency": o.urgent, "photos": 0})
    first_survey, first_event = len(out.surveys), len(out.events)
    _run(life, community, o, sla)
    if street is not None:
        t = life.ticket
        t["unit_id"] = street.home_of[o.reporter.building]
        resolved = next((e["at"] for e in out.events[first_event:] if e["kind"] == "resolved"),
                        None)
        orders.work(street, out, t, claimed_at=t["claimed_at"], resolved_at=resolved,
                    until=clock.until)
    _mark_latest(out.surveys[first_survey:])
    _reminders(life)
    out.tickets.append(life.ticket)


def _run(life: _Life, community: Community, o: Opening, sla: Sla) -> None:
    rng, t = life.clock.rng, life.ticket
    if rng.random() < WITHDRAWN_RATE:
        at = o.at + timedelta(minutes=rng.uniform(5, 120))
        if life.ok(at):
            t.update(status=S.WITHDRAWN.value, withdrawn_at=at)
            life.log(at, "withdrawn", "resident", o.reporter.id)
        return
    late = rng.random() < LATE_RESPONSE_RATE
    reply_at = o.at + sla.respond * (rng.uniform(1.05, 3.0) if late else rng.uniform(0.05, 0.95))
    claim_at = reply_at - (reply_at - o.at) * rng.uniform(0.0, 0.5)
    joined = _join(life, o, claim_at)
    worker = community.grid_worker(o.reporter.building)
    if rng.random() < OTHER_WORKER_RATE:
        worker = rng.choice(community.workers)
    if not life.ok(claim_at):
        return
    t.update(status=S.CLAIMED.value, assignee_id=worker.id, claimed_at=claim_at)
    life.log(claim_at, "claimed", "staff", worker.id)
    if life.ok(reply_at):
        t["first_response_at"] = reply_at
        life.log(reply_at, "staff_replied", "staff", worker.id,
                 {"text": REPLY[o.reporter.language]})
    _side_steps(life, community, o, claim_at)
    if rng.random() < STALLED_RATE:
        return
    _work(life, o, sla, worker.id, start=max(claim_at, reply_at), joined=joined)


def _join(life: _Life, o: Opening, before: datetime) -> list[int]:
    """Neighbours who join the ticket while it is open; the reporter first."""
    joined = [o.reporter.id]
    for follower in o.followers:
        at = o.at + timedelta(hours=life.clock.rng.uniform(0.1, 6))
        if life.ok(at):
            life.out.followers.append({"ticket_id": o.id, "resident_id": follower.id,
                                       "joined_at": at})
            life.log(at, "joined", "resident", follower.id)
            joined.append(follower.id)
            life.joined_by = max(life.joined_by, at)
    return joined


def _side_steps(life: _Life, community: Community, o: Opening, claimed: datetime) -> None:
    """A transfer to the kind's department, an exclusion from the rates with its reason."""
    rng, t = life.clock.rng, life.ticket
    if o.kind.department and rng.random() < TRANSFER_RATE:
        at = claimed + timedelta(minutes=rng.uniform(5, 90))
        if life.ok(at):
            t["department"] = o.kind.department
            life.log(at, "transferred", "staff", t["assignee_id"],
                     {"to_department": o.kind.department})
    if rng.random() < EXCLUDED_RATE:
        at = claimed + timedelta(hours=rng.uniform(0.5, 24))
        reason = life.clock.texts.pick(rng, "exclusion")
        if life.ok(at):
            boss = community.supervisor.id
            t.update(excluded_from_kpi=True, exclusion_reason=reason, excluded_by=boss)
            life.log(at, "excluded", "staff", boss, {"reason": reason})


def _work(life: _Life, o: Opening, sla: Sla, worker: int, *, start: datetime,
          joined: list[int]) -> None:
    """Resolve, survey, maybe reopen and claim again (at most ``MAX_REOPENS`` times)."""
    rng, t, texts = life.clock.rng, life.ticket, life.clock.texts
    for n in range(MAX_REOPENS + 1):
        hours = o.kind.work_hours * (0.3 if o.urgent else 1.0) * rng.lognormvariate(0, 0.6)
        resolved = max(start + timedelta(hours=hours), life.joined_by + timedelta(minutes=10))
        if not life.ok(resolved):
            return
        note = texts.pick(rng, "note", o.kind.category)
        t.update(status=S.RESOLVED.value, resolved_at=resolved, resolution_note=note)
        life.log(resolved, "resolved", "staff", worker, {"note": note})
        outcome = cycle(life.clock, life.out, ticket_id=o.id, residents=joined,
                        first_round=2 * n + 1, resolved_at=resolved, may_reopen=n < MAX_REOPENS)
        if outcome.reopen is None:
            if outcome.closed_at is not None:
                t.update(status=S.CLOSED.value, closed_at=outcome.closed_at)
                life.log(outcome.closed_at, "closed", "system", None)
            return
        back = outcome.reopen
        t.update(status=S.REOPENED.value, resolved_at=None, closed_at=None,
                 reopened_count=t["reopened_count"] + 1, resolve_due_at=back.at + sla.resolve)
        life.since = back.at
        life.log(back.at, "reopened", "resident", back.resident_id,
                 {"survey": back.survey_id, "round": back.round})
        start = back.at + timedelta(hours=rng.uniform(0.3, 6))
        if not life.ok(start):
            return
        t["status"] = S.CLAIMED.value
        life.log(start, "claimed", "staff", worker)


def _mark_latest(rows: list[Row]) -> None:
    """``is_latest`` on each resident's latest answered round (what the rates read)."""
    latest: dict[int, Row] = {}
    for row in rows:
        if row["status"] == "answered":
            best = latest.get(row["resident_id"])
            if best is None or row["round"] > best["round"]:
                latest[row["resident_id"]] = row
    for row in latest.values():
        row["is_latest"] = True


def _soon(opened: datetime, deadline: datetime) -> datetime:
    """As ``domain.deadlines``: LEAD before the deadline, not before half of the window."""
    return max(deadline - LEAD, opened + (deadline - opened) / 2)


def _reminders(life: _Life) -> None:
    """An open ticket's SLA reminders; those already due are marked sent."""
    t = life.ticket
    if not is_open(t["status"]):
        return
    opened = t["created_at"]
    pairs = [(RESPOND_SOON, _soon(opened, t["respond_due_at"])),
             (RESPOND_OVERDUE, t["respond_due_at"]),
             (RESOLVE_SOON, _soon(life.since, t["resolve_due_at"])),
             (RESOLVE_OVERDUE, t["resolve_due_at"])]
    for kind, due in pairs:
        life.out.reminders.append({"ticket_id": t["id"], "kind": kind, "due_at": due,
                                   "sent_at": due if life.ok(due) else None,
                                   "created_at": opened})
