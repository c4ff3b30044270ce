"""The broadcast engine's rows on SQLite and PostgreSQL: approval, emergencies first,
skipped residents, retries with backoff, put back, stuck rows, done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.notices import broadcast
from tests.integration.factories import add_notice, add_resident

NOW = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


async def _setup(uow_factory, count=3, **notice):
    async with uow_factory() as uow:
        people = [await add_resident(uow) for _ in range(count)]
        row = await add_notice(uow, **{"status": "approved", **notice})
        await uow.commit()
    await broadcast.start(uow_factory, row.id, [p.id for p in people], NOW)
    return row.id, people


async def test_only_an_approved_notice_starts(uow_factory):
    async with uow_factory() as uow:
        draft = await add_notice(uow, status="draft")
        resident = await add_resident(uow)
        await uow.commit()
    with pytest.raises(broadcast.NotApproved):
        await broadcast.start(uow_factory, draft.id, [resident.id], NOW)
    assert await broadcast.counts(uow_factory, draft.id) == {}


async def test_start_twice_adds_only_missing_deliveries(uow_factory):
    notice_id, people = await _setup(uow_factory)
    assert await broadcast.start(uow_factory, notice_id, [p.id for p in people], NOW) == 0
    assert await broadcast.counts(uow_factory, notice_id) == {"pending": 3}


async def test_emergencies_go_first_and_claims_are_sending(uow_factory):
    normal, _ = await _setup(uow_factory, 2)
    urgent, _ = await _setup(uow_factory, 2, emergency=True, text_zh="燃气泄漏")
    due = await broadcast.collect(uow_factory, now=NOW, token="t", limit=3)
    assert [d.notice_id for d in due] == [urgent, urgent, normal]
    assert due[0].text == "燃气泄漏" and due[0].emergency
    assert await broadcast.counts(uow_factory, urgent) == {"sending": 2}
    assert await broadcast.collect(uow_factory, now=NOW, token="u", limit=3) != []
    assert await broadcast.collect(uow_factory, now=NOW, token="u", limit=3) == []


async def test_unreachable_and_erased_residents_are_skipped(uow_factory):
    notice_id, people = await _setup(uow_factory)
    async with uow_factory() as uow:
        await uow.residents.set_reachable(people[0].id, False)
        (await uow.residents.get(people[1].id)).erased_at = NOW
        await uow.commit()
    due = await broadcast.collect(uow_factory, now=NOW, token="t", limit=10)
    assert [d.resident_id for d in due] == [people[2].id]
    counts = await broadcast.counts(uow_factory, notice_id)
    assert counts == {"blocked": 1, "failed": 1, "sending": 1}


async def test_errors_are_retried_with_backoff_then_failed(uow_factory):
    notice_id, _ = await _setup(uow_factory, 1)
    now = NOW
    for attempt in range(1, broadcast.MAX_ATTEMPTS + 1):
        [due] = await broadcast.collect(uow_factory, now=now, token="t", limit=5)
        status = await broadcast.mark_failed_or_retry(uow_factory, due, error="boom", now=now)
        if attempt < broadcast.MAX_ATTEMPTS:
            assert status == "pending"
            assert await broadcast.collect(uow_factory, now=now, token="t", limit=5) == []
            now += broadcast.BACKOFF * 2 ** (attempt - 1)
    assert status == "failed"
    assert await broadcast.counts(uow_factory, notice_id) == {"failed": 1}


async def test_put_back_rows_are_sent_later_and_sent_is_final(uow_factory):
    notice_id, _ = await _setup(uow_factory, 2)
    first = await broadcast.collect(uow_factory, now=NOW, token="t", limit=5)
    assert await broadcast.put_back(uow_factory, first, token="t") == 2
    again = await broadcast.collect(uow_factory, now=NOW, token="t", limit=5)
    for n, due in enumerate(again):
        await broadcast.mark_sent(uow_factory, due, message_id=n + 1, now=NOW)
    assert await broadcast.finish(uow_factory, now=NOW) == [notice_id]
    assert await broadcast.counts(uow_factory, notice_id) == {"sent": 2}


async def test_stuck_sending_rows_become_uncertain_after_the_lease(uow_factory):
    notice_id, _ = await _setup(uow_factory, 2)
    await broadcast.collect(uow_factory, now=NOW, token="dead", limit=5)
    assert await broadcast.settle_stuck(uow_factory, now=NOW + timedelta(minutes=1),
                                        token="t") == 0
    assert await broadcast.finish(uow_factory, now=NOW) == []
    later = NOW + broadcast.LEASE + timedelta(seconds=1)
    assert await broadcast.settle_stuck(uow_factory, now=later, token="t") == 2
    assert await broadcast.collect(uow_factory, now=later, token="t", limit=5) == []
    assert await broadcast.finish(uow_factory, now=later) == [notice_id]
    assert await broadcast.counts(uow_factory, notice_id) == {"uncertain": 2}
