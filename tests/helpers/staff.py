"""Staff members in the group chat for end-to-end tests."""

from __future__ import annotations

import asyncio

from bot.localapi.client import ControlClient
from domain.units import datafile
from tests.helpers.botharness import STAFF_CHAT_ID, settled
from tests.helpers.resident import Resident, reach_card, tickets

ADMIN, WORKER, SUPERVISOR, STRANGER = 9001, 9002, 9003, 9099


async def newest(control: ControlClient, chat_id: int = STAFF_CHAT_ID) -> int:
    """The newest message id in a chat."""
    return max((m["message_id"] for m in await control.messages(chat_id)), default=0)


async def say(control: ControlClient, user_id: int, words: str, count: int = 1,
              **where) -> list[dict]:
    """A staff member writes in the group; returns the bot's answers there."""
    sent = await control.send_text(user_id, words, chat_id=STAFF_CHAT_ID, **where)
    return await control.wait_for_bot_messages(STAFF_CHAT_ID, after=sent["message"]["message_id"],
                                               count=count)


async def team(control: ControlClient) -> None:
    """The admin (from settings) adds a worker and a supervisor; a stranger is in the group."""
    await control.create_user(ADMIN, "管理员", staff_role="administrator")
    await control.create_user(WORKER, "王", staff_role="member")
    await control.create_user(SUPERVISOR, "李", staff_role="member")
    await control.create_user(STRANGER, "路人", staff_role="member")
    await say(control, ADMIN, f"/staff_add {WORKER} worker 王")
    await say(control, ADMIN, f"/staff_add {SUPERVISOR} supervisor 李")


async def open_ticket(control: ControlClient, user_id: int = 5001) -> tuple[Resident, dict]:
    """A resident reports; returns them and the card the staff group received."""
    r = await Resident(control, user_id).join()
    await reach_card(r)
    before = await newest(control)
    await r.tap("intake:ok")
    [posted] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    return r, posted


async def press(control: ControlClient, user_id: int, message: dict, data: str,
                forge: bool = False, chat_id: int = STAFF_CHAT_ID) -> dict:
    """Presses a button in the group (or ``chat_id``) and waits until the bot answered."""
    pressed = await control.press(user_id, message["message_id"], data, chat_id=chat_id,
                                  forge=forge)
    await control.wait_for_change(chat_id, pressed["seq"])
    await settled()  # what the press made the bot say is out
    return pressed


async def ticket_of_card(app, card: dict, timeout: float = 5.0):
    """The ticket whose staff card this is, once the card outbox has recorded its id.

    The outbox records the card's message id just after Telegram returns it, so a test that
    has seen the card may look a moment before the row says so.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        found = [t for t in await tickets(app) if t.staff_chat_message_id == card["message_id"]]
        if found:
            return found[0]
        if loop.time() > deadline:
            raise AssertionError(f"no ticket recorded card {card['message_id']}")
        await asyncio.sleep(0.02)


async def worker_writes(control: ControlClient, resident: Resident, card: dict,
                        words: str) -> dict:
    """王 writes in the ticket's topic; returns what the resident receives."""
    after = await resident.newest_id()
    await control.send_text(WORKER, words, chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    return (await control.wait_for_bot_messages(resident.user_id, after=after))[-1]


async def resident_writes(control: ControlClient, resident: Resident, words: str) -> dict:
    """The resident writes in private; returns the copy relayed into the staff group."""
    before = await newest(control)
    await control.send_text(resident.user_id, words)
    return (await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before))[-1]


async def street(uow_factory, local_api, plan: dict, groups: dict[int, str]) -> None:
    """The street of ``plan`` is configured, and its groups exist, before the bot starts."""
    await datafile.apply(uow_factory, datafile.read_plan(plan))
    for chat_id, title in groups.items():
        local_api.state.add_group(chat_id, title)
