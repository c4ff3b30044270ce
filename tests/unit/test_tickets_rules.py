from datetime import UTC, datetime, timedelta

import pytest

from domain.sla import sla_for
from domain.tickets import Action, InvalidTransition, TicketStatus, allowed_actions, next_status


def test_happy_life_cycle():
    status = TicketStatus.NEW
    for action in (Action.CLAIM, Action.RESOLVE, Action.CLOSE):
        status = next_status(status, action)
    assert status is TicketStatus.CLOSED


def test_not_solved_reopens_and_can_be_claimed_again():
    assert next_status("resolved", Action.REOPEN) is TicketStatus.REOPENED
    assert next_status("reopened", Action.CLAIM) is TicketStatus.CLAIMED


@pytest.mark.parametrize(
    ("status", "action"),
    [("new", Action.RESOLVE), ("withdrawn", Action.CLAIM), ("closed", Action.CLAIM),
     ("new", Action.REOPEN), ("resolved", Action.WITHDRAW)],
)
def test_refused_transitions(status, action):
    with pytest.raises(InvalidTransition):
        next_status(status, action)


def test_allowed_actions_for_buttons():
    assert Action.CLAIM in allowed_actions("new")
    assert Action.RESOLVE not in allowed_actions("new")
    assert allowed_actions("withdrawn") == []


def test_sla_longest_prefix_wins():
    heating = sla_for("城乡建设/城市建设和市政管理/冬季采暖")
    assert heating.respond == timedelta(hours=2)
    assert sla_for("城乡建设/城市建设和市政管理/环境卫生").respond == timedelta(hours=12)
    assert sla_for("教育文体/学校").resolve == timedelta(hours=168)
    assert sla_for(None).respond == timedelta(hours=24)


def test_emergency_overrides_category():
    sla = sla_for("教育文体", emergency=True)
    opened = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    respond_by, resolve_by = sla.deadlines(opened)
    assert respond_by == opened + timedelta(minutes=30)
    assert resolve_by == opened + timedelta(hours=24)
