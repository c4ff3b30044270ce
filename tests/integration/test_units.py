"""Units on real SQLite and PostgreSQL: the default, adding, routing, importing a file."""

from __future__ import annotations

import pytest

from domain.units import datafile, registry
from domain.units.kinds import Route, UnitError, UnitKind
from domain.units.routing import home_unit
from storage.models import StaffMember

KINDS = {"供热", "物业", "城管"}
FILE = {
    "units": [
        {"code": "desk", "name": "街道平台", "kind": "desk", "chat_id": -1001000000010},
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": -1001000000011,
         "buildings": [1, "2号楼"]},
        {"code": "js-2", "name": "二社区", "kind": "community", "chat_id": -1001000000012,
         "buildings": [3]},
        {"code": "heat", "name": "供热公司", "kind": "service", "chat_id": -1001000000020,
         "department_kinds": ["供热"]},
    ],
    "staff": [{"telegram_user_id": 7001, "name": "王芳", "street_leader": True,
               "units": {"js-1": "supervisor", "heat": "worker"}}],
}


async def _home(uow_factory, building):
    async with uow_factory() as uow:
        unit = await home_unit(uow, building)
        return unit.code if unit else None


async def test_with_no_configuration_one_community_works_in_the_staff_chat(uow_factory):
    rows = await registry.listing(uow_factory)
    assert [(r.code, r.kind, r.chat_id) for r in rows] == [
        ("community", UnitKind.COMMUNITY, None)]
    assert await _home(uow_factory, "5号楼") == "community"
    assert await _home(uow_factory, None) == "community"


async def test_add_refuses_a_used_code_or_group(uow_factory):
    await registry.add_unit(uow_factory, "js-1", "一社区", "community", -1001000000011)
    with pytest.raises(UnitError, match="exists already"):
        await registry.add_unit(uow_factory, "js-1", "again", "community")
    with pytest.raises(UnitError, match="group of unit js-1"):
        await registry.add_unit(uow_factory, "js-2", "二社区", "community", -1001000000011)
    with pytest.raises(UnitError, match="unit kind"):
        await registry.add_unit(uow_factory, "js-3", "三社区", "street")
    assert [r.code for r in await registry.listing(uow_factory)] == ["community", "js-1"]


async def test_buildings_go_to_communities_and_kinds_to_departments(uow_factory):
    await registry.add_unit(uow_factory, "js-1", "一社区", "community")
    await registry.add_unit(uow_factory, "heat", "供热公司", "service")
    done = await registry.map_route(uow_factory, Route.BUILDING, ["1", "2号楼", "第2栋"], "js-1")
    assert done.keys == ["1", "2"]
    with pytest.raises(UnitError, match="a building goes to a community; heat is a service"):
        await registry.map_route(uow_factory, Route.BUILDING, ["3"], "heat")
    with pytest.raises(UnitError, match="a kind goes to a department or service"):
        await registry.map_route(uow_factory, Route.KIND, ["供热"], "js-1", KINDS)
    with pytest.raises(UnitError, match="department kind '暖'"):
        await registry.map_route(uow_factory, Route.KIND, ["暖"], "heat", KINDS)
    with pytest.raises(UnitError, match="no unit 'nope'"):
        await registry.map_route(uow_factory, Route.BUILDING, ["3"], "nope")
    await registry.map_route(uow_factory, Route.KIND, ["供热"], "heat", KINDS)
    rows = {r.code: r for r in await registry.listing(uow_factory)}
    assert rows["js-1"].buildings == ("1", "2") and rows["heat"].kinds == ("供热",)
    moved = await registry.map_route(uow_factory, Route.BUILDING, ["2"], "community")
    assert moved.moved == {"2": "js-1"}


async def test_a_ticket_goes_to_its_buildings_community_else_to_the_desk(uow_factory):
    await datafile.apply(uow_factory, datafile.read_plan(FILE, KINDS))
    assert await _home(uow_factory, "1") == "js-1"
    assert await _home(uow_factory, "2栋") == "js-1"
    assert await _home(uow_factory, "3号楼") == "js-2"
    assert await _home(uow_factory, "9") == "desk"  # not mapped
    assert await _home(uow_factory, None) == "desk"  # unknown


async def test_import_is_idempotent_and_sets_roles_per_unit(uow_factory):
    plan = datafile.read_plan(FILE, KINDS)
    first = await datafile.apply(uow_factory, plan)
    assert first.added == ["desk", "js-1", "js-2", "heat"] and first.routes == 4
    again = await datafile.apply(uow_factory, plan)
    assert again.added == [] and again.updated == ["desk", "js-1", "js-2", "heat"]
    rows = {r.code: r for r in await registry.listing(uow_factory)}
    assert len(rows) == 5 and rows["js-1"].members == 1 and rows["heat"].members == 1
    assert rows["js-1"].buildings == ("1", "2") and rows["js-2"].buildings == ("3",)
    async with uow_factory() as uow:
        person = await uow.staff.get_by_telegram_id(7001)
        roles = {m.unit_id: m.role for m in await uow.units.memberships(person.id)}
        assert person.street_leader and person.role == "supervisor"
        assert roles == {rows["js-1"].id: "supervisor", rows["heat"].id: "worker"}


async def test_import_keeps_an_existing_members_global_role(uow_factory):
    async with uow_factory() as uow:
        await uow.staff.add(StaffMember(telegram_user_id=7001, display_name="admin",
                                        role="admin"))
        await uow.commit()
    await datafile.apply(uow_factory, datafile.read_plan(FILE, KINDS))
    async with uow_factory() as uow:
        person = await uow.staff.get_by_telegram_id(7001)
        assert person.role == "admin" and person.display_name == "王芳"


async def test_an_import_naming_an_unknown_unit_changes_nothing(uow_factory):
    plan = datafile.read_plan({
        "units": [{"code": "js-9", "name": "九社区", "kind": "community"}],
        "staff": [{"telegram_user_id": 1, "name": "a", "units": {"nowhere": "worker"}}],
    }, KINDS)
    with pytest.raises(UnitError, match="no unit 'nowhere'"):
        await datafile.apply(uow_factory, plan)
    assert [r.code for r in await registry.listing(uow_factory)] == ["community"]


async def test_an_import_taking_another_units_group_is_refused(uow_factory):
    await registry.add_unit(uow_factory, "old", "旧", "community", -1001000000011)
    with pytest.raises(UnitError, match="group of unit old"):
        await datafile.apply(uow_factory, datafile.read_plan(FILE, KINDS))
    assert [r.code for r in await registry.listing(uow_factory)] == ["community", "old"]
