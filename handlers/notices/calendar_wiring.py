"""The seasonal calendar and 每月一题 ticks, wired into the application.

Once a day (``FRONTDOOR_NOTICE_CALENDAR_AT``, local time) and once shortly after start-up,
the tick drafts the calendar entries due today and, from ``FRONTDOOR_NOTICE_PROPOSAL_DAY``
of a month on, next month's proposal. Both are idempotent (unique ``source_key``), so a
missed day, a restart or a second process neither loses nor doubles a draft. Each new
draft is posted to the staff chat as a preview with the /notice flow's buttons: a
supervisor approves it with one tap; nothing is sent before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from domain.analysis.months import label, shift
from domain.notices.calendar import CalendarError, Entry, create_drafts, load_calendar
from domain.notices.overlap import overlaps
from domain.notices.proposal import Proposal, draft_proposal, propose, topic_for
from domain.ports import UowFactory
from handlers.common import services as services_of
from handlers.notices.calendar_texts import evidence, heading, notice_texts
from handlers.notices.staff_preview import post_drafts
from handlers.texts import text

logger = logging.getLogger(__name__)
JOB_NAME = "notice-calendar"
STARTUP_DELAY = 30.0  # seconds after start-up for the first tick


@dataclass(frozen=True)
class Ticked:
    """What one tick drafted."""

    calendar: list[int]
    proposal: int | None
    found: Proposal | None = None  # the proposal behind ``proposal``, for its evidence
    topic: str = ""  # the proposal's notice topic


def schedule(application: Any, services: Any) -> None:
    """Ticks that turn calendar entries and monthly proposals into drafts."""
    settings = services.settings
    try:
        calendar = load_calendar(settings.notice_calendar_file or None)
    except CalendarError as error:  # stops start-up with one line naming the key
        raise SystemExit(f"FRONTDOOR_NOTICE_CALENDAR_FILE: {error}") from None
    if not settings.notice_calendar:
        return
    at = settings.notice_calendar_at.replace(tzinfo=settings.tz)
    application.job_queue.run_daily(run_tick, time=at, name=JOB_NAME, data=calendar)
    application.job_queue.run_once(run_tick, when=STARTUP_DELAY, name=f"{JOB_NAME}-start",
                                   data=calendar)


async def run_tick(context: Any) -> None:
    """The JobQueue callback: one tick at the clock's time in the office's zone."""
    svc = services_of(context)
    settings = svc.settings
    now = datetime.now(settings.tz)
    ticked = await tick(svc.uow_factory, context.job.data, now,
                        proposal_day=settings.notice_proposal_day, tz=settings.tz)
    await post(context.bot, svc, ticked, now=now)


async def post(bot: Any, svc: Any, ticked: Ticked, *, now: datetime) -> list[int]:
    """Puts the new drafts in front of the supervisors: previews with one-tap approval.

    A draft that reaches residents another notice of its topic reaches too (a proposal and
    a calendar draft on heating, say) says so, naming the other notice.
    """
    lang = svc.settings.default_language
    drafts = [(notice_id, text(lang, "nx_draft_calendar")) for notice_id in ticked.calendar]
    if ticked.proposal is not None and ticked.found is not None:
        drafts.append((ticked.proposal, text(
            lang, "nx_draft_proposal", heading=heading(ticked.found, lang, ticked.topic),
            evidence=evidence(ticked.found, lang, ticked.topic))))
    flagged = []
    for notice_id, intro in drafts:
        warnings = [text(lang, "nx_draft_overlap", id=o.notice_id, n=o.shared,
                         status=text(lang, f"nx_overlap_{o.status}"))
                    for o in await overlaps(svc.uow_factory, notice_id, now=now)]
        flagged.append((notice_id, "\n".join([intro, *warnings])))
    return await post_drafts(bot, svc, flagged, now=now)


async def tick(uow_factory: UowFactory, calendar: list[Entry], now: datetime, *,
               proposal_day: int, tz: tzinfo) -> Ticked:
    """Drafts what is due at ``now`` (local, aware): calendar entries, next month's topic."""
    created = await create_drafts(uow_factory, calendar, now)
    proposal_id = found = None
    topic = ""
    if now.day >= proposal_day:
        month = label(*shift(now.year, now.month, 1))
        found = await propose(uow_factory, month, tz, now=now)
        if found is not None:
            topic = topic_for(found.score.category, calendar)
            zh, en = notice_texts(found, topic)
            proposal_id = await draft_proposal(uow_factory, found, topic=topic, text_zh=zh,
                                               text_en=en, now=now)
    if created or proposal_id:
        logger.info("notice drafts waiting for approval: calendar %s, proposal %s",
                    created, proposal_id)
    return Ticked(created, proposal_id, found if proposal_id else None,
                  topic if proposal_id else "")
