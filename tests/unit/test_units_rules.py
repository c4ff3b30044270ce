"""Units rules that need no database: keys, codes, and checking a units data file."""

from __future__ import annotations

import pytest

from domain.units.datafile import DataFileError, read_plan
from domain.units.kinds import UnitError, UnitKind, UnitRole, building_key, check_code
from domain.units.routing import chat_of
from storage.models import Unit

KINDS = {"供热", "物业", "城管"}


@pytest.mark.parametrize("written", ["5", "5号楼", "5栋", "第5栋", " 5 楼", "5座", "5号"])
def test_every_spelling_of_a_building_is_one_key(written):
    assert building_key(written) == "5"


@pytest.mark.parametrize("written", [None, "", "东边那栋", "5号楼3单元"])
def test_what_is_not_a_building_number_has_no_key(written):
    assert building_key(written) is None


def test_codes_are_short_plain_words():
    assert check_code("js-1") == "js-1"
    for bad in ("", "JS", "劲松", "-x", "a" * 33, "a b"):
        with pytest.raises(UnitError, match="unit code"):
            check_code(bad)


def test_a_good_file_is_read_with_routes_in_their_stored_form():
    plan = read_plan({
        "units": [
            {"code": "desk", "name": "街道平台", "kind": "desk", "chat_id": -1001000000010},
            {"code": "js-1", "name": "一社区", "kind": "community", "buildings": [1, "2号楼"]},
            {"code": "heat", "name": "供热公司", "kind": "service", "department_kinds": ["供热"]},
        ],
        "staff": [{"telegram_user_id": 7, "name": "王芳",
                   "units": {"js-1": "supervisor", "heat": "worker"}, "street_leader": True}],
    }, KINDS)
    assert [u.code for u in plan.units] == ["desk", "js-1", "heat"]
    assert plan.units[0].kind is UnitKind.DESK and plan.units[0].chat_id == -1001000000010
    assert plan.units[1].buildings == ("1", "2") and plan.units[1].chat_id is None
    assert plan.units[2].kinds == ("供热",)
    assert plan.staff[0].units == {"js-1": UnitRole.SUPERVISOR, "heat": UnitRole.WORKER}
    assert plan.staff[0].street_leader is True


def test_every_error_in_a_file_is_named_with_where_it_is():
    with pytest.raises(DataFileError) as raised:
        read_plan({
            "units": [
                {"code": "js-1", "name": "一社区", "kind": "street"},
                {"code": "heat", "name": "供热", "kind": "service", "buildings": [3]},
                {"code": "x", "name": "x", "kind": "department", "department_kinds": ["暖"]},
                {"code": "y", "kind": "community"},
                {"code": "z", "name": "z", "kind": "community", "chat_id": 5},
                {"code": "heat", "name": "again", "kind": "service"},
            ],
            "staff": [{"telegram_user_id": 1, "name": "a", "units": {"js-1": "boss"}},
                      {"telegram_user_id": 2, "name": "b"}],
        }, KINDS)
    errors = raised.value.errors
    assert any(e.startswith("units[0]: unit kind 'street'") for e in errors)
    assert any(e.startswith("units[1]: a service takes no buildings") for e in errors)
    assert any(e.startswith("units[2]: department kind '暖'") for e in errors)
    assert any(e.startswith("units[3]: needs 'name'") for e in errors)
    assert any(e.startswith("units[4]: chat id 5") for e in errors)
    assert "units: repeated heat" in errors
    assert any(e.startswith("staff[0]: role 'boss'") for e in errors)
    assert any(e.startswith("staff[1]: units:") for e in errors)


def test_a_file_that_is_not_a_mapping_is_refused():
    with pytest.raises(DataFileError, match="a mapping"):
        read_plan(["units"], KINDS)


def test_a_unit_without_a_group_of_its_own_works_in_the_configured_staff_group():
    assert chat_of(Unit(chat_id=None), -100123) == -100123
    assert chat_of(Unit(chat_id=-100999), -100123) == -100999
    assert chat_of(None, None) is None
