"""What a digest says, for the schedule and for staff who ask: one entry per kind.

Staff-facing entries (``on_demand``, ``recorded``, ``ticket_card``) check that the asker is
active staff first (``NotStaff`` otherwise); callback data is user input.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.digests import DAILY, MONTHLY, WEEKLY, daily, monthly, weekly
from domain.digests.periods import Period, Times, parse, previous
from domain.errors import DomainError
from domain.ports import UowFactory
from domain.staff.roster import member
from domain.staff.views import TicketView, load, view_of

Content = daily.Daily | weekly.Weekly | monthly.Monthly


class DigestNotFound(DomainError):
    """A "more" button naming a digest that does not exist."""

    code = "digest_gone"


@dataclass(frozen=True)
class Request:
    """A digest to build: which period, as of when, sent late or not."""

    period: Period
    as_of: datetime
    late: bool = False


async def gather(uow_factory: UowFactory, request: Request, times: Times, *,
                 weight: float = 0.8) -> Content:
    """The content of a digest of any kind."""
    period, before = request.period, previous(request.period, times)
    if period.kind == DAILY:
        return await daily.gather(uow_factory, period, as_of=request.as_of)
    if period.kind == WEEKLY:
        return await weekly.gather(uow_factory, period, before, as_of=request.as_of,
                                   weight=weight)
    if period.kind == MONTHLY:
        return await monthly.gather(uow_factory, period, as_of=request.as_of, weight=weight)
    raise ValueError(period.kind)


async def _staff(uow_factory: UowFactory, telegram_user_id: int) -> None:
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)


async def on_demand(uow_factory: UowFactory, telegram_user_id: int, kind: str,
                    label: str | None, *, now: datetime, times: Times) -> Request:
    """``/digest kind [period]``: the latest due period as of now, or the named one.

    A named period is built as of its send time (or now, if that has not come yet).
    """
    await _staff(uow_factory, telegram_user_id)
    period = parse(kind, label, now, times)
    return Request(period, now if not label else min(now, period.due_at))


async def recorded(uow_factory: UowFactory, telegram_user_id: int, digest_id: int, *,
                   now: datetime, times: Times) -> Request:
    """A scheduled digest by its row (for its "more" button), as of when it was sent."""
    await _staff(uow_factory, telegram_user_id)
    async with uow_factory() as uow:
        row = await uow.digests.get(digest_id)
        if row is None:
            raise DigestNotFound(str(digest_id))
        period = parse(row.kind, row.period, now, times)
        return Request(period, row.sent_at or min(now, period.due_at), bool(row.late))


async def ticket_card(uow_factory: UowFactory, telegram_user_id: int,
                      ticket_id: int) -> TicketView:
    """The card of a ticket named by a digest button, for active staff only."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        return await view_of(uow, await load(uow, ticket_id))
