"""Intake services on real SQLite and PostgreSQL: idempotent opening, one reminder."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from domain.deadlines import (
    RESOLVE_OVERDUE,
    RESOLVE_SOON,
    RESPOND_OVERDUE,
    RESPOND_SOON,
    schedule,
)
from domain.intake.draft import Draft
from domain.intake.drafts import save_draft
from domain.intake.idle import claim_idle_drafts
from domain.intake.opening import open_ticket

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_open_ticket_is_idempotent(uow_factory):
    heating = "城乡建设/城市建设和市政管理/冬季采暖"
    draft = Draft(user_id=77, description="暖气不热", category=heating,
                  building="5", phone="13800138000", phone_normalized="13800138000")
    first = await open_ticket(uow_factory, draft, now=NOW, idempotency_key="k1")
    again = await open_ticket(uow_factory, draft, now=NOW, idempotency_key="k1")
    assert first.new and not again.new and first.code == again.code
    assert first.respond_due_at - NOW == timedelta(hours=2)
    async with uow_factory() as uow:
        assert len(await uow.events.list_for_ticket(first.ticket_id)) == 1
        resident = await uow.residents.get_by_telegram_id(77)
        assert resident.building == "5"


async def test_an_idle_draft_is_claimed_for_a_reminder_once(uow_factory):
    await save_draft(uow_factory, 1, 1, Draft(description="x", lang="en"), now=NOW)
    later = NOW + timedelta(minutes=31)
    [idle] = await claim_idle_drafts(uow_factory, now=later, idle=timedelta(minutes=30))
    assert (idle.chat_id, idle.lang) == (1, "en")
    assert await claim_idle_drafts(uow_factory, now=later, idle=timedelta(minutes=30)) == []
    assert await claim_idle_drafts(uow_factory, now=NOW, idle=timedelta(minutes=30)) == []


async def test_opening_schedules_four_reminders_in_one_statement(engine, uow_factory):
    statements: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        opened = await open_ticket(uow_factory, Draft(user_id=6, description="没水"),
                                   now=NOW, idempotency_key="k-rem")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
    assert sum("INSERT INTO reminders" in s for s in statements) == 1
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(opened.ticket_id)
        due = {r.kind: r.due_at for r in await uow.reminders.list_for_ticket(ticket.id)}
        assert set(due) == {RESPOND_SOON, RESPOND_OVERDUE, RESOLVE_SOON, RESOLVE_OVERDUE}
        assert _utc(due[RESPOND_OVERDUE]) == _utc(ticket.respond_due_at)
        assert _utc(due[RESOLVE_OVERDUE]) == _utc(ticket.resolve_due_at)


async def test_rescheduling_reopens_sent_and_claimed_reminders(uow_factory):
    opened = await open_ticket(uow_factory, Draft(user_id=7, description="噪音"),
                               now=NOW, idempotency_key="k-re")
    async with uow_factory() as uow:
        [claimed, *_] = await uow.reminders.claim_due(
            now=NOW + timedelta(days=30), limit=1, worker_token="w", lease=timedelta(hours=1))
        await uow.reminders.release([claimed.id], "w", {"sent_at": NOW})
        await uow.commit()
    later = NOW + timedelta(days=1)
    async with uow_factory() as uow:
        ticket = await uow.tickets.get(opened.ticket_id)
        before = await uow.reminders.list_for_ticket(ticket.id)  # copies in the session
        ticket.resolve_due_at = later + timedelta(days=2)
        await schedule(uow, ticket, now=later)
        after = {r.kind: r for r in await uow.reminders.list_for_ticket(ticket.id)}
        await uow.commit()
    assert len(before) == 4
    again = after[claimed.kind]
    assert again.sent_at is None and again.claim_token is None
    assert _utc(after[RESOLVE_OVERDUE].due_at) == _utc(later + timedelta(days=2))


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)
