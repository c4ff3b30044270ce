"""The outbox on real SQLite and PostgreSQL: one transaction with the state change, lanes,
priority, coalesced card edits, small claims, and what a crash leaves (uncertain or resent)."""

from datetime import UTC, datetime, timedelta

import pytest

from domain import outbox
from domain.outbox import CARD, EMERGENCY, HEARTBEAT, LEASE, REPLY, REST, Outgoing, staged
from domain.outbox_hooks import Hooks
from domain.surveys import Timing
from storage.errors import Conflict
from storage.models import Survey
from storage.uow import one_transaction
from tests.integration.factories import add_resident, add_ticket

T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
STAFF = -100123


def _reply(chat, text, **kw):
    return Outgoing("reply", "sendMessage", chat, {"chat_id": str(chat), "text": text},
                    priority=REPLY, **kw)


def _staff(text, thread=None):
    return Outgoing("staff", "sendMessage", STAFF, {"chat_id": str(STAFF), "text": text},
                    priority=REST, thread_id=thread)


class Told:
    """Hooks that also record the staff notices they wrote."""

    def __init__(self):
        self.hooks = Hooks(Timing(), tell_staff=lambda row: _staff(f"uncertain {row.id}"))


async def _write(uow_factory, items, now=T0):
    return await outbox.enqueue(uow_factory, items, now)


async def _texts(uow_factory, status=None):
    async with uow_factory() as uow:
        rows = await uow.outbox.listing(status, limit=1000)
        return sorted((r.id, (r.params or {}).get("text"), r.status) for r in rows)


async def test_one_lane_at_a_time_in_order_and_the_urgent_first(uow_factory):
    await _write(uow_factory, [_reply(1, "a1"), _reply(1, "a2"), _staff("s1"),
                               outbox.card(STAFF, 7, emergency=False),
                               outbox.card(STAFF, 8, emergency=True), _reply(2, "b1")])
    claimed = await outbox.claim(uow_factory, now=T0, token="t", limit=30)
    assert [(c.kind, c.priority, c.params.get("text") or c.params.get("ticket"))
            for c in claimed] == [("card", EMERGENCY, 8), ("reply", REPLY, "a1"),
                                  ("reply", REPLY, "b1"), ("card", CARD, 7),
                                  ("staff", REST, "s1")]
    # a1 is in flight: a2 waits for it, whoever asks
    assert await outbox.claim(uow_factory, now=T0, token="u", limit=30) == []
    first = next(c for c in claimed if c.params.get("text") == "a1")
    await outbox.sent(uow_factory, first, token="t", message_id=11, now=T0, hooks=Told().hooks)
    [second] = await outbox.claim(uow_factory, now=T0, token="u", limit=30)
    assert second.params["text"] == "a2"


async def test_an_answer_to_a_staff_member_goes_before_cards_and_bulk_posts(session_factory,
                                                                            uow_factory):
    await _write(uow_factory, [_staff("digest 1"), _staff("digest 2"),
                               outbox.card(STAFF, 7, emergency=False)])
    async with staged(lambda: one_transaction(session_factory), uow_factory,
                      clock=lambda: T0) as collector:
        collector.asked_in = STAFF  # the update came from the staff group
        outbox.collect(_staff("新通知 #1"))
        outbox.collect(_staff("收件人：3 位居民"))
        outbox.collect(_reply(5, "to a resident"))
    claimed = await outbox.claim(uow_factory, now=T0, token="t", limit=30)
    assert [(c.priority, c.params.get("text") or c.params.get("ticket")) for c in claimed] == [
        (REPLY, "新通知 #1"), (REPLY, "to a resident"), (CARD, 7), (REST, "digest 1")]
    [first] = [c for c in claimed if c.params.get("text") == "新通知 #1"]
    await outbox.sent(uow_factory, first, token="t", message_id=11, now=T0, hooks=Told().hooks)
    [second] = await outbox.claim(uow_factory, now=T0, token="u", limit=30)
    assert second.params["text"] == "收件人：3 位居民"  # answers keep their order


