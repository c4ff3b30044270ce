"""The life of an approved notice: launched when due, paused, resumed or cancelled.

Only a notice a supervisor approved in the staff chat (``approved_by`` set) is launched:
when its send time has come (or at once without one), its recipients are computed at
that moment and ``broadcast.start`` creates the deliveries. Pausing, resuming,
cancelling and sending a notice held for quiet hours anyway are for supervisors and
admins, and only from the states that allow them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.errors import DomainError
from domain.notices import broadcast as bc
from domain.notices.audience import opted_out, recipients
from domain.ports import UowFactory
from domain.staff.roster import NotAllowed, Role, member

logger = logging.getLogger(__name__)
# action: (the states it is allowed from, the state it leads to)
MOVES = {"pause": ((bc.RUNNING,), bc.PAUSED),
         "resume": ((bc.PAUSED,), bc.RUNNING),
         "cancel": ((bc.APPROVED, bc.SCHEDULED, bc.RUNNING, bc.PAUSED), bc.CANCELLED)}


class NoticeGone(DomainError):
    """The notice does not exist or is no longer in a state that allows this."""

    code = "nx_stale"


@dataclass(frozen=True)
class Launched:
    """A notice that started sending, and how many deliveries it got."""

    notice_id: int
    deliveries: int


async def launch_due(uow_factory: UowFactory, *, now: datetime) -> list[Launched]:
    """Starts every staff-approved notice whose send time has come; returns them."""
    async with uow_factory() as uow:
        due = [(n.id, n.topic, n.audience, n.emergency) for n in await uow.notices.list_by_status(
            [bc.APPROVED, bc.SCHEDULED], due_by=now) if n.approved_by is not None]
    launched = []
    for notice_id, topic, audience, emergency in due:
        async with uow_factory() as uow:
            ids = await recipients_for(uow, topic, audience, now=now, emergency=emergency)
        try:
            created = await bc.start(uow_factory, notice_id, ids, now)
        except bc.NotApproved:  # cancelled a moment ago
            continue
        logger.info("notices: notice %s launched with %s deliveries", notice_id, created)
        launched.append(Launched(notice_id, created))
    return launched


async def recipients_for(uow, topic: str, audience: dict[str, Any] | None, *,
                         now: datetime, emergency: bool = False) -> list[int]:
    """The resident ids of a stored audience (inside an open unit of work).

    An emergency reaches everyone in the area, subscribed or not (``audience.py``).
    """
    return await recipients(uow, topic, **_where(audience), now=now, emergency=emergency)


async def opted_out_of(uow, topic: str, audience: dict[str, Any] | None, ids: list[int], *,
                       now: datetime) -> int:
    """How many of an emergency's recipients ``ids`` opted out of ordinary notices."""
    return await opted_out(uow, topic, ids, **_where(audience), now=now)


def _where(audience: dict[str, Any] | None) -> dict[str, Any]:
    """A stored audience as the keyword arguments of ``audience.recipients``."""
    spec = audience or {}
    return {"buildings": spec.get("buildings"),
            "units": [tuple(u) for u in spec.get("units") or ()],
            "ticket_category": spec.get("category"), "months": spec.get("months")}


async def control(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
                  action: str, *, now: datetime) -> str:
    """A supervisor pauses, resumes or cancels a notice; returns its new status.

    Cancelling turns the pending deliveries ``cancelled``: they are never sent.

    Raises:
        NotAllowed: the member is not a supervisor or an admin.
        NoticeGone: no such notice, or its state does not allow ``action``.
    """
    if action not in MOVES:
        raise NoticeGone(action)
    allowed, target = MOVES[action]
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        if not staff.at_least(Role.SUPERVISOR):
            raise NotAllowed("only supervisors control notices")
        row = await uow.notices.get(notice_id)
        if row is None or row.approved_by is None or row.status not in allowed:
            raise NoticeGone(notice_id)
        row.status = target
        cancelled = 0
        if target == bc.CANCELLED:
            row.finished_at = now
            cancelled = await uow.deliveries.cancel_pending(notice_id, bc.CANCELLED_DELIVERY)
        await uow.commit()
    logger.info("notices: notice %s %s by staff %s (%s pending cancelled)", notice_id, target,
                staff.id, cancelled)
    return target


async def send_anyway(uow_factory: UowFactory, telegram_user_id: int, notice_id: int, *,
                      now: datetime) -> int:
    """A supervisor sends a notice held for quiet hours now ("send now anyway").

    Its held deliveries are due at once and quiet hours no longer hold it. Who pressed it
    and when is stored on the notice (``quiet_released_by``, ``quiet_released_at``).

    Returns:
        How many deliveries were released.

    Raises:
        NotAllowed: the member is not a supervisor or an admin.
        NoticeGone: no such notice, an emergency, not running or paused, or nothing held.
    """
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        if not staff.at_least(Role.SUPERVISOR):
            raise NotAllowed("only supervisors send a held notice anyway")
        row = await uow.notices.get(notice_id)
        if (row is None or row.approved_by is None or row.emergency
                or row.quiet_released_at is not None or row.status not in (bc.RUNNING,
                                                                           bc.PAUSED)):
            raise NoticeGone(notice_id)
        released = await uow.deliveries.release_held(notice_id, now)
        if not released:
            raise NoticeGone(notice_id)
        row.quiet_released_by, row.quiet_released_at = staff.id, now
        await uow.commit()
    logger.info("notices: notice %s sent in quiet hours anyway by staff %s (%s released)",
                notice_id, staff.id, released)
    return released
