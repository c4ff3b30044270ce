"""Intake services on real SQLite and PostgreSQL: idempotent opening, one reminder."""

from datetime import UTC, datetime, timedelta

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
