"""tickets.kpi_* follow their surveys on every commit, bulk claims included, and the
migration fills them for surveys recorded before it."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage.db import make_engine
from storage.migrate import upgrade_async
from storage.models import Survey
from tests.integration.factories import add_resident, add_ticket

T0 = datetime(2026, 11, 10, 9, tzinfo=UTC)
KPI = ("kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic", "kpi_dissatisfied",
       "kpi_no_answer", "kpi_uncertain")


async def _summary(uow_factory, ticket_id: int) -> tuple[int, ...]:
    async with uow_factory() as uow:
        row = (await uow.session.execute(
            text(f"SELECT {', '.join(KPI)} FROM tickets WHERE id = :id"), {"id": ticket_id})).one()
        return tuple(row)


async def test_the_summary_follows_orm_changes_and_bulk_claims(uow_factory):
    async with uow_factory() as uow:
        a, b = await add_resident(uow), await add_resident(uow, telegram_user_id=333)
        ticket = await add_ticket(uow, a.id)
        await uow.surveys.add_all([
            Survey(ticket_id=ticket.id, resident_id=a.id, round=1, status="answered",
                   due_at=T0, solved="yes", satisfaction="satisfied", is_latest=True),
            Survey(ticket_id=ticket.id, resident_id=b.id, round=1, status="sent", due_at=T0,
                   expires_at=T0),
        ])
        await uow.commit()
    assert await _summary(uow_factory, ticket.id) == (1, 1, 1, 0, 0, 0, 0)

    async with uow_factory() as uow:  # a bulk claim expires b's survey: no answer
        claimed = await uow.surveys.claim_due(now=T0 + timedelta(hours=1), limit=10,
                                              worker_token="t", lease=timedelta(minutes=1),
                                              statuses=["sent"], due_column="expires_at",
                                              values={"status": "expired"})
        assert len(claimed) == 1
        await uow.commit()
    assert await _summary(uow_factory, ticket.id) == (1, 1, 1, 0, 0, 1, 0)

    async with uow_factory() as uow:  # a's second round says it came back, dissatisfied
        first = await uow.surveys.get_for(ticket.id, a.id, 1)
        first.is_latest = False
        await uow.surveys.add(Survey(ticket_id=ticket.id, resident_id=a.id, round=2,
                                     status="answered", due_at=T0, recurred=True,
                                     satisfaction="dissatisfied", is_latest=True))
        await uow.commit()
    assert await _summary(uow_factory, ticket.id) == (1, 0, 0, 0, 1, 1, 0)

    async with uow_factory() as uow:  # nothing committed, nothing changed
        (await uow.surveys.get_for(ticket.id, a.id, 2)).recurred = False
    assert await _summary(uow_factory, ticket.id) == (1, 0, 0, 0, 1, 1, 0)


async def test_the_migration_fills_the_summary_of_earlier_surveys(db_url):
    await upgrade_async(db_url, "0003")
    engine = make_engine(db_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO residents (id, language, reachable, notice_onboarded, created_at)"
                " VALUES (1, 'zh', true, false, :t)"), {"t": T0})
            for tid in (1, 2):
                await conn.execute(text(
                    "INSERT INTO tickets (id, code, resident_id, category, category_level1,"
                    " description, urgency, status, excluded_from_kpi, reopened_count,"
                    " created_at, version) VALUES (:id, :code, 1, 'c', 'c', '', 'normal',"
                    " 'closed', false, 0, :t, 1)"), {"id": tid, "code": f"T{tid}", "t": T0})
            await conn.execute(text(
                "INSERT INTO surveys (ticket_id, resident_id, round, status, due_at, solved,"
                " satisfaction, recurred, is_latest, awaiting_comment, created_at) VALUES"
                " (1, 1, 1, 'answered', :t, 'yes', 'basic', NULL, false, false, :t),"
                " (1, 1, 2, 'answered', :t, NULL, 'satisfied', false, true, false, :t),"
                " (2, 1, 1, 'uncertain', :t, NULL, NULL, NULL, false, false, :t)"), {"t": T0})
        await upgrade_async(db_url)
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                f"SELECT {', '.join(KPI)} FROM tickets ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, 1, 1, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 1)]
    finally:
        await engine.dispose()
