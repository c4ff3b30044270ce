"""`domain.demo.seed` on real databases: deterministic, seasonal, consistent with the rules."""

import contextlib
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from domain.demo.generate import Plan
from domain.demo.seasons import load_kinds
from domain.demo.seed import AlreadySeeded, seed
from domain.demo.texts import read_history
from domain.sla import sla_for
from domain.tickets import TicketStatus
from nlu.categories import load_taxonomy
from storage.db import make_engine, make_session_factory
from storage.migrate import upgrade_async
from storage.models import TicketEvent
from storage.repositories import ticket_kpi
from storage.uow import SqlUnitOfWork
from tests.conftest import fresh_postgres_database, postgres_server_url
from tests.integration.factories import add_resident, add_ticket

UNTIL = date(2026, 11, 1)
TZ = ZoneInfo("Asia/Shanghai")
HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
KPI = ("kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic", "kpi_dissatisfied",
       "kpi_no_answer", "kpi_uncertain")


def _plan(**fields) -> Plan:
    return Plan(**{"until": UNTIL, "seed": 7, "tickets": 300, **fields})


@contextlib.asynccontextmanager
async def _factory(url: str):
    engine = make_engine(url)
    try:
        yield lambda: SqlUnitOfWork(make_session_factory(engine))
    finally:
        await engine.dispose()


async def _seeded(url: str, plan: Plan, **options):
    async with _factory(url) as uow_factory:
        return await seed(uow_factory, plan, **options)


async def _rows(url: str, sql: str) -> list[tuple]:
    async with _factory(url) as uow_factory, uow_factory() as uow:
        return [tuple(r) for r in (await uow.session.execute(text(sql))).all()]


@contextlib.asynccontextmanager
async def _another(db_url: str, tmp_path, name: str):
    """A second fresh, migrated database on the same backend."""
    if db_url.startswith("sqlite"):
        url = f"sqlite+aiosqlite:///{tmp_path / name}.sqlite3"
        await upgrade_async(url)
        yield url
        return
    async with fresh_postgres_database(postgres_server_url()) as url:
        await upgrade_async(url)
        yield url


PROJECTION = ("SELECT code, category, building, status, created_at, assignee_id, "
              "reopened_count, excluded_from_kpi, description FROM tickets ORDER BY id")
SURVEYS = "SELECT ticket_id, resident_id, round, status, solved, satisfaction FROM surveys " \
          "ORDER BY id"
ORDERS = ("SELECT id, ticket_id, unit_id, status, dispatched_at, dispatched_by, assignee_id, "
          "respond_due_at, resolve_due_at, first_response_at, done_at, result, "
          "returned_reason FROM work_orders ORDER BY id")
STREET = ("SELECT code, name, kind, chat_id FROM units ORDER BY id",
          "SELECT * FROM unit_members ORDER BY staff_id, unit_id",
          "SELECT * FROM unit_routes ORDER BY what, key", ORDERS,
          "SELECT ticket_id, at, kind, actor_id, payload FROM ticket_events WHERE kind IN "
          "('dispatched', 'order_taken', 'order_done', 'order_returned', 'order_decided') "
          "ORDER BY id")


async def test_the_same_seed_gives_the_same_rows_and_another_seed_others(migrated_db_url,
                                                                         tmp_path):
    await _seeded(migrated_db_url, _plan())
    async with _another(migrated_db_url, tmp_path, "same") as same, \
            _another(migrated_db_url, tmp_path, "other") as other:
        await _seeded(same, _plan())
        await _seeded(other, _plan(seed=8))
        first = await _rows(migrated_db_url, PROJECTION)
        assert len(first) == 300
        assert first == await _rows(same, PROJECTION)
        assert await _rows(migrated_db_url, SURVEYS) == await _rows(same, SURVEYS)
        assert first != await _rows(other, PROJECTION)
        for sql in STREET:  # the street: units, members, routes, work orders and their events
            assert await _rows(migrated_db_url, sql) == await _rows(same, sql), sql
        orders = await _rows(migrated_db_url, ORDERS)
        assert len(orders) > 50 and orders != await _rows(other, ORDERS)


async def test_heating_is_asked_for_in_winter_and_the_life_cycle_holds(migrated_db_url):
    summary = await _seeded(migrated_db_url, _plan(tickets=500))
    assert summary.tickets == 500 and summary.residents >= 300 and summary.staff >= 6
    rows = await _rows(migrated_db_url, "SELECT category, created_at, urgency, status, "
                       "respond_due_at, resolve_due_at, reopened_count, first_response_at, "
                       "resolved_at, closed_at, withdrawn_at FROM tickets")
    months = Counter()
    for (category, created, urgency, status, respond, resolve, reopened, first, resolved,
         closed, withdrawn) in rows:
        created = _aware(created)
        if category == HEATING:
            months[created.astimezone(TZ).month in (11, 12, 1, 2, 3)] += 1
        sla = sla_for(category, emergency=urgency == "emergency")
        assert _aware(respond) - created == sla.respond
        if not reopened:
            assert _aware(resolve) - created == sla.resolve
        assert TicketStatus(status)
        assert (status == "closed") == (closed is not None)
        assert (status == "withdrawn") == (withdrawn is not None)
        assert (status in ("resolved", "closed")) == (resolved is not None)
        if first is not None:
            assert _aware(first) > created
    assert months[True] >= 10 * max(months[False], 1) and months[True] > 20
    statuses = {r[3] for r in rows}
    assert {"closed", "withdrawn"} <= statuses and statuses & {"new", "claimed", "resolved"}


