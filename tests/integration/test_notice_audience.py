"""Whom a notice reaches: exact counts by topic, building/unit and ticket history, on
SQLite and PostgreSQL; unreachable and erased residents never; and the subscription rules
(defaults, toggles, stop all, told once)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.notices import subscriptions as subs
from domain.notices.audience import UnknownTopic, recipients
from domain.notices.topics import KEYS
from storage.models import Resident
from tests.integration.factories import T0, add_resident, add_ticket

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"


async def _town(uow_factory) -> dict[str, int]:
    """Seven residents; see each line for what makes them (not) a recipient."""
    async with uow_factory() as uow:
        r = {
            "home3": await add_resident(uow, building="3", unit="2"),  # defaults only
            "off3": await add_resident(uow, building="3", unit="1"),  # heating turned off
            "ticket5": await add_resident(uow, building="7", unit="1"),  # reported in 5/1
            "blocked5": await add_resident(uow, building="5", unit="1", reachable=False),
            "erased3": await add_resident(uow, building="3", unit="2", erased_at=T0),
            "festive9": await add_resident(uow, building="9", unit="1"),  # festivals on
            "old5": await add_resident(uow, building="5", unit="2"),  # old ticket; water off
        }
        ids = {name: resident.id for name, resident in r.items()}
        await uow.subscriptions.set(ids["off3"], "heating", False)
        await uow.subscriptions.set(ids["festive9"], "festivals", True)
        await uow.subscriptions.set(ids["old5"], "water", False)
        await add_ticket(uow, ids["ticket5"], building="5", unit="1", category=HEATING,
                         created_at=T0 - timedelta(days=60))
        await add_ticket(uow, ids["old5"], building="5", unit="2", category=HEATING,
                         created_at=T0 - timedelta(days=420))
        await add_ticket(uow, ids["blocked5"], building="5", unit="1", category=HEATING,
                         created_at=T0 - timedelta(days=10))
        await uow.commit()
    return ids


async def _names(uow_factory, ids: dict[str, int], *args, **kwargs) -> list[str]:
    by_id = {v: k for k, v in ids.items()}
    async with uow_factory() as uow:
        return [by_id[i] for i in await recipients(uow, *args, now=T0, **kwargs)]


async def test_city_wide_reaches_every_reachable_subscriber_of_the_topic(uow_factory):
    ids = await _town(uow_factory)
    assert await _names(uow_factory, ids, "heating") == ["home3", "ticket5", "festive9", "old5"]
    assert await _names(uow_factory, ids, "water") == ["home3", "off3", "ticket5", "festive9"]
    assert await _names(uow_factory, ids, "festivals") == ["festive9"]  # off by default


async def test_buildings_and_units_match_the_address_or_a_ticket(uow_factory):
    ids = await _town(uow_factory)
    assert await _names(uow_factory, ids, "heating", buildings=["3"]) == ["home3"]
    assert await _names(uow_factory, ids, "heating", buildings=["5"]) == ["ticket5", "old5"]
    assert await _names(uow_factory, ids, "heating", buildings=["3", "9"]) == [
        "home3", "festive9"]
    assert await _names(uow_factory, ids, "heating", units=[("5", "1")]) == ["ticket5"]
    assert await _names(uow_factory, ids, "heating", units=[("5", "2"), ("3", "1")]) == ["old5"]
    assert await _names(uow_factory, ids, "heating", buildings=["9"],
                        units=[("5", "2")]) == ["festive9", "old5"]
    assert await _names(uow_factory, ids, "heating", buildings=["42"]) == []


async def test_ticket_history_by_category_and_months(uow_factory):
    ids = await _town(uow_factory)
    assert await _names(uow_factory, ids, "heating", ticket_category="城乡建设",
                        months=6) == ["ticket5"]
    assert await _names(uow_factory, ids, "heating", ticket_category=HEATING,
                        months=24) == ["ticket5", "old5"]
    assert await _names(uow_factory, ids, "heating", ticket_category="城乡建设") == [
        "ticket5", "old5"]
    assert await _names(uow_factory, ids, "heating", ticket_category="城乡") == []  # no prefix
    assert await _names(uow_factory, ids, "heating", ticket_category="环境保护") == []
    assert await _names(uow_factory, ids, "heating", buildings=["5"], units=[("5", "2")],
                        ticket_category="城乡建设", months=6) == ["ticket5"]


async def test_unknown_topic_is_refused(uow_factory):
    async with uow_factory() as uow:
        with pytest.raises(UnknownTopic):
            await recipients(uow, "gossip")


async def test_subscriptions_defaults_toggle_stop_and_onboarding(uow_factory):
    ids = await _town(uow_factory)
    person = subs.Person(555_000_111, "李叔", "zh")
    states = dict(await subs.topics_of(uow_factory, person))
    assert list(states) == list(KEYS)
    assert [k for k, on in states.items() if not on] == ["festivals"]
    assert not await subs.onboard(uow_factory, person.telegram_user_id)  # /notices told them

    assert dict(await subs.toggle(uow_factory, person, "heating"))["heating"] is False
    assert dict(await subs.toggle(uow_factory, person, "heating"))["heating"] is True
    assert await subs.turn_off(uow_factory, person, "water") is True
    assert await subs.turn_off(uow_factory, person, "water") is False
    with pytest.raises(ValueError):
        await subs.toggle(uow_factory, person, "gossip")
    async with uow_factory() as uow:
        new = await uow.residents.get_by_telegram_id(person.telegram_user_id)
        ids["new"] = new.id
    assert "new" in await _names(uow_factory, ids, "heating")
    assert "new" not in await _names(uow_factory, ids, "water")

    assert await subs.stop_all(uow_factory, person) == len(KEYS) - 2  # festivals, water off
    for key in KEYS:
        assert "new" not in await _names(uow_factory, ids, key)
    assert all(not on for _, on in await subs.topics_of(uow_factory, person))


async def test_told_once(uow_factory):
    async with uow_factory() as uow:
        resident = await uow.residents.add(Resident(telegram_user_id=555_000_222))
        await uow.commit()
    assert await subs.onboard(uow_factory, 555_000_222) is True
    assert await subs.onboard(uow_factory, 555_000_222) is False
    assert await subs.onboard(uow_factory, 555_000_333) is False  # unknown: nothing to tell
    assert resident.id
