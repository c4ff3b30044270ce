"""The whole demo data set from a seed: the community first, then tickets in batches.

Deterministic: one ``random.Random(seed)`` drives every choice, and time comes from the
plan's ``until`` date, never from the clock. The same plan and starting ids give the same
rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from zoneinfo import ZoneInfo

from domain.demo import calendar, community, street
from domain.demo.callbacks import Clock
from domain.demo.escalations import escalate
from domain.demo.lifecycle import Opening, live
from domain.demo.rows import Batch, Row
from domain.demo.seasons import Kind, cumulative_by_month, load_kinds
from domain.demo.texts import Texts
from domain.surveys import Timing

TICKETS_PER_BUILDING = 170  # 2,000 tickets -> the 12 buildings of one community
RESIDENTS_PER_BUILDING = 30  # 12 buildings x 4 units -> 360 residents
BUILDINGS_PER_WORKER = 3
FOLLOWED_RATE = 0.04  # tickets that neighbours join
CODE_PREFIX = "JS"


@dataclass(frozen=True)
class Plan:
    """What to generate."""

    until: date  # the data ends at the start of this local day
    seed: int = 0
    tickets: int = 2000
    months: int = 24
    tz: tzinfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    timing: Timing = field(default_factory=Timing)
    history: tuple[str, ...] = ()  # titles of a ticket history to draw descriptions from

    @property
    def buildings(self) -> int:
        """12 buildings for the default 2,000 tickets; more for larger runs."""
        return max(12, -(-self.tickets // TICKETS_PER_BUILDING))

    @property
    def workers(self) -> int:
        """One worker per few buildings, at least four."""
        return max(4, self.buildings // BUILDINGS_PER_WORKER)


@dataclass(frozen=True)
class Start:
    """Where ids and daily ticket numbers continue (an empty database starts at 1)."""

    resident_id: int = 1
    staff_id: int = 1
    ticket_id: int = 1
    survey_id: int = 1
    counters: dict[str, int] = field(default_factory=dict)  # "ticket:20261123" -> last number
    order_id: int = 1
    units: Mapping[str, int] = field(default_factory=dict)  # the street's units by code


class Demo:
    """The generated community and a generator of ticket batches."""

    def __init__(self, plan: Plan, start: Start) -> None:
        self.plan, self.start = plan, start
        self.rng = random.Random(plan.seed)
        self.kinds: tuple[Kind, ...] = load_kinds()
        self.begin, self.end = calendar.window(plan.until, plan.months, plan.tz)
        self.community = community.build(
            self.rng, buildings=plan.buildings, residents_per_building=RESIDENTS_PER_BUILDING,
            workers=plan.workers, kinds=self.kinds, start=self.begin,
            first_ids=(start.resident_id, start.staff_id))
        self.texts = Texts.build(self.kinds, list(plan.history))
        self.counters = dict(start.counters)
        self.street = street.build(
            street.street_rng(plan.seed), street.load_street(), start.units, self.community,
            start.staff_id + len(self.community.staff), start.order_id) if start.units else None

    def residents(self) -> list[Row]:
        """The residents' rows."""
        return [{"id": r.id, "telegram_user_id": community.TELEGRAM_BASE + r.id,
                 "first_name": r.name, "language": r.language, "phone": r.phone,
                 "phone_normalized": r.phone, "building": r.building, "unit": r.unit,
                 "room": r.room, "reachable": True, "notice_onboarded": True,
                 "created_at": r.created_at} for r in self.community.residents]

    def staff(self) -> list[Row]:
        """The staff members' rows, then the street's units' staff.

        The community's workers, supervisor (the street leader on a street) and admin.
        """
        created = self.begin - timedelta(days=90)
        people = [(s, "社区居委会") for s in self.community.staff]
        people += self.street.staff if self.street else []
        return [{"id": s.id, "telegram_user_id": community.TELEGRAM_BASE + 10**9 + s.id,
                 "display_name": s.name, "role": s.role, "department": unit,
                 "street_leader": self.street is not None and s.role == "supervisor",
                 "active": True, "created_at": created} for s, unit in people]

    def members(self) -> list[Row]:
        """Who works in which of the street's units, with which role."""
        members = self.street.members if self.street else []
        return [{"staff_id": m.staff_id, "unit_id": m.unit_id, "role": m.role.value}
                for m in members]

    def batches(self, size: int = 2000) -> Iterator[Batch]:
        """The tickets with everything that happened to them, ``size`` tickets at a time."""
        rng, plan = self.rng, self.plan
        times = calendar.arrivals(rng, plan.tickets, self.begin, self.end, plan.tz, self.kinds)
        by_month = cumulative_by_month(self.kinds)
        clock = Clock(rng, self.end, plan.timing, self.texts, self.start.survey_id)
        batch = Batch()
        for n, at in enumerate(times):
            live(clock, batch, self.community,
                 self._opening(self.start.ticket_id + n, at, by_month), self.street)
            if len(batch.tickets) >= size:
                yield self._escalated(batch)
                batch = Batch()
        if batch.tickets:
            yield self._escalated(batch)

    def _escalated(self, batch: Batch) -> Batch:
        """The batch with its overdue orders' escalations (吹哨) and their events."""
        if self.street is not None and batch.overdue:
            batch.escalations, events = escalate(self.street, batch.overdue, self.end)
            batch.events += events
        return batch

    def _code(self, at) -> str:
        day = at.astimezone(self.plan.tz).date()
        key = f"ticket:{day:%Y%m%d}"
        self.counters[key] = number = self.counters.get(key, 0) + 1
        return f"{CODE_PREFIX}-{day:%Y%m%d}-{number:04d}"

    def _opening(self, ticket_id: int, at, by_month: dict[int, list[float]]) -> Opening:
        rng, town = self.rng, self.community
        month = at.astimezone(self.plan.tz).month
        kind = rng.choices(self.kinds, cum_weights=by_month[month])[0]
        building = rng.choices(town.buildings, cum_weights=town.building_weights(kind.category))[0]
        reporter = town.reporter(rng, building)
        followers: tuple = ()
        if rng.random() < FOLLOWED_RATE:
            others = [r for r in town.neighbours(building) if r.id != reporter.id]
            followers = tuple(rng.sample(others, k=min(len(others), rng.randint(1, 2))))
        text = self.texts.description(rng, kind, reporter.language, building, reporter.unit)
        return Opening(ticket_id, self._code(at), at, kind, reporter,
                       rng.random() < kind.emergency, followers, text)
