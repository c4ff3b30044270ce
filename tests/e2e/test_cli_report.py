"""`frontdoor report kpi` as a user runs it, on a small hand-checked data set."""

import csv
import io
from datetime import UTC, datetime, timedelta

from storage.db import make_engine, make_session_factory
from storage.models import StaffMember, Survey
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.integration.factories import add_resident, add_ticket

T0 = datetime(2026, 10, 12, 9, tzinfo=UTC)


async def _seed(tmp_path) -> None:
    """Two counted tickets (one solved and satisfied, one not), one still within its response
    time (not in the response rate), one excluded, one in November."""
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    factory = make_session_factory(engine)
    try:
        async with SqlUnitOfWork(factory) as uow:
            worker = await uow.staff.add(StaffMember(telegram_user_id=9002, display_name="王",
                                                     role="worker"))
            resident = await add_resident(uow)
            due = T0 + timedelta(hours=2)
            good = await add_ticket(uow, resident.id, created_at=T0, assignee_id=worker.id,
                                    respond_due_at=due, first_response_at=T0)
            bad = await add_ticket(uow, resident.id, created_at=T0, assignee_id=worker.id,
                                   respond_due_at=due, first_response_at=due + timedelta(hours=1))
            await add_ticket(uow, resident.id, created_at=T0, assignee_id=worker.id,
                             respond_due_at=datetime.now(UTC) + timedelta(days=1))
            await add_ticket(uow, resident.id, created_at=T0, excluded_from_kpi=True,
                             exclusion_reason="不属于社区管辖", excluded_by=worker.id)
            await add_ticket(uow, resident.id, created_at=T0 + timedelta(days=30))
            await uow.surveys.add_all([
                Survey(ticket_id=good.id, resident_id=resident.id, round=1, status="answered",
                       due_at=T0, solved="yes", satisfaction="basic", is_latest=True),
                Survey(ticket_id=bad.id, resident_id=resident.id, round=1, status="expired",
                       due_at=T0),
            ])
            await uow.commit()
    finally:
        await engine.dispose()


async def test_report_kpi_as_csv_and_markdown(tmp_path):
    await _seed(tmp_path)
    result = _run(["report", "kpi", "--from", "2026-10-01", "--to", "2026-10-31",
                   "--format", "csv"], tmp_path, FRONTDOOR_KPI_BASIC_WEIGHT="0.5")
    assert result.returncode == 0, result.stderr
    table, excluded = result.stdout.split("\n\n")
    rows = list(csv.DictReader(io.StringIO(table)))
    [total] = [r for r in rows if r["dimension"] == "total"]
    assert (total["tickets"], total["response_rate"], total["resolution_rate"],
            total["satisfaction_rate"], total["answered"], total["no_answer"],
            total["pending_response"]) == ("3", "0.5000", "1.0000", "0.5000", "1", "1", "1")
    [worker] = [r for r in rows if r["dimension"] == "worker"]
    assert worker["key"] == "王" and worker["tickets"] == "3"
    [header, line] = list(csv.reader(io.StringIO(excluded)))
    assert header[0] == "excluded_code" and line[2:] == ["不属于社区管辖", "王"]

    md = _run(["report", "kpi", "--from", "2026-10-01", "--to", "2026-10-31"], tmp_path)
    assert md.returncode == 0, md.stderr
    assert "| total |  | 3 | 0.5000 | 1.0000 | 0.8000 | 1 | 1 | 0 | 1 |" in md.stdout
    assert "## Excluded tickets (1)" in md.stdout and "不属于社区管辖" in md.stdout


def test_report_kpi_rejects_a_bad_date_in_one_line(tmp_path):
    result = _run(["report", "kpi", "--from", "October", "--to", "2026-10-31"], tmp_path)
    assert result.returncode == 2
    assert "--from" in result.stderr and "Traceback" not in result.stderr
    assert _run(["report", "kpi", "--help"], tmp_path).returncode == 0


async def test_report_kpi_by_unit_ranks_units_with_last_month_beside(tmp_path):
    from storage.models.units import Unit, WorkOrder
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            heat = Unit(code="heat", name="供热公司", kind="service")
            water = Unit(code="water", name="自来水公司", kind="service")
            uow.session.add_all([heat, water])
            await uow.session.flush()
            resident = await add_resident(uow)
            for month in (0, 1):  # October, then November
                sent = T0 + timedelta(days=31 * month)
                ticket = await add_ticket(uow, resident.id, created_at=sent)
                for unit, late in ((heat, month == 1), (water, month == 0)):
                    uow.session.add(WorkOrder(
                        ticket_id=ticket.id, unit_id=unit.id, status="done", dispatched_at=sent,
                        respond_due_at=sent + timedelta(hours=2),
                        first_response_at=sent + timedelta(hours=3 if late else 1)))
            await uow.commit()
    finally:
        await engine.dispose()
    result = _run(["report", "kpi", "--by", "unit", "--from", "2026-11-01", "--to",
                   "2026-11-30", "--format", "csv"], tmp_path)
    assert result.returncode == 0, result.stderr
    table, _excluded = result.stdout.split("\n\n")
    rows = {r["unit"]: r for r in csv.DictReader(io.StringIO(table))}
    # November: water answered in time (rank 1), heat late; October the other way round
    assert (rows["自来水公司"]["rank"], rows["自来水公司"]["last_rank"]) == ("1", "2")
    assert (rows["供热公司"]["rank"], rows["供热公司"]["last_rank"]) == ("2", "1")
    assert rows["供热公司"]["response_rate"] == "0.0000"
    md = _run(["report", "kpi", "--by", "unit", "--from", "2026-11-01", "--to", "2026-11-30"],
              tmp_path)
    assert md.returncode == 0 and "考核排名" in md.stdout and "| 1 | 2 | 自来水公司 |" in md.stdout