async def test_claims_are_small_and_taken_once(uow_factory):
    await _write(uow_factory, [_reply(chat, "x") for chat in range(1, 101)])
    first = await outbox.claim(uow_factory, now=T0, token="a", limit=outbox.BATCH)
    second = await outbox.claim(uow_factory, now=T0, token="b", limit=outbox.BATCH)
    assert len(first) == len(second) == 30
    assert not {c.id for c in first} & {c.id for c in second}
    async with uow_factory() as uow:
        assert (await uow.outbox.counts()) == {"sending": 60, "pending": 40}


async def test_card_edits_waiting_for_one_ticket_are_one(uow_factory):
    await _write(uow_factory, [outbox.card_edit(STAFF, 5), outbox.card_edit(STAFF, 5),
                               outbox.card_edit(STAFF, 6)])
    await _write(uow_factory, [outbox.card_edit(STAFF, 5)])
    rows = await _texts(uow_factory)
    assert len(rows) == 2
    [edit5, _] = await outbox.claim(uow_factory, now=T0, token="t", limit=30)
    await _write(uow_factory, [outbox.card_edit(STAFF, edit5.ticket_id)])  # after the claim
    assert len(await _texts(uow_factory)) == 3  # a new state after the one being sent


async def test_a_lapsed_resident_message_becomes_uncertain_and_staff_are_told(uow_factory):
    told = Told()
    async with uow_factory() as uow:
        resident = await add_resident(uow, telegram_user_id=501)
        ticket = await add_ticket(uow, resident.id, status="resolved")
        survey = await uow.surveys.add(Survey(ticket_id=ticket.id, resident_id=resident.id,
                                              round=1, status="sending", due_at=T0))
        await uow.commit()
    question = _reply(502, "解决了吗？")
    question.kind, question.hook = "survey", {"survey": survey.id, "code": ticket.code,
                                              "round": 1}
    await _write(uow_factory, [_reply(501, "已登记"), _staff("card text"), question])
    await outbox.alive(uow_factory, "dead", T0)
    claimed = await outbox.claim(uow_factory, now=T0, token="dead", limit=30)
    assert len(claimed) == 3
    # the sender dies; while its life lasts (3 heartbeats) its rows are left alone
    assert await outbox.settle_lapsed(uow_factory, now=T0 + HEARTBEAT, hooks=told.hooks) == []
    # it did not renew it: its rows are settled long before their lease would end
    dead = T0 + 3 * HEARTBEAT + timedelta(seconds=1)
    assert dead < T0 + LEASE
    lost = await outbox.settle_lapsed(uow_factory, now=dead, hooks=told.hooks)
    assert sorted(r.kind for r in lost) == ["reply", "survey"]
    rows = await _texts(uow_factory)
    assert [s for _, _, s in rows].count("uncertain") == 2
    async with uow_factory() as uow:  # the survey is uncertain too: never resent, audited
        assert (await uow.surveys.get(survey.id)).status == "uncertain"
        assert [e.kind for e in await uow.events.list_for_ticket(ticket.id)].count(
            "survey_uncertain") == 1
    # the staff message is pending again (at least once); a notice for each uncertain one
    later, sent = dead + outbox.RETRY_AFTER, []
    while again := await outbox.claim(uow_factory, now=later, token="new", limit=30):
        for row in again:  # the staff group is one lane: one at a time, in order
            sent.append(row.params["text"])
            await outbox.sent(uow_factory, row, token="new", message_id=9, now=later,
                              hooks=told.hooks)
    assert sent == ["card text", *(f"uncertain {r.id}" for r in sorted(lost, key=lambda r: r.id))]
    # the uncertain row keeps neither the words nor whose chat it was
    async with uow_factory() as uow:
        row = await uow.outbox.get(lost[0].id)
        assert (row.params, row.chat_id, row.lane) == (None, 0, "-")


