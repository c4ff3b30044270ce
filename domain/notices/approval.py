"""Drafting and approving a notice in the staff chat: nothing is sent without a supervisor.

Any active staff member may draft a notice (the draft is the ``notices`` row, status
``draft``); only a supervisor or an admin may approve it, for now or for a time. The
composing step (what the member's next message is for) is stored conversation state, so
a restart in the middle of a draft loses nothing.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain import awaited
from domain.errors import DomainError
from domain.notices import broadcast as bc
from domain.notices.launch import NoticeGone, opted_out_of, recipients_for
from domain.notices.templates import Template, refill, split_value
from domain.notices.topics import is_topic
from domain.ports import UowFactory
from domain.staff.roster import NotAllowed, Role, member
from storage.models import Notice

logger = logging.getLogger(__name__)
NAME = "notice_compose"
EDITS = ("zh", "en", "when", "place")
"""What "✏️ 修改" on a preview changes: a text, or a template's time or place."""
STEPS = ("zh", "en", "place", "category", "when", *(f"edit_{e}" for e in EDITS))
"""What the member's next message is."""
SHOWN_DRAFTS = 5
"""``/drafts`` shows at most this many waiting drafts (the newest)."""
MAX_MONTHS = 60
_PLACE = re.compile(r"^([0-9A-Za-z]{1,8})(?:号楼|栋|座)?(?:-([0-9A-Za-z]{1,8})(?:单元)?)?$")


class Incomplete(DomainError):
    """The draft lacks its text, topic or audience."""

    code = "nx_incomplete"


class BadAudience(DomainError):
    """The buildings/units or the ticket category could not be read."""

    code = "nx_bad_audience"


class NotTemplated(DomainError):
    """The draft's text is not (or no longer) a template's: its time or place has no slot."""

    code = "nx_no_slots"


class TimePassed(DomainError):
    """The chosen send time is not in the future."""

    code = "nx_time_passed"


@dataclass(frozen=True)
class Draft:
    """A notice as the staff flow shows it."""

    id: int
    topic: str
    text_zh: str
    text_en: str | None
    audience: dict[str, Any] | None
    emergency: bool
    status: str
    send_at: datetime | None

    @property
    def complete(self) -> bool:
        """Text, topic and audience are all set."""
        return bool(self.text_zh.strip() and is_topic(self.topic) and self.audience)


def as_draft(row: Notice) -> Draft:
    """The plain view of a stored notice."""
    return Draft(row.id, row.topic, row.text_zh, row.text_en, row.audience, row.emergency,
                 row.status, row.send_at)


async def begin(uow_factory: UowFactory, telegram_user_id: int, *, now: datetime) -> int:
    """A staff member starts an empty draft; returns its id."""
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        row = await uow.notices.add(Notice(topic="", text_zh="", status=bc.DRAFT,
                                           created_by=staff.id, source="staff", created_at=now))
        await uow.commit()
        logger.info("notices: draft %s started by staff %s", row.id, staff.id)
        return row.id


async def expect(uow_factory: UowFactory, chat_id: int, user_id: int, step: str,
                 notice_id: int, *, now: datetime) -> None:
    """Remembers that this member's next message in the chat is ``step`` of the notice."""
    await awaited.expect(uow_factory, NAME, chat_id, user_id, step, {"notice_id": notice_id},
                         now=now)


async def waiting(uow_factory: UowFactory, chat_id: int, user_id: int) -> tuple[str, int] | None:
    """The (step, notice id) this member's next message is for, or None."""
    found = await awaited.peek(uow_factory, NAME, chat_id, user_id)
    if found is None or found.state not in STEPS:
        return None
    return found.state, int(found.data["notice_id"])


async def forget(uow_factory: UowFactory, chat_id: int, user_id: int) -> bool:
    """Drops the member's composing step; True if there was one."""
    return await awaited.forget(uow_factory, NAME, chat_id, user_id)


async def edit(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
               **changes: Any) -> Draft:
    """A staff member changes a draft (text, topic, audience, emergency)."""
    if "topic" in changes and not is_topic(changes["topic"]):
        raise NoticeGone(changes["topic"])
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        row = await _draft(uow, notice_id)
        for field, value in changes.items():
            setattr(row, field, value)
        await uow.commit()
        return as_draft(row)


async def use_template(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
                       chosen: Template) -> Draft:
    """Fills the draft from a template (texts and its suggested topic)."""
    return await edit(uow_factory, telegram_user_id, notice_id, text_zh=chosen.text_zh,
                      text_en=chosen.text_en, topic=chosen.topic)


async def change_text(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
                      lang: str, body: str) -> Draft:
    """A draft's Chinese text (never empty) or English text (``-``/empty: none) replaced."""
    body = body.strip()
    if lang == "zh":
        if not body:
            raise BadAudience("empty text")
        return await edit(uow_factory, telegram_user_id, notice_id, text_zh=body)
    return await edit(uow_factory, telegram_user_id, notice_id,
                      text_en=None if body in ("", "-", "—", "无") else body)


async def change_slot(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
                      slot: str, value: str) -> Draft:
    """A template draft's time or place changed in both texts (``中文 | English``).

    Raises:
        NotTemplated: the texts are not a template's any more (rewritten by hand).
    """
    value_zh, value_en = split_value(value)
    if not value_zh:
        raise BadAudience("empty value")
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        row = await _draft(uow, notice_id)
        filled = refill(row.text_zh, row.text_en, slot, value_zh, value_en)
        if filled is None:
            raise NotTemplated(notice_id)
        row.text_zh, row.text_en = filled
        await uow.commit()
        return as_draft(row)


