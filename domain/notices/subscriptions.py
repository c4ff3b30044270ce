"""A resident's notice topics: list with on/off, toggle one, stop one or all, onboarding.

A topic without a stored row has its default (``domain.notices.topics``); a choice the
resident makes is stored as a row, so a later change of defaults never overrides it.
Residents are found by Telegram user id and created on first use.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.notices.topics import KEYS, default_on, is_topic
from domain.ports import UowFactory
from storage.models import Resident

# Whole messages that mean "stop the notices" outside a report ("stop" alone the NLU reads
# as cancel; with no report to cancel, it is the SMS convention for unsubscribing).
STOP_WORDS = frozenset({"stop", "stop all", "unsubscribe", "停止", "退订", "不要再发了"})


def wants_stop(message: str) -> bool:
    """True if the whole message is a stop word (case, spaces and punctuation ignored)."""
    return message.strip().strip("!！。.~ ").lower() in STOP_WORDS


@dataclass(frozen=True)
class Person:
    """Who is asking: enough to create the resident on first use."""

    telegram_user_id: int
    first_name: str | None = None
    language: str = "zh"


def _states(rows: dict[str, bool]) -> list[tuple[str, bool]]:
    """Every topic in order with whether it is on (the default when no row)."""
    return [(key, rows.get(key, default_on(key))) for key in KEYS]


async def _resident(uow, person: Person) -> Resident:
    """The resident for this Telegram user, created with the defaults if new."""
    resident = await uow.residents.get_by_telegram_id(person.telegram_user_id)
    if resident is None:
        resident = await uow.residents.add(Resident(
            telegram_user_id=person.telegram_user_id, first_name=person.first_name,
            language=person.language))
    return resident


async def topics_of(uow_factory: UowFactory, person: Person) -> list[tuple[str, bool]]:
    """The resident's topics with on/off; showing them counts as telling how to change."""
    async with uow_factory() as uow:
        resident = await _resident(uow, person)
        resident.notice_onboarded = True
        rows = await uow.subscriptions.for_resident(resident.id)
        await uow.commit()
    return _states(rows)


async def toggle(uow_factory: UowFactory, person: Person, topic: str) -> list[tuple[str, bool]]:
    """Flips one topic; returns every topic's new state.

    Raises:
        ValueError: for an unknown topic (nothing is changed).
    """
    _check(topic)
    async with uow_factory() as uow:
        resident = await _resident(uow, person)
        rows = await uow.subscriptions.for_resident(resident.id)
        rows[topic] = not rows.get(topic, default_on(topic))
        await uow.subscriptions.set(resident.id, topic, rows[topic])
        await uow.commit()
    return _states(rows)


async def turn_off(uow_factory: UowFactory, person: Person, topic: str) -> bool:
    """Turns one topic off ("stop these"); True if it was on.

    Raises:
        ValueError: for an unknown topic (nothing is changed).
    """
    _check(topic)
    async with uow_factory() as uow:
        resident = await _resident(uow, person)
        rows = await uow.subscriptions.for_resident(resident.id)
        was_on = rows.get(topic, default_on(topic))
        await uow.subscriptions.set(resident.id, topic, False)
        await uow.commit()
    return was_on


async def stop_all(uow_factory: UowFactory, person: Person) -> int:
    """Turns every topic off (unsubscribe); returns how many were on."""
    async with uow_factory() as uow:
        resident = await _resident(uow, person)
        before = _states(await uow.subscriptions.for_resident(resident.id))
        for key in KEYS:
            await uow.subscriptions.set(resident.id, key, False)
        resident.notice_onboarded = True
        await uow.commit()
    return sum(on for _, on in before)


async def onboard(uow_factory: UowFactory, telegram_user_id: int) -> bool:
    """True exactly once per resident: the moment to tell them how to change notices."""
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        if resident is None or resident.notice_onboarded or resident.erased_at is not None:
            return False
        resident.notice_onboarded = True
        await uow.commit()
    return True


def _check(topic: str) -> None:
    if not is_topic(topic):
        raise ValueError(f"unknown notice topic {topic!r}")
