"""`frontdoor report tickets --format csv` as a supervisor runs it: a list Excel opens
(UTF-8 with a BOM), local dates and times, masked phones, and the filters."""

import csv
import io
from datetime import UTC, datetime

from storage.db import make_engine, make_session_factory
from storage.models import StaffMember
from storage.uow import SqlUnitOfWork
from tests.e2e.test_cli import _run
from tests.integration.factories import add_resident, add_ticket

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
LAMP = "城乡建设/城市建设和市政管理/路灯照明"


async def _seed(tmp_path) -> None:
    """Four tickets: two in November (local time; one opened 01:00 on 1 November, which is
    still October in UTC), one on 30 November late evening local, one in December."""
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            worker = await uow.staff.add(StaffMember(telegram_user_id=9002, display_name="王",
                                                     role="worker"))
            r = await add_resident(uow)
            await add_ticket(uow, r.id, code="JS-20261101-0001", building="5", category=HEATING,
                             description="暖气不热 电话13812345678", status="claimed",
                             contact_phone="13812345678", contact_phone_normalized="13812345678",
                             assignee_id=worker.id,
                             created_at=datetime(2026, 10, 31, 17, 0, tzinfo=UTC))
            await add_ticket(uow, r.id, code="JS-20261115-0002", building="7", category=LAMP,
                             description="路灯不亮", status="new",
                             created_at=datetime(2026, 11, 15, 2, 0, tzinfo=UTC))
            await add_ticket(uow, r.id, code="JS-20261130-0003", building="5号楼",
                             category=LAMP, description="楼道灯坏了", status="closed",
                             created_at=datetime(2026, 11, 30, 15, 30, tzinfo=UTC))
            await add_ticket(uow, r.id, code="JS-20261201-0004", building="5", category=HEATING,
                             created_at=datetime(2026, 12, 1, 16, 30, tzinfo=UTC))
            await uow.commit()
    finally:
        await engine.dispose()


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


async def test_report_tickets_writes_a_spreadsheet_list(tmp_path):
    await _seed(tmp_path)
    out = tmp_path / "tickets.csv"
    result = _run(["report", "tickets", "--from", "2026-11-01", "--to", "2026-11-30",
                   "--format", "csv", "--output", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    rows = _rows(out.read_bytes())
    assert [r["工单号"] for r in rows] == ["JS-20261101-0001", "JS-20261115-0002",
                                          "JS-20261130-0003"]
    first = rows[0]
    assert first["登记时间"] == "2026-11-01 01:00"  # Beijing time, not UTC
    assert first["状态"] == "处理中" and first["负责人"] == "王" and first["楼号"] == "5"
    assert first["电话（隐去中间四位）"] == "138****5678" and "冬季采暖" in first["类别"]
    assert "13812345678" not in out.read_text(encoding="utf-8-sig")  # not in the words either
    assert rows[2]["登记时间"] == "2026-11-30 23:30"

    stdout = _run(["report", "tickets", "--from", "2026-11-01", "--to", "2026-11-30",
                   "--status", "new,closed", "--building", "5号楼", "--format", "csv"],
                  tmp_path)
    assert stdout.returncode == 0, stdout.stderr
    assert stdout.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(stdout.stdout.lstrip("\ufeff"))))
    assert [r["工单号"] for r in rows] == ["JS-20261130-0003"]  # 5 and 5号楼 are one building

    lamps = _run(["report", "tickets", "--from", "2026-11-01", "--to", "2026-12-31",
                  "--category", "路灯照明"], tmp_path)
    assert [r["工单号"] for r in csv.DictReader(io.StringIO(lamps.stdout.lstrip("\ufeff")))] \
        == ["JS-20261115-0002", "JS-20261130-0003"]


def test_report_tickets_help_and_bad_input(tmp_path):
    helped = _run(["report", "tickets", "--help"], tmp_path)
    assert helped.returncode == 0 and "--status" in helped.stdout and "BOM" not in helped.stderr
    assert "Excel" in helped.stdout and "--building" in helped.stdout
    bad = _run(["report", "tickets", "--from", "2026-11-01", "--to", "2026-11-30",
                "--status", "open"], tmp_path)
    assert bad.returncode == 2 and "unknown state" in bad.stderr and "Traceback" not in bad.stderr
