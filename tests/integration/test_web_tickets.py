"""The web view's ticket list and ticket story (issue 24) on real SQLite and PostgreSQL:
filters, keyset paging, capped counts, unit scoping and the audited contact view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.web import tickets as web_tickets
from domain.web.tickets import NotVisible, listing, story
from domain.web.viewer import Viewer
from storage.models import StaffMember, Unit, WorkOrder
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)  # 14:00 in Beijing
H = timedelta(hours=1)
ALL = Viewer(staff_id=0, display_name="boss", role="supervisor", street_leader=True,
             unit_ids=None)


def unit_viewer(*unit_ids: int) -> Viewer:
    return Viewer(staff_id=0, display_name="w", role="worker", street_leader=False,
                  unit_ids=frozenset(unit_ids))


@pytest.fixture
async def data(uow_factory):
    async with uow_factory() as uow:
        c1 = await uow.units.add(Unit(code="c1", name="一社区", kind="community"))
        c2 = await uow.units.add(Unit(code="c2", name="二社区", kind="community"))
        gas = await uow.units.add(Unit(code="gas", name="燃气公司", kind="department"))
        worker = await uow.staff.add(StaffMember(telegram_user_id=77, display_name="小李",
                                                 role="worker"))
        who = (await add_resident(uow)).id
        codes = {}
        # c1: an overdue heating ticket, a closed reopened one, an excluded one
        codes["late"] = (await add_ticket(uow, who, code="W-1", unit_id=c1.id,
                                          created_at=NOW - 3 * H, respond_due_at=NOW - H,
                                          problem_type="heating_cold", building="3",
                                          contact_phone="13812345678", assignee_id=worker.id,
                                          status="claimed")).code
        codes["reopened"] = (await add_ticket(uow, who, code="W-2", unit_id=c1.id,
                                              created_at=datetime(2026, 11, 20, tzinfo=UTC),
                                              status="closed", reopened_count=1,
                                              building="5")).code
        codes["excluded"] = (await add_ticket(uow, who, code="W-3", unit_id=c1.id,
                                              created_at=datetime(2026, 11, 21, tzinfo=UTC),
                                              status="closed", excluded_from_kpi=True,
                                              building="第5栋", urgency="emergency")).code
        # c2 holds one; the gas company has an order on it
        other = await add_ticket(uow, who, code="W-4", unit_id=c2.id, created_at=NOW - H,
                                 building="9", description="楼道有燃气味，电话13900001111")
        uow.session.add(WorkOrder(ticket_id=other.id, unit_id=gas.id, status="open",
                                  dispatched_at=NOW - H / 2))
        await uow.events.append(other.id, "opened", "resident", who, at=NOW - H)
        await uow.events.append(other.id, "dispatched", "staff", worker.id, at=NOW - H / 2)
        await uow.commit()
        return {"c1": c1.id, "c2": c2.id, "gas": gas.id, "worker": worker.id, **codes}


async def codes_of(uow_factory, viewer, **query) -> list[str]:
    found = await listing(uow_factory, viewer, {k: str(v) for k, v in query.items()}, NOW, TZ)
    return [r.code for r in found.rows]


async def test_filters(uow_factory, data):
    assert await codes_of(uow_factory, ALL) == ["W-4", "W-3", "W-2", "W-1"]
    assert await codes_of(uow_factory, ALL, state="overdue") == ["W-1"]
    rows = (await listing(uow_factory, ALL, {}, NOW, TZ)).rows
    assert [r.code for r in rows if r.overdue] == ["W-1"]  # the list's mark: the same rule
    assert await codes_of(uow_factory, ALL, state="open") == ["W-4", "W-1"]
    assert await codes_of(uow_factory, ALL, state="closed") == ["W-3", "W-2"]
    assert await codes_of(uow_factory, ALL, type="heating_cold") == ["W-1"]
    assert await codes_of(uow_factory, ALL, building="5") == ["W-3", "W-2"]
    assert await codes_of(uow_factory, ALL, unit="gas") == ["W-4"]  # by its order
    assert await codes_of(uow_factory, ALL, unit="c1", period="2026-11") == ["W-3", "W-2"]
    assert await codes_of(uow_factory, ALL, period="today") == ["W-4", "W-1"]
    assert await codes_of(uow_factory, ALL, period="2026-11-21") == ["W-3"]
    assert await codes_of(uow_factory, ALL, worker=data["worker"]) == ["W-1"]
    assert await codes_of(uow_factory, ALL, urgency="emergency") == ["W-3"]
    assert await codes_of(uow_factory, ALL, reopened=1) == ["W-2"]
    assert await codes_of(uow_factory, ALL, excluded=1) == ["W-3"]


async def test_nonsense_filters_are_dropped_and_named(uow_factory, data):
    found = await listing(uow_factory, ALL, {"state": "lost", "period": "2026-13",
                                             "unit": "nope", "worker": "x1", "urgency": "?"},
                          NOW, TZ)
    assert sorted(found.ignored) == ["period", "state", "unit", "urgency", "worker"]
    assert len(found.rows) == 4 and found.applied == {}


async def test_keyset_pages_and_a_capped_count(uow_factory, data, monkeypatch):
    monkeypatch.setattr(web_tickets, "PAGE_SIZE", 3)
    monkeypatch.setattr(web_tickets, "COUNT_CAP", 2)
    first = await listing(uow_factory, ALL, {}, NOW, TZ)
    assert [r.code for r in first.rows] == ["W-4", "W-3", "W-2"]
    assert first.capped and first.total == 2
    second = await listing(uow_factory, ALL, {"before": str(first.next_before)}, NOW, TZ)
    assert [r.code for r in second.rows] == ["W-1"] and second.next_before is None
    exact = await listing(uow_factory, ALL, {"building": "5"}, NOW, TZ)
    assert exact.total == 2 and not exact.capped


async def test_a_unit_sees_its_own_tickets_only(uow_factory, data):
    c1 = unit_viewer(data["c1"])
    assert await codes_of(uow_factory, c1) == ["W-3", "W-2", "W-1"]
    assert await codes_of(uow_factory, unit_viewer(data["gas"])) == ["W-4"]
    assert await codes_of(uow_factory, c1, unit="gas") == ["W-3", "W-2", "W-1"]  # not widened
    assert (await listing(uow_factory, c1, {}, NOW, TZ)).units == [("c1", "一社区")]
    assert len((await listing(uow_factory, ALL, {}, NOW, TZ)).units) == 4  # + the default
    with pytest.raises(NotVisible):
        await story(uow_factory, c1, "W-4")
    with pytest.raises(NotVisible):
        await story(uow_factory, ALL, "NO-SUCH")
    assert (await story(uow_factory, unit_viewer(data["gas"]), "W-4")).ticket.code == "W-4"


async def test_the_story_and_the_audited_contact(uow_factory, data):
    told = await story(uow_factory, ALL, "W-4")
    assert [e.kind for e in told.timeline] == ["opened", "dispatched"]
    assert told.timeline[1].actor == "小李" and told.timeline[0].actor is None
    assert [name for _, name in told.orders] == ["燃气公司"]
    assert "13900001111" not in told.description and "139****1111" in told.description
    masked = await story(uow_factory, ALL, "W-1")
    assert masked.phone_masked == "138****5678" and masked.phone is None
    viewer = Viewer(staff_id=data["worker"], display_name="小李", role="worker",
                    street_leader=False, unit_ids=None)
    shown = await story(uow_factory, viewer, "W-1", reveal=True, now=NOW)
    assert shown.phone == "13812345678"
    again = await story(uow_factory, ALL, "W-1")
    audit = [e for e in again.timeline if e.kind == "contact_shown"]
    assert len(audit) == 1 and audit[0].actor == "小李"
