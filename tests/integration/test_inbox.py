"""The inbox on real SQLite and PostgreSQL: de-duplication, order, retries, retention."""

from datetime import UTC, datetime, timedelta

from domain import inbox
from domain.inbox import KEEP_HANDLED, KEEP_PARKED, Received

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def _r(update_id, conversation="c:1", user=1):
    return Received(update_id, conversation, user, user, "message",
                    {"update_id": update_id, "message": {"text": "电话13800001111"}})


async def test_an_update_is_stored_once(uow_factory):
    heads = await inbox.store(uow_factory, [_r(10), _r(11, "c:2")], T0)
    assert {c: h.update_id for c, h in heads.items()} == {"c:1": 10, "c:2": 11}
    assert list(await inbox.store(uow_factory, [_r(11, "c:2"), _r(12, "c:3")], T0)) == ["c:3"]
    rows, counts = await inbox.listing(uow_factory)
    assert sorted(r.update_id for r in rows) == [10, 11, 12] and counts == {"pending": 3}


async def test_each_conversation_gives_its_first_update_only(uow_factory):
    await inbox.store(uow_factory, [_r(5, "c:1"), _r(3, "c:1"), _r(4, "c:2"), _r(9, "c:3")], T0)
    heads = await inbox.heads(uow_factory, T0, [], 10)
    assert [(h.conversation, h.update_id) for h in heads] == [("c:1", 3), ("c:2", 4), ("c:3", 9)]
    heads = await inbox.heads(uow_factory, T0, ["c:1", "c:3"], 10)
    assert [h.update_id for h in heads] == [4]
    await inbox.handled(uow_factory, heads[0].id, T0)
    first = (await inbox.heads(uow_factory, T0, [], 10))[0]
    await inbox.handled(uow_factory, first.id, T0)
    assert [h.update_id for h in await inbox.heads(uow_factory, T0, [], 10)] == [5, 9]


async def test_a_failed_update_holds_back_its_conversation_only(uow_factory):
    await inbox.store(uow_factory, [_r(1, "c:1"), _r(2, "c:1"), _r(3, "c:2")], T0)
    first = (await inbox.heads(uow_factory, T0, [], 10))[0]
    await inbox.failed(uow_factory, first.id, attempts=1, error="OperationalError", park=False,
                       told=False, now=T0)
    assert [h.update_id for h in await inbox.heads(uow_factory, T0, [], 10)] == [3]
    later = await inbox.heads(uow_factory, T0 + timedelta(seconds=1), [], 10)
    assert [(h.update_id, h.attempts) for h in later] == [(1, 1), (3, 0)]
    await inbox.failed(uow_factory, first.id, attempts=2, error="KeyError", park=True,
                       told=True, now=T0)
    assert [h.update_id for h in await inbox.heads(uow_factory, T0, [], 10)] == [2, 3]
    parked, counts = await inbox.listing(uow_factory, "parked")
    assert [(p.update_id, p.error) for p in parked] == [(1, "KeyError")]
    assert counts == {"pending": 2, "parked": 1}
    assert await inbox.retry(uow_factory, parked[0].id, T0)
    assert not await inbox.retry(uow_factory, parked[0].id, T0)  # no longer parked
    heads = await inbox.heads(uow_factory, T0, [], 10)
    assert [(h.update_id, h.attempts, h.told) for h in heads] == [(1, 0, False), (3, 0, False)]


async def test_handled_updates_lose_their_payload_and_old_rows_go(uow_factory):
    await inbox.store(uow_factory, [_r(1)], T0 - KEEP_HANDLED - timedelta(hours=1))
    await inbox.store(uow_factory, [_r(2, "c:2")], T0 - KEEP_PARKED - timedelta(hours=1))
    await inbox.store(uow_factory, [_r(3, "c:3")], T0)
    for head in await inbox.heads(uow_factory, T0, [], 10):
        if head.update_id == 2:
            await inbox.failed(uow_factory, head.id, attempts=1, error="x", park=True,
                               told=False, now=T0)
        else:
            await inbox.handled(uow_factory, head.id, T0)
    async with uow_factory() as uow:
        assert all(r.payload is None for r in await uow.inbox.listing("done"))
    assert await inbox.store(uow_factory, [_r(1)], T0) == {}  # still known: dropped
    assert await inbox.prune(uow_factory, T0) == 2
    assert [r.update_id for r in (await inbox.listing(uow_factory))[0]] == [3]
    assert list(await inbox.store(uow_factory, [_r(1)], T0)) == ["c:1"]  # forgotten: stored


async def test_a_residents_stored_updates_can_be_erased(uow_factory):
    await inbox.store(uow_factory, [_r(1, "c:7", 7), _r(2, "c:8", 8)], T0)
    parked = [h for h in await inbox.heads(uow_factory, T0, [], 10) if h.update_id == 1][0]
    await inbox.failed(uow_factory, parked.id, attempts=1, error="x", park=True, told=False,
                       now=T0)
    async with uow_factory() as uow:
        assert await uow.inbox.erase_person(7, 7) == 1
        await uow.commit()
    assert [r.update_id for r in (await inbox.listing(uow_factory))[0]] == [2]


async def test_a_conversation_is_taken_one_update_at_a_time(uow_factory):
    await inbox.store(uow_factory, [_r(2, "c:1"), _r(1, "c:1"), _r(3, "c:2")], T0)
    first = await inbox.take(uow_factory, "c:1", T0)
    assert first.update_id == 1
    following = await inbox.handled(uow_factory, first.id, T0, "c:1")
    assert following.update_id == 2
    await inbox.failed(uow_factory, following.id, attempts=1, error="x", park=False,
                       told=False, now=T0)
    assert await inbox.take(uow_factory, "c:1", T0) is None  # waiting for its retry
    assert (await inbox.take(uow_factory, "c:1", T0 + timedelta(seconds=1))).update_id == 2
    assert await inbox.take(uow_factory, "c:9", T0) is None
