"""The rates' SQL on SQLite and PostgreSQL: latest answers, followers, exclusions, no-answers."""

from datetime import UTC, datetime, timedelta

from domain.rates import report
from storage.models import Survey
from tests.integration.factories import add_resident, add_ticket

T0 = datetime(2026, 11, 10, 9, tzinfo=UTC)


def _survey(ticket, resident, round_, status, **answers):
    return Survey(ticket_id=ticket.id, resident_id=resident.id, round=round_, status=status,
                  due_at=T0, **answers)


async def test_rates_from_the_database(uow_factory):
    async with uow_factory() as uow:
        a, b = await add_resident(uow), await add_resident(uow, telegram_user_id=222)
        due = T0 + timedelta(hours=2)
        solved = await add_ticket(uow, a.id, created_at=T0, respond_due_at=due,
                                  first_response_at=T0 + timedelta(hours=1))
        late = await add_ticket(uow, a.id, created_at=T0, respond_due_at=due,
                                first_response_at=T0 + timedelta(hours=3))
        silent = await add_ticket(uow, a.id, created_at=T0, respond_due_at=due)
        await add_ticket(uow, a.id, created_at=T0, excluded_from_kpi=True,
                         exclusion_reason="不属于社区管辖")
        await add_ticket(uow, a.id, created_at=T0 - timedelta(days=40))  # another period
        await uow.surveys.add_all([
            _survey(solved, a, 1, "answered", solved="yes", satisfaction="satisfied"),
            _survey(solved, a, 2, "answered", recurred=False, satisfaction="basic",
                    is_latest=True),  # the latest round of a counts
            _survey(late, a, 1, "answered", solved="yes", satisfaction="satisfied",
                    is_latest=True),
            _survey(late, b, 1, "answered", solved="no", satisfaction="dissatisfied",
                    is_latest=True),  # a follower says not solved: the ticket is not solved
            _survey(silent, a, 1, "expired"),
            _survey(silent, b, 1, "uncertain"),
        ])
        await uow.commit()
    result = await report(uow_factory, T0 - timedelta(days=1), T0 + timedelta(days=1),
                          now=T0 + timedelta(days=1), weight=0.8)
    [total] = [line for line in result.lines if line.dimension == "total"]
    assert total.tickets == 3
    assert total.response_rate == 1 / 3
    assert total.resolution_rate == 1 / 2
    assert abs(total.satisfaction_rate - (1 + 0.8) / 3) < 1e-9
    assert (total.answered, total.no_answer, total.uncertain) == (2, 1, 1)
    assert [(e.reason) for e in result.excluded] == ["不属于社区管辖"]


async def test_a_ticket_still_within_its_response_time_is_neither_hit_nor_miss(uow_factory):
    now = T0 + timedelta(hours=3)
    async with uow_factory() as uow:
        a = await add_resident(uow)
        await add_ticket(uow, a.id, created_at=T0, respond_due_at=T0 + timedelta(hours=2),
                         first_response_at=T0 + timedelta(hours=1))  # answered in time
        await add_ticket(uow, a.id, created_at=T0,
                         respond_due_at=T0 + timedelta(hours=2))  # unanswered, deadline passed
        await add_ticket(uow, a.id, created_at=T0 + timedelta(hours=2),
                         respond_due_at=now + timedelta(hours=1))  # unanswered, still in time
        await uow.commit()
    result = await report(uow_factory, T0 - timedelta(days=1), T0 + timedelta(days=1), now=now)
    [total] = [line for line in result.lines if line.dimension == "total"]
    assert (total.tickets, total.response_rate, total.pending_response) == (3, 0.5, 1)
    # the same tickets once the third deadline has passed: a miss like the second
    later = await report(uow_factory, T0 - timedelta(days=1), T0 + timedelta(days=1),
                         now=now + timedelta(hours=2))
    [total] = [line for line in later.lines if line.dimension == "total"]
    assert (total.response_rate, total.pending_response) == (1 / 3, 0)
