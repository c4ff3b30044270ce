"""A street with a dispatch desk and two communities, each with its own staff group, through
the local Bot API: a new ticket's card reaches its building's community only (the desk when
the building is not mapped); its staff claim it and talk with the resident in their group;
topic ids, which are per group, never mix two groups' tickets."""

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import Resident, buttons, tickets
from tests.helpers.staff import newest, street, ticket_of_card

DESK, JS1, JS2 = -1001000000010, -1001000000011, -1001000000012
GROUPS = {DESK: "街道平台", JS1: "一社区", JS2: "二社区"}
W1, W2 = 9201, 9202  # a worker of each community
STREET = {
    "units": [
        {"code": "desk", "name": "街道平台", "kind": "desk", "chat_id": DESK},
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": JS1,
         "buildings": [5]},
        {"code": "js-2", "name": "二社区", "kind": "community", "chat_id": JS2,
         "buildings": [7]},
    ],
    "staff": [{"telegram_user_id": W1, "name": "王", "units": {"js-1": "worker"}},
              {"telegram_user_id": W2, "name": "赵", "units": {"js-2": "worker"}}],
}


@pytest.fixture
async def bot_settings(migrated_db_url, uow_factory, local_api):
    """The street is configured, and its groups exist, before the bot starts."""
    await street(uow_factory, local_api, STREET, GROUPS)
    return make_settings(migrated_db_url)


async def _report(control, user_id: int, place: str) -> Resident:
    r = await Resident(control, user_id).join()
    await r.say("暖气不热")
    await r.tap("intake:cat:0")
    await r.tap("intake:cl:1")
    await r.say(place)
    await r.say("13800138000")
    await r.tap("intake:when:tomorrow_am")
    await r.tap("intake:urg:normal")
    await r.tap("intake:ok")
    await settled()
    return r


async def _cards(control, chat_id: int) -> list[dict]:
    return [m for m in await control.messages(chat_id)
            if m["from"]["is_bot"] and "暖气" in m.get("text", "") and m.get("reply_markup")]


async def _units(app) -> dict[str, int]:
    async with app.bot_data["services"].uow_factory() as uow:
        return {u.code: u.id for u in await uow.units.list_all()}


async def test_a_ticket_reaches_its_buildings_community_only(bot, control):
    await _report(control, 5301, "5号楼2单元301")
    [card] = await _cards(control, JS1)
    for other in (DESK, JS2, STAFF_CHAT_ID):
        assert await _cards(control, other) == [], other
    ticket = await ticket_of_card(bot, card)
    assert ticket.unit_id == (await _units(bot))["js-1"]
    assert card["message_thread_id"] == ticket.staff_thread_id


async def test_an_unmapped_or_unknown_building_goes_to_the_desk(bot, control):
    await _report(control, 5302, "9号楼1单元101")
    [card] = await _cards(control, DESK)
    assert await _cards(control, JS1) == [] and await _cards(control, JS2) == []
    assert (await ticket_of_card(bot, card)).unit_id == (await _units(bot))["desk"]


async def test_the_communitys_staff_claim_and_talk_with_the_resident_in_their_group(bot, control):
    await control.create_user(W1, "王", staff_role="member")
    r = await _report(control, 5303, "5号楼2单元301")
    [card] = await _cards(control, JS1)
    ticket = await ticket_of_card(bot, card)
    pressed = await control.press(W1, card["message_id"], f"staff:claim:{ticket.id}",
                                  chat_id=JS1)
    edited = await control.wait_for_edit(JS1, card["message_id"], pressed["seq"])
    assert "王" in edited["text"]
    after = await r.newest_id()
    await control.send_text(W1, "明天上午到", chat_id=JS1,
                            message_thread_id=card["message_thread_id"])
    [told] = await control.wait_for_bot_messages(r.user_id, after=after)
    assert "明天上午到" in told["text"] and "王" in told["text"]
    before = await newest(control, JS1)
    await r.say("好的，谢谢")  # within the relay window: to the ticket's topic, in js-1
    [copy] = await control.wait_for_bot_messages(JS1, after=before)
    assert "好的" in copy["text"] and copy["message_thread_id"] == card["message_thread_id"]
    assert not any("好的" in m.get("text", "") for m in await control.messages(STAFF_CHAT_ID))


async def test_the_same_topic_id_in_two_groups_reaches_each_groups_own_resident(bot, control):
    await control.create_user(W1, "王", staff_role="member")
    await control.create_user(W2, "赵", staff_role="member")
    one = await _report(control, 5304, "5号楼2单元301")
    two = await _report(control, 5305, "7号楼1单元202")
    [card1], [card2] = await _cards(control, JS1), await _cards(control, JS2)
    assert card1["message_thread_id"] == card2["message_thread_id"]  # ids are per group
    after1, after2 = await one.newest_id(), await two.newest_id()
    await control.send_text(W2, "二社区马上到", chat_id=JS2,
                            message_thread_id=card2["message_thread_id"])
    [told] = await control.wait_for_bot_messages(two.user_id, after=after2)
    assert "二社区马上到" in told["text"]
    await settled()
    assert await one.newest_id() == after1  # the other community's resident heard nothing
    [t1, t2] = sorted(await tickets(bot), key=lambda t: t.id)
    assert t1.first_response_at is None and t2.first_response_at is not None


async def _asks(control, user_id: int, chat_id: int, words: str) -> dict:
    sent = await control.send_text(user_id, words, chat_id=chat_id)
    [answer] = await control.wait_for_bot_messages(chat_id, after=sent["message"]["message_id"])
    return answer


async def test_open_and_search_in_a_communitys_group_list_its_own_tickets(bot, control):
    await control.create_user(W2, "赵", staff_role="member")
    await _report(control, 5306, "5号楼2单元301")
    await _report(control, 5307, "7号楼1单元202")
    one, two = sorted(await tickets(bot), key=lambda t: t.id)
    listed = (await _asks(control, W2, JS2, "/open"))["text"]
    assert two.code in listed and one.code not in listed
    assert "没有找到" in (await _asks(control, W2, JS2, f"/search {one.code}"))["text"]
    found = await _asks(control, W2, JS2, f"/search {two.code}")
    assert buttons(found) == [f"staff:show:{two.id}"]
