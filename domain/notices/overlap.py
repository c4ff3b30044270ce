"""Two notices on one topic to the same residents: a proposal and a calendar draft.

每月一题 and the seasonal calendar can both speak about heating in the same weeks. Before a
supervisor approves one, ``overlaps`` names the other notices of the same topic that are
waiting (draft, approved, scheduled, running or paused) or went out in the last
``RECENT`` days, with how many of this notice's residents they reach too; the preview
flags them so a resident is not told the same thing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.notices import broadcast as bc
from domain.notices.launch import recipients_for
from domain.ports import UowFactory

RECENT = timedelta(days=30)
WAITING = (bc.DRAFT, bc.APPROVED, bc.SCHEDULED, bc.RUNNING, bc.PAUSED)


@dataclass(frozen=True)
class Overlap:
    """Another notice of the same topic and how many residents the two share."""

    notice_id: int
    status: str
    source: str | None
    shared: int


async def overlaps(uow_factory: UowFactory, notice_id: int, *, now: datetime) -> list[Overlap]:
    """The other notices of ``notice_id``'s topic that reach some of the same residents."""
    async with uow_factory() as uow:
        notice = await uow.notices.get(notice_id)
        if notice is None or not notice.topic:
            return []
        others = [n for n in await uow.notices.list_by_status([*WAITING, bc.DONE])
                  if n.id != notice_id and n.topic == notice.topic
                  and (n.status != bc.DONE or (n.finished_at or n.created_at) >= now - RECENT)]
        if not others:
            return []
        mine = set(await recipients_for(uow, notice.topic, notice.audience, now=now))
        found = []
        for other in others:
            theirs = await recipients_for(uow, other.topic, other.audience, now=now)
            shared = len(mine.intersection(theirs))
            if shared:
                found.append(Overlap(other.id, other.status, other.source, shared))
        return found
