"""The staff side of notices on SQLite and PostgreSQL: drafts need a supervisor, approved
notices launch when due (and only staff-approved ones), pause/resume/cancel move only from
the states that allow them, and progress counts what is waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.notices import approval, broadcast, launch, progress
from domain.notices.approval import Incomplete, NoticeGone, TimePassed
from domain.notices.templates import template
from domain.staff.roster import NotAllowed, NotStaff
from storage.models import StaffMember
from tests.integration.factories import add_notice, add_resident

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
WORKER, SUPERVISOR, ADMIN, STRANGER = 1, 2, 3, 99


async def _team_and_town(uow_factory, residents: int = 3) -> list[int]:
    async with uow_factory() as uow:
        for tg, role in ((WORKER, "worker"), (SUPERVISOR, "supervisor"), (ADMIN, "admin")):
            await uow.staff.add(StaffMember(telegram_user_id=tg, display_name=role, role=role))
        people = [await add_resident(uow, building=str(3 + n % 2)) for n in range(residents)]
        await uow.commit()
        return [p.id for p in people]


async def _complete_draft(uow_factory, **audience) -> int:
    notice_id = await approval.begin(uow_factory, WORKER, now=NOW)
    await approval.use_template(uow_factory, WORKER, notice_id, template("heating_check"))
    await approval.edit(uow_factory, WORKER, notice_id, audience=audience or {"kind": "all"})
    return notice_id


async def test_only_supervisors_approve_and_only_complete_drafts(uow_factory):
    await _team_and_town(uow_factory)
    with pytest.raises(NotStaff):
        await approval.begin(uow_factory, STRANGER, now=NOW)
    empty = await approval.begin(uow_factory, WORKER, now=NOW)
    with pytest.raises(Incomplete):
        await approval.approve(uow_factory, SUPERVISOR, empty, now=NOW)
    notice_id = await _complete_draft(uow_factory)
    with pytest.raises(NotAllowed):
        await approval.approve(uow_factory, WORKER, notice_id, now=NOW)
    with pytest.raises(TimePassed):
        await approval.approve(uow_factory, SUPERVISOR, notice_id, now=NOW, send_at=NOW)
    assert await launch.launch_due(uow_factory, now=NOW + timedelta(days=1)) == []
    assert await broadcast.counts(uow_factory, notice_id) == {}
    approved = await approval.approve(uow_factory, ADMIN, notice_id, now=NOW)
    assert (approved.status, approved.send_at) == ("approved", None)
    with pytest.raises(NoticeGone):  # no longer a draft: no second approval, no edits
        await approval.approve(uow_factory, SUPERVISOR, notice_id, now=NOW)
    with pytest.raises(NoticeGone):
        await approval.edit(uow_factory, WORKER, notice_id, emergency=True)


async def test_a_draft_is_dropped_by_its_author_or_a_supervisor(uow_factory):
    await _team_and_town(uow_factory)
    mine = await approval.begin(uow_factory, SUPERVISOR, now=NOW)
    with pytest.raises(NotAllowed):
        await approval.discard(uow_factory, WORKER, mine, now=NOW)
    await approval.discard(uow_factory, SUPERVISOR, mine, now=NOW)
    theirs = await approval.begin(uow_factory, WORKER, now=NOW)
    await approval.discard(uow_factory, ADMIN, theirs, now=NOW)
    with pytest.raises(NoticeGone):
        await approval.discard(uow_factory, ADMIN, theirs, now=NOW)


async def test_a_scheduled_notice_launches_when_due_with_recipients_of_that_moment(uow_factory):
    people = await _team_and_town(uow_factory)
    notice_id = await _complete_draft(uow_factory, kind="place", buildings=["3"], units=[])
    draft, count = await approval.preview(uow_factory, notice_id, now=NOW)
    assert count == 2 and draft.audience["buildings"] == ["3"]
    at = NOW + timedelta(hours=7)
    await approval.approve(uow_factory, SUPERVISOR, notice_id, now=NOW, send_at=at)
    assert await launch.launch_due(uow_factory, now=at - timedelta(seconds=1)) == []
    async with uow_factory() as uow:
        late = await add_resident(uow, building="3")  # joined before the send time
        await uow.commit()
    assert await launch.launch_due(uow_factory, now=at) == [launch.Launched(notice_id, 3)]
    assert await broadcast.counts(uow_factory, notice_id) == {"pending": 3}
    assert late.id not in people
    assert await launch.launch_due(uow_factory, now=at) == []  # running now


async def test_approved_notices_without_a_staff_approval_are_not_launched(uow_factory):
    await _team_and_town(uow_factory)
    async with uow_factory() as uow:
        row = await add_notice(uow, status="approved")
        await uow.commit()
    assert await launch.launch_due(uow_factory, now=NOW) == []
    assert await broadcast.counts(uow_factory, row.id) == {}


async def test_pause_resume_cancel_follow_the_states(uow_factory):
    await _team_and_town(uow_factory)
    notice_id = await _complete_draft(uow_factory)
    with pytest.raises(NoticeGone):  # a draft cannot be paused
        await launch.control(uow_factory, SUPERVISOR, notice_id, "pause", now=NOW)
    await approval.approve(uow_factory, SUPERVISOR, notice_id, now=NOW)
    await launch.launch_due(uow_factory, now=NOW)
    with pytest.raises(NotAllowed):
        await launch.control(uow_factory, WORKER, notice_id, "pause", now=NOW)
    with pytest.raises(NoticeGone):
        await launch.control(uow_factory, SUPERVISOR, notice_id, "resume", now=NOW)
    with pytest.raises(NoticeGone):
        await launch.control(uow_factory, SUPERVISOR, notice_id, "launch", now=NOW)
    assert await launch.control(uow_factory, SUPERVISOR, notice_id, "pause", now=NOW) == "paused"
    assert await broadcast.collect(uow_factory, now=NOW, token="t", limit=10) == []
    assert await launch.control(uow_factory, ADMIN, notice_id, "resume", now=NOW) == "running"
    [first] = await broadcast.collect(uow_factory, now=NOW, token="t", limit=1)
    assert await launch.control(uow_factory, SUPERVISOR, notice_id, "cancel",
                                now=NOW) == "cancelled"
    assert await broadcast.counts(uow_factory, notice_id) == {"sending": 1, "cancelled": 2}
    await broadcast.mark_sent_many(uow_factory, [(first, 42)], now=NOW)  # was in flight
    assert await broadcast.collect(uow_factory, now=NOW, token="t", limit=10) == []
    with pytest.raises(NoticeGone):
        await launch.control(uow_factory, SUPERVISOR, notice_id, "resume", now=NOW)
    shown = await progress.snapshot(uow_factory, notice_id, now=NOW)
    assert (shown.final, shown.sent, shown.cancelled, shown.left) == (True, 1, 2, 0)
    assert await progress.to_post(uow_factory) == [notice_id]  # ended before its first post
    await progress.posted(uow_factory, notice_id, 9, "s", now=NOW, final=True)  # the summary
    assert await progress.to_post(uow_factory) == []
    assert await progress.due_edits(uow_factory, now=NOW + timedelta(hours=1),
                                    every=timedelta(seconds=4)) == []


async def test_progress_counts_waiting_rows_and_groups_reasons(uow_factory):
    await _team_and_town(uow_factory, residents=4)
    notice_id = await _complete_draft(uow_factory)
    await approval.approve(uow_factory, SUPERVISOR, notice_id, now=NOW)
    await launch.launch_due(uow_factory, now=NOW)
    dues = await broadcast.collect(uow_factory, now=NOW, token="t", limit=3)
    await broadcast.mark_blocked(uow_factory, dues[0], error="Forbidden: bot was blocked")
    await broadcast.mark_failed_or_retry(uow_factory, dues[1], error="boom", now=NOW)
    await broadcast.mark_failed_or_retry(uow_factory, dues[2], error="bad", now=NOW,
                                         permanent=True)
    shown = await progress.snapshot(uow_factory, notice_id, now=NOW)
    assert (shown.blocked, shown.failed, shown.waiting, shown.left) == (1, 1, 1, 2)
    assert shown.wake_at == NOW + broadcast.BACKOFF
    # one ready to send; the retry waits 30 s, then takes a second: the wait is counted
    assert shown.eta_seconds(1) == broadcast.BACKOFF.total_seconds() + 1
    assert sorted(shown.reasons) == [("blocked", "Forbidden: bot was blocked", 1),
                                     ("failed", "bad", 1)]
    assert await progress.to_post(uow_factory) == [notice_id]
    await progress.posted(uow_factory, notice_id, 7, "d0", now=NOW)
    assert await progress.to_post(uow_factory) == []
    every = timedelta(seconds=4)
    assert await progress.due_edits(uow_factory, now=NOW + timedelta(seconds=3), every=every) == []
    [item] = await progress.due_edits(uow_factory, now=NOW + every, every=every)
    assert (item.notice_id, item.message_id, item.digest) == (notice_id, 7, "d0")
    await progress.edited(uow_factory, item, "d1", final=True, now=NOW + every)
    assert await progress.due_edits(uow_factory, now=NOW + timedelta(hours=1), every=every) == []