async def waiting_drafts(uow_factory: UowFactory, telegram_user_id: int,
                         limit: int = SHOWN_DRAFTS) -> tuple[list[int], int]:
    """The newest complete drafts waiting for approval (staff only), and how many in all."""
    async with uow_factory() as uow:
        await member(uow, telegram_user_id)
        ready = [draft.id for draft in await ready_drafts(uow)]
        return sorted(ready, reverse=True)[:limit], len(ready)


async def ready_drafts(uow) -> list[Draft]:
    """The complete drafts waiting for a supervisor's approval, in the caller's unit of work."""
    return [draft for draft in map(as_draft, await uow.notices.list_by_status([bc.DRAFT]))
            if draft.complete]


async def preview(uow_factory: UowFactory, notice_id: int, *, now: datetime) -> tuple[Draft, int]:
    """The draft and exactly how many residents it would reach right now."""
    async with uow_factory() as uow:
        row = await _draft(uow, notice_id)
        draft = as_draft(row)
        if not draft.complete:
            raise Incomplete(notice_id)
        return draft, len(await recipients_for(uow, draft.topic, draft.audience, now=now,
                                               emergency=draft.emergency))


async def opted_out(uow_factory: UowFactory, notice_id: int, *, now: datetime) -> int:
    """How many recipients of an emergency draft opted out of ordinary notices (0 if none).

    They are counted in the preview's recipients: an emergency reaches them all the same.
    """
    async with uow_factory() as uow:
        draft = as_draft(await _draft(uow, notice_id))
        if not draft.complete or not draft.emergency:
            return 0
        ids = await recipients_for(uow, draft.topic, draft.audience, now=now, emergency=True)
        return await opted_out_of(uow, draft.topic, draft.audience, ids, now=now)


async def check_approver(uow_factory: UowFactory, telegram_user_id: int,
                         notice_id: int) -> Draft:
    """The draft, if this member may approve it and it is complete; raises otherwise."""
    async with uow_factory() as uow:
        return await _approvable(uow, telegram_user_id, notice_id)


async def approve(uow_factory: UowFactory, telegram_user_id: int, notice_id: int, *,
                  now: datetime, send_at: datetime | None = None) -> Draft:
    """A supervisor approves: ``approved`` to go now, or ``scheduled`` for ``send_at``."""
    if send_at is not None and send_at <= now:
        raise TimePassed(notice_id)
    async with uow_factory() as uow:
        await _approvable(uow, telegram_user_id, notice_id)
        row = await uow.notices.get(notice_id)
        staff = await member(uow, telegram_user_id)
        row.status = bc.APPROVED if send_at is None else bc.SCHEDULED
        row.approved_by, row.send_at = staff.id, send_at  # None: at once
        await uow.commit()
        logger.info("notices: notice %s approved by staff %s (created by staff %s, %s)",
                    notice_id, staff.id, row.created_by, row.status)
        return as_draft(row)


async def approved_by(uow_factory: UowFactory, telegram_user_id: int, notice_id: int) -> bool:
    """True when this member has approved the notice already (a second tap of "send now")."""
    async with uow_factory() as uow:
        row = await uow.notices.get(notice_id)
        if row is None or row.status == bc.DRAFT or row.approved_by is None:
            return False
        return row.approved_by == (await member(uow, telegram_user_id)).id


async def dropped(uow_factory: UowFactory, notice_id: int) -> bool:
    """True when the draft was dropped already (a second tap of "drop")."""
    async with uow_factory() as uow:
        row = await uow.notices.get(notice_id)
        return row is not None and row.status == bc.CANCELLED and row.approved_by is None


async def discard(uow_factory: UowFactory, telegram_user_id: int, notice_id: int,
                  *, now: datetime) -> None:
    """Its author or a supervisor drops a draft (kept as ``cancelled`` for the record)."""
    async with uow_factory() as uow:
        staff = await member(uow, telegram_user_id)
        row = await _draft(uow, notice_id)
        if row.created_by != staff.id and not staff.at_least(Role.SUPERVISOR):
            raise NotAllowed("only the author or a supervisor drops a draft")
        row.status, row.finished_at = bc.CANCELLED, now
        await uow.commit()
        logger.info("notices: draft %s dropped by staff %s", notice_id, staff.id)


def place_audience(value: str) -> dict[str, Any]:
    """``"3,5,7"`` (buildings) or ``"3-2"`` (building 3, unit 2), mixed, as an audience.

    Raises:
        BadAudience: when a part is not a building or a building-unit.
    """
    buildings, units = [], []
    for part in filter(None, re.split(r"[,，、;；\s]+", value.strip())):
        found = _PLACE.match(part)
        if found is None:
            raise BadAudience(part)
        if found.group(2):
            units.append([found.group(1), found.group(2)])
        else:
            buildings.append(found.group(1))
    if not buildings and not units:
        raise BadAudience(value)
    return {"kind": "place", "buildings": buildings, "units": units}


def category_audience(category: str, months: int) -> dict[str, Any]:
    """Residents with a ticket of ``category`` (a taxonomy path) in the last ``months``."""
    if not category or not 1 <= months <= MAX_MONTHS:
        raise BadAudience(category)
    return {"kind": "category", "category": category, "months": months}


async def _draft(uow, notice_id: int) -> Notice:
    row = await uow.notices.get(notice_id)
    if row is None or row.status != bc.DRAFT:
        raise NoticeGone(notice_id)
    return row


async def _approvable(uow, telegram_user_id: int, notice_id: int) -> Draft:
    staff = await member(uow, telegram_user_id)
    if not staff.at_least(Role.SUPERVISOR):
        raise NotAllowed("only supervisors approve notices")
    draft = as_draft(await _draft(uow, notice_id))
    if not draft.complete:
        raise Incomplete(notice_id)
    return draft
