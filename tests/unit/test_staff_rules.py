from datetime import UTC, datetime, timedelta

from domain.deadlines import _soon
from domain.staff.actions import meaningful
from domain.staff.roster import Role, Staff, may
from domain.staff.views import mask_phone
from domain.tickets import Action


def test_phone_is_masked():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "861****5678"
    assert mask_phone(None) == "—"


def test_roles_and_the_assignee():
    worker, boss = Staff(1, 11, "王", Role.WORKER), Staff(2, 12, "李", Role.SUPERVISOR)
    assert may(worker, Action.CLAIM, None)
    assert not may(worker, Action.RESOLVE, None) and may(worker, Action.RESOLVE, 1)
    assert not may(worker, Action.EXCLUDE, 1) and may(boss, Action.EXCLUDE, None)
    assert not may(worker, Action.REOPEN, 1) and may(boss, Action.REOPEN, 1)


def test_a_reason_needs_two_real_characters():
    assert meaningful(" - ") is None and meaningful("。。") is None
    assert meaningful(" 重复工单 ") == "重复工单"


def test_soon_is_before_the_deadline_but_not_too_early():
    opened = datetime(2026, 1, 1, tzinfo=UTC)
    assert _soon(opened, opened + timedelta(hours=24), timedelta(hours=1)) == \
        opened + timedelta(hours=23)
    assert _soon(opened, opened + timedelta(minutes=30), timedelta(hours=1)) == \
        opened + timedelta(minutes=15)


def test_a_flat_reads_as_residents_write_it():
    from domain.staff.views import flat_of

    assert flat_of("3", "2", "501") == "3号楼2单元501"
    assert flat_of("3号楼", "2单元", None) == "3号楼2单元"
    assert flat_of("7", None, None) == "7号楼"
    assert flat_of(None, None, None, "小区东门垃圾站") == "小区东门垃圾站"
    assert flat_of(None, None, None) == "—"
