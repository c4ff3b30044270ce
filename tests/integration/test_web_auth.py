"""Web view login (issue 24) on real SQLite and PostgreSQL: one-time links, sessions,
timeouts, logout, and who sees what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.web import auth
from domain.web.access import viewer_for
from storage.models import StaffMember, Unit, UnitMember

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
IDLE = timedelta(minutes=30)


async def staff(uow, tg: int, role="supervisor", **fields) -> StaffMember:
    return await uow.staff.add(StaffMember(telegram_user_id=tg, display_name=f"员工{tg}",
                                           role=role, **fields))


@pytest.fixture
async def people(uow_factory):
    async with uow_factory() as uow:
        boss = await staff(uow, 1, street_leader=True)
        worker = await staff(uow, 2, role="worker")
        loner = await staff(uow, 3, role="worker")
        gone = await staff(uow, 4, active=False)
        c1 = await uow.units.add(Unit(code="c1", name="一社区", kind="community"))
        desk = await uow.units.add(Unit(code="desk", name="接诉即办中心", kind="desk"))
        desk_man = await staff(uow, 5, role="worker")
        uow.session.add(UnitMember(staff_id=worker.id, unit_id=c1.id, role="worker"))
        uow.session.add(UnitMember(staff_id=desk_man.id, unit_id=desk.id, role="worker"))
        await uow.commit()
        return {"boss": boss.id, "worker": worker.id, "loner": loner.id, "gone": gone.id,
                "desk_man": desk_man.id, "c1": c1.id}


async def test_a_link_logs_in_once_and_a_get_does_not_use_it(uow_factory, people):
    issued = await auth.issue_link(uow_factory, 1, NOW)
    assert issued.expires_at == NOW + timedelta(minutes=auth.LINK_MINUTES)
    for _ in range(3):  # a link-preview fetcher GETs the page: the link stays good
        await auth.check_link(uow_factory, issued.token, NOW + timedelta(minutes=1))
    session = await auth.log_in(uow_factory, issued.token, NOW + timedelta(minutes=2))
    with pytest.raises(auth.LinkRefused):
        await auth.log_in(uow_factory, issued.token, NOW + timedelta(minutes=3))
    with pytest.raises(auth.LinkRefused):
        await auth.check_link(uow_factory, issued.token, NOW + timedelta(minutes=3))
    current = await auth.current(uow_factory, session.token, NOW + timedelta(minutes=3), IDLE)
    assert current.viewer.staff_id == people["boss"] and current.csrf == session.csrf


async def test_expired_unknown_and_not_staff_links_are_refused(uow_factory, people):
    issued = await auth.issue_link(uow_factory, 1, NOW)
    late = NOW + timedelta(minutes=auth.LINK_MINUTES, seconds=1)
    with pytest.raises(auth.LinkRefused):
        await auth.check_link(uow_factory, issued.token, late)
    with pytest.raises(auth.LinkRefused):
        await auth.log_in(uow_factory, issued.token, late)
    with pytest.raises(auth.LinkRefused):
        await auth.log_in(uow_factory, "made-up-token", NOW)
    for outsider in (999, 4):  # a resident; a staff member no longer active
        with pytest.raises(auth.NotStaff):
            await auth.issue_link(uow_factory, outsider, NOW)


async def test_only_hashes_of_tokens_are_stored(uow_factory, people):
    issued = await auth.issue_link(uow_factory, 1, NOW)
    session = await auth.log_in(uow_factory, issued.token, NOW)
    async with uow_factory() as uow:
        assert await uow.web_auth.link(issued.token) is None
        assert await uow.web_auth.session_of(session.token) is None
        assert await uow.web_auth.session_of(auth.digest(session.token)) is not None


async def test_idle_timeout_max_age_and_logout(uow_factory, people):
    token = (await auth.log_in(uow_factory, (await auth.issue_link(uow_factory, 1, NOW)).token,
                               NOW)).token
    step = NOW
    for _ in range(3):  # activity keeps it alive past the idle time
        step += timedelta(minutes=20)
        assert await auth.current(uow_factory, token, step, IDLE) is not None
    assert await auth.current(uow_factory, token, step + IDLE, IDLE) is None  # idle too long
    token = (await auth.log_in(uow_factory, (await auth.issue_link(uow_factory, 1, NOW)).token,
                               NOW)).token
    at = NOW
    while at < NOW + timedelta(hours=auth.MAX_HOURS) - timedelta(minutes=20):
        at += timedelta(minutes=20)
        assert await auth.current(uow_factory, token, at, IDLE) is not None
    assert await auth.current(uow_factory, token, NOW + timedelta(hours=auth.MAX_HOURS),
                              IDLE) is None
    token = (await auth.log_in(uow_factory, (await auth.issue_link(uow_factory, 1, NOW)).token,
                               NOW)).token
    current = await auth.current(uow_factory, token, NOW, IDLE)
    await auth.log_out(uow_factory, current.token_hash, NOW)
    assert await auth.current(uow_factory, token, NOW, IDLE) is None


async def test_a_session_ends_when_the_person_is_no_longer_staff(uow_factory, people):
    token = (await auth.log_in(uow_factory, (await auth.issue_link(uow_factory, 2, NOW)).token,
                               NOW)).token
    async with uow_factory() as uow:
        (await uow.staff.get(people["worker"])).active = False
        await uow.commit()
    assert await auth.current(uow_factory, token, NOW, IDLE) is None


async def test_viewers_see_their_units_or_the_street(uow_factory, people):
    async with uow_factory() as uow:
        seen = {name: (await viewer_for(uow, await uow.staff.get(people[name]))).unit_ids
                for name in ("boss", "worker", "loner", "desk_man")}
    assert seen == {"boss": None, "worker": frozenset({people["c1"]}), "loner": None,
                    "desk_man": None}


async def test_the_cookie_key_is_made_once_per_database(uow_factory, people):
    first = await auth.cookie_key(uow_factory)
    assert first == await auth.cookie_key(uow_factory) and len(first) == 64
    assert await auth.cookie_key(uow_factory, "configured") == "configured"
    value = auth.sign(first, "tok")
    assert auth.unsign(first, value) == "tok"
    assert auth.unsign(first, value[:-1] + ("0" if value[-1] != "0" else "1")) is None
    assert auth.unsign("another key", value) is None
    assert auth.unsign(first, None) is None and auth.unsign(first, "nodot") is None