def _aware(value):
    from datetime import UTC, datetime

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def test_surveys_include_unhappy_answers_and_no_answers_and_latest_rounds(
        migrated_db_url):
    await _seeded(migrated_db_url, _plan(tickets=500))
    surveys = await _rows(migrated_db_url, "SELECT ticket_id, resident_id, round, status, "
                          "solved, recurred, satisfaction, is_latest FROM surveys")
    statuses = Counter(s[3] for s in surveys)
    assert statuses["answered"] > statuses["expired"] > 0 and statuses["cancelled"] > 0
    assert any(s[6] == "dissatisfied" for s in surveys)
    assert any(s[4] == "no" for s in surveys) or any(s[5] for s in surveys)
    assert all(s[6] is None for s in surveys if s[3] != "answered")
    answered: dict[tuple, list[int]] = {}
    for ticket, resident, round_, status, *_ in surveys:
        if status == "answered":
            answered.setdefault((ticket, resident), []).append(round_)
    latest = {(s[0], s[1]): s[2] for s in surveys if s[7]}
    assert latest == {key: max(rounds) for key, rounds in answered.items()}
    reopened = await _rows(migrated_db_url, "SELECT t.reopened_count, (SELECT count(*) FROM "
                           "ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'reopened') "
                           "FROM tickets t WHERE t.reopened_count > 0")
    assert reopened and all(count == events for count, events in reopened)


async def test_exclusions_carry_a_reason_and_a_supervisor(migrated_db_url):
    await _seeded(migrated_db_url, _plan(tickets=500))
    rows = await _rows(migrated_db_url, "SELECT t.exclusion_reason, s.role, (SELECT count(*) "
                       "FROM ticket_events e WHERE e.ticket_id = t.id AND e.kind = 'excluded') "
                       "FROM tickets t LEFT JOIN staff_members s ON s.id = t.excluded_by "
                       "WHERE t.excluded_from_kpi")
    assert rows
    assert all(reason and role == "supervisor" and events == 1 for reason, role, events in rows)


async def test_the_kpi_summary_is_what_the_unit_of_work_would_keep(migrated_db_url):
    await _seeded(migrated_db_url, _plan())
    sql = f"SELECT id, {', '.join(KPI)} FROM tickets ORDER BY id"
    seeded = await _rows(migrated_db_url, sql)
    assert sum(r[1] for r in seeded) > 0 and sum(r[6] for r in seeded) > 0
    async with _factory(migrated_db_url) as uow_factory, uow_factory() as uow:
        await uow.session.execute(text(f"UPDATE tickets SET {', '.join(f'{k} = 0' for k in KPI)}"))
        await ticket_kpi.refresh(uow.session)
        recomputed = [tuple(r) for r in (await uow.session.execute(text(sql))).all()]
    assert seeded == recomputed


async def test_a_seeded_database_is_refused_unless_forced(migrated_db_url):
    calls = []
    await _seeded(migrated_db_url, _plan(tickets=200), progress=lambda d, t: calls.append(d))
    assert calls == list(range(20, 201, 20))
    with pytest.raises(AlreadySeeded):
        await _seeded(migrated_db_url, _plan(tickets=50))
    await _seeded(migrated_db_url, _plan(tickets=50), force=True)
    codes = [r[0] for r in await _rows(migrated_db_url, "SELECT code FROM tickets")]
    assert len(codes) == len(set(codes)) == 250
    async with _factory(migrated_db_url) as uow_factory, uow_factory() as uow:
        day = date.fromisoformat(max(codes).split("-")[1])
        last = await uow.counters.next_ticket_code(day)  # live tickets continue the numbers
        assert last not in codes
        ticket = await uow.tickets.get_by_code(max(codes))  # the ORM reads what was written
        assert ticket.created_at.tzinfo is not None and ticket.version == 1
        events = await uow.session.scalars(select(TicketEvent)
                                           .where(TicketEvent.ticket_id == ticket.id))
        assert [e.payload for e in events if e.kind == "opened"] == [
            {"emergency": ticket.urgency == "emergency", "photos": 0}]
        resident = await add_resident(uow)  # and new rows get fresh ids (sequences moved on)
        await add_ticket(uow, resident.id)
        await uow.commit()


async def test_descriptions_come_from_a_history_when_there_is_one(migrated_db_url, tmp_path):
    history = tmp_path / "history.tsv"
    titles = ["小区暖气一直不热，老人受不了", "暖气片漏水泡了地板"]
    history.write_text("text\tlabel\n" + "".join(f"{t}\t城乡建设\n" for t in titles),
                       encoding="utf-8")
    await _seeded(migrated_db_url, _plan(history=tuple(read_history(history))))
    rows = await _rows(migrated_db_url, f"SELECT description FROM tickets "
                       f"WHERE category = '{HEATING}'")
    assert {r[0] for r in rows} & set(titles)


def test_the_demo_categories_are_in_the_taxonomy():
    taxonomy = load_taxonomy()
    assert all(taxonomy.is_node(kind.category) for kind in load_kinds())
