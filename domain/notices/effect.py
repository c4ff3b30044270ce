"""Did a notice help? Its category's tickets in the 30 days after it, per building.

Three figures, each as tickets per building so groups of different size compare:

- the **targeted** buildings (the notice's place audience; for a city-wide or category
  audience, every building) in the 30 days from the notice's start;
- the same buildings in the same 30 days a year before (365 days earlier);
- the **other** buildings (with any ticket in the year before the window's end) over the
  same two windows.

A notice that worked shows the targeted rate falling against last year more than the
others' rate did (a difference in differences). With few tickets it is a hint, not proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.ports import UowFactory

WINDOW = timedelta(days=30)
YEAR = timedelta(days=365)


class NoEffect(DomainError):
    """The notice does not exist, has no category, or was never sent or scheduled."""

    code = "nx_no_effect"


@dataclass(frozen=True)
class Group:
    """Buildings and their tickets of the category: now and a year before."""

    buildings: int
    tickets: int
    year_before: int

    @property
    def rate(self) -> float | None:
        """Tickets per building in the window."""
        return self.tickets / self.buildings if self.buildings else None

    @property
    def rate_year_before(self) -> float | None:
        """Tickets per building a year before."""
        return self.year_before / self.buildings if self.buildings else None

    @property
    def change(self) -> float | None:
        """Rate change against a year before (tickets per building)."""
        if self.rate is None:
            return None
        return self.rate - self.rate_year_before


@dataclass(frozen=True)
class Effect:
    """The effect report of one notice."""

    notice_id: int
    category: str
    start: datetime
    end: datetime
    complete: bool  # the 30 days are over
    targeted: Group
    others: Group

    @property
    def difference(self) -> float | None:
        """Targeted change minus the others' change (negative: fewer tickets than expected)."""
        if self.targeted.change is None or self.others.change is None:
            return None
        return self.targeted.change - self.others.change


async def effect(uow_factory: UowFactory, notice_id: int, *, now: datetime) -> Effect:
    """The effect report of a notice, as of ``now``.

    Raises:
        NoEffect: when the notice is unknown, has no category or no start.
    """
    async with uow_factory() as uow:
        notice = await uow.notices.get(notice_id)
        if notice is None or not notice.category:
            raise NoEffect(notice_id)
        category, start = notice.category, notice.started_at or notice.send_at
        if start is None:
            raise NoEffect(notice_id)
        end = start + WINDOW
        history = uow.notice_history
        everywhere = await history.buildings(end - YEAR, end)
        targeted = set(_places(notice.audience)) or everywhere
        now_counts = await history.by_building(category, [(start, end)])
        before = await history.by_building(category, [(start - YEAR, end - YEAR)])
    others = everywhere - targeted
    return Effect(notice_id, category, start, end, now >= end,
                  _group(targeted, now_counts, before), _group(others, now_counts, before))


def _group(buildings: set[str], now_counts: dict[str, int], before: dict[str, int]) -> Group:
    return Group(len(buildings), sum(now_counts.get(b, 0) for b in buildings),
                 sum(before.get(b, 0) for b in buildings))


def _places(audience: dict | None) -> list[str]:
    """The buildings of a place audience (units count as their building)."""
    spec = audience or {}
    if spec.get("kind") != "place":
        return []
    return [str(b) for b in spec.get("buildings") or ()] + [
        str(unit[0]) for unit in spec.get("units") or ()]


REPORTED = "notice_effect"  # the stored marker of a report already posted


async def due_reports(uow_factory: UowFactory, *, now: datetime) -> list[int]:
    """Claims the finished notices whose 30 days are over and whose report is not out yet.

    The claim (a stored marker per notice, one INSERT that only one process wins) is
    committed before the report is posted: each report goes out at most once.
    """
    async with uow_factory() as uow:
        claimed = []
        for notice in await uow.notices.list_by_status(["done"]):
            start = notice.started_at or notice.send_at
            if not notice.category or start is None or now < start + WINDOW:
                continue
            if await uow.conversations.claim(f"{REPORTED}:{notice.id}", name=REPORTED, now=now):
                claimed.append(notice.id)
        await uow.commit()
        return claimed