async def test_a_429_is_pending_again_and_a_refusal_is_final(uow_factory):
    hooks = Told().hooks
    await _write(uow_factory, [_reply(1, "a"), _reply(2, "b")])
    a, b = await outbox.claim(uow_factory, now=T0, token="t", limit=30)
    await outbox.later(uow_factory, a, token="t", due_at=T0 + timedelta(seconds=3))
    await outbox.refused(uow_factory, b, token="t", error="Forbidden: blocked", now=T0,
                         hooks=hooks)
    assert await outbox.claim(uow_factory, now=T0, token="t", limit=30) == []
    [again] = await outbox.claim(uow_factory, now=T0 + timedelta(seconds=3), token="t",
                                 limit=30)
    assert again.id == a.id and again.attempts == 2
    assert [s for _, _, s in await _texts(uow_factory)] == ["sending", "failed"]


async def test_a_staged_piece_of_work_keeps_its_state_and_messages_together(session_factory,
                                                                          uow_factory):
    def begin():
        return one_transaction(session_factory)

    with pytest.raises(RuntimeError):
        async with staged(begin, uow_factory, clock=lambda: T0):
            async with uow_factory() as uow:
                await add_resident(uow, telegram_user_id=601)
                await uow.commit()  # a savepoint: not durable yet
            outbox.collect(_reply(601, "已登记"))
            raise RuntimeError("crash before the commit")
    async with uow_factory() as uow:
        assert await uow.residents.get_by_telegram_id(601) is None
    assert await _texts(uow_factory) == []

    async with staged(begin, uow_factory, clock=lambda: T0) as collector:
        async with uow_factory() as uow:
            await add_resident(uow, telegram_user_id=602)
            await uow.commit()
        with pytest.raises(Conflict):  # a unit of work that fails spoils only itself
            async with uow_factory() as uow:
                await add_resident(uow, telegram_user_id=602)
                await uow.commit()
        outbox.collect(_reply(602, "已登记"))
        assert len(collector.items) == 1
    async with uow_factory() as uow:
        assert await uow.residents.get_by_telegram_id(602) is not None
    assert [t for _, t, _ in await _texts(uow_factory)] == ["已登记"]


async def test_old_rows_are_pruned_but_rows_about_a_resident_wait_for_erasure(uow_factory):
    hooks = Told().hooks
    relay = _staff("居民说：…")
    relay.about_user = 777
    await _write(uow_factory, [_staff("card"), relay])
    while rows := await outbox.claim(uow_factory, now=T0, token="t", limit=30):
        for row in rows:  # one lane (the staff group): one at a time
            await outbox.sent(uow_factory, row, token="t", message_id=row.id + 100, now=T0,
                              hooks=hooks)
    assert await outbox.prune(uow_factory, T0 + outbox.KEEP_SENT + timedelta(seconds=1)) == 1
    async with uow_factory() as uow:
        [(chat, message_id)] = await uow.outbox.sent_about(777)
        assert chat == STAFF and message_id > 100
        assert await uow.outbox.erase_person(777, None) == 1
        await uow.commit()


async def test_a_live_sender_keeps_its_rows_until_the_lease_ends(uow_factory):
    await _write(uow_factory, [_reply(1, "a")])
    [row] = await outbox.claim(uow_factory, now=T0, token="slow", limit=30)
    at = T0
    while at < T0 + LEASE:  # it renews its life but hangs on the send
        await outbox.alive(uow_factory, "slow", at)
        assert await outbox.settle_lapsed(uow_factory, now=at, hooks=Told().hooks) == []
        at += HEARTBEAT
    await outbox.alive(uow_factory, "slow", at)
    assert [r.id for r in await outbox.settle_lapsed(uow_factory, now=at,
                                                     hooks=Told().hooks)] == [row.id]
    assert await outbox.in_flight(uow_factory) == 0
