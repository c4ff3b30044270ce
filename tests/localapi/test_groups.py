"""More than one staff group: each a forum of its own, through PTB and the control API."""

import pytest
from telegram.error import BadRequest

from bot.localapi.client import ControlError
from tests.localapi.conftest import STAFF

OTHER = -1001000000011


async def test_a_second_group_is_a_forum_with_its_own_topics_and_messages(bot, control):
    chat = await control.add_group(OTHER, "一社区")
    assert chat == {"id": OTHER, "type": "supergroup", "title": "一社区", "is_forum": True}
    assert [g["id"] for g in (await control.info())["groups"]] == [STAFF, OTHER]
    here = await bot.create_forum_topic(OTHER, "JS-1 暖气")
    there = await bot.create_forum_topic(STAFF, "JS-2 漏水")
    assert here.message_thread_id == there.message_thread_id  # thread ids are per chat
    await bot.send_message(OTHER, "card", message_thread_id=here.message_thread_id)
    await control.create_user(9002, "王", staff_role="member")
    sent = await control.send_text(9002, "收到", chat_id=OTHER,
                                   message_thread_id=here.message_thread_id)
    assert sent["message"]["chat"]["id"] == OTHER
    mine = [m.get("text") for m in await control.messages(OTHER)]
    assert "card" in mine and "收到" in mine
    assert not any(m.get("text") in ("card", "收到") for m in await control.messages(STAFF))


async def test_groups_stay_through_a_reset_and_ids_are_checked(bot, control):
    await control.add_group(OTHER, "一社区")
    await control.reset()
    assert (await bot.get_chat(OTHER)).title == "一社区"
    assert await control.add_group(OTHER, "again") == (await control.info())["groups"][1]
    for bad in (5, 1001):  # positive; a resident's private chat
        with pytest.raises(ControlError):
            await control.add_group(bad, "x")
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(-1001000000099, "nobody")
