"""派件 across units through the local Bot API: a community dispatches a ticket to two
services in parallel, each order gets a card in its service's group; one sends it back with
a reason, the other finishes it; the dispatcher closes the one sent back and the ticket is
resolved; the ticket's card shows the chain; forged buttons from another unit change nothing."""

import pytest

from tests.helpers.botharness import make_settings, settled
from tests.helpers.resident import Resident, buttons, tickets
from tests.helpers.staff import newest, street, ticket_of_card

JS1, HEAT, WATER = -1001000000011, -1001000000020, -1001000000021
GROUPS = {JS1: "一社区", HEAT: "供热公司", WATER: "自来水公司"}
LEAD, HW, WW = 9301, 9302, 9303  # the community's supervisor, a worker of each service
STREET = {
    "units": [
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": JS1,
         "buildings": [5]},
        {"code": "heat", "name": "供热公司", "kind": "service", "chat_id": HEAT},
        {"code": "water", "name": "自来水公司", "kind": "service", "chat_id": WATER},
    ],
    "staff": [{"telegram_user_id": LEAD, "name": "李", "units": {"js-1": "supervisor"}},
              {"telegram_user_id": HW, "name": "热", "units": {"heat": "worker"}},
              {"telegram_user_id": WW, "name": "水", "units": {"water": "worker"}}],
}


@pytest.fixture
async def bot_settings(migrated_db_url, uow_factory, local_api):
    await street(uow_factory, local_api, STREET, GROUPS)
    return make_settings(migrated_db_url)


async def _ticket_card(control, user_id: int) -> dict:
    r = await Resident(control, user_id).join()
    for step in ("暖气不热", "intake:cat:0", "intake:cl:1", "5号楼2单元301", "13800138000",
                 "intake:when:tomorrow_am", "intake:urg:normal", "intake:ok"):
        await (r.tap(step) if step.startswith("intake:") else r.say(step))
    [card] = await control.wait_for_bot_messages(JS1)
    return card


async def _press(control, user_id, chat_id, message, data, forge=False):
    pressed = await control.press(user_id, message["message_id"], data, chat_id=chat_id,
                                  forge=forge)
    await control.wait_for_change(chat_id, pressed["seq"])
    await settled()
    return pressed


async def _order_card(control, chat_id) -> dict:
    [card] = await control.wait_for_bot_messages(chat_id)
    return card


async def _write(control, user_id, chat_id, words, thread) -> list[dict]:
    """A service's worker writes in their order's topic; returns what the community sees."""
    before = await newest(control, JS1)
    await control.send_text(user_id, words, chat_id=chat_id, message_thread_id=thread)
    said = await control.wait_for_bot_messages(JS1, after=before)
    await settled()
    return said


async def test_parallel_orders_one_sent_back_one_done_the_ticket_resolves(bot, control):
    for user_id, name in ((LEAD, "李"), (HW, "热"), (WW, "水")):
        await control.create_user(user_id, name, staff_role="member")
    card = await _ticket_card(control, 5401)
    ticket = await ticket_of_card(bot, card)
    before = await newest(control, JS1)
    await _press(control, LEAD, JS1, card, f"staff:transfer:{ticket.id}")
    [menu] = await control.wait_for_bot_messages(JS1, after=before)
    async with bot.bot_data["services"].uow_factory() as uow:
        units = {u.code: u.id for u in await uow.units.list_all()}
    assert f"staff:od:{ticket.id}:{units['heat']}" in buttons(menu)
    await _press(control, LEAD, JS1, menu, f"staff:od:{ticket.id}:{units['heat']}")
    await _press(control, LEAD, JS1, menu, f"staff:od:{ticket.id}:{units['water']}")
    heat, water = await _order_card(control, HEAT), await _order_card(control, WATER)
    assert ticket.code in heat["text"] and "一社区" in heat["text"]
    assert "暖气不热（城乡建设" in heat["text"]  # the problem in plain words, as on the card
    assert "13800138000" not in heat["text"] and heat["message_thread_id"]
    assert [b.split(":")[1] for b in buttons(heat)] == ["take", "done", "back"]
    heat_id, water_id = (int(buttons(c)[0].split(":")[2]) for c in (heat, water))

    # a forged press from the other service on heat's order: refused, nothing changes
    forged = await _press(control, WW, HEAT, heat, f"ord:done:{heat_id}", forge=True)
    assert forged["seq"] and (await control.messages(HEAT))[-1]["message_id"] == \
        heat["message_id"]

    await _press(control, HW, HEAT, heat, f"ord:back:{heat_id}")
    [decision] = await _write(control, HW, HEAT, "楼内管道问题，不归供热公司",
                              heat["message_thread_id"])
    assert "退回了派件" in decision["text"]
    assert "楼内管道问题" in decision["text"]
    assert decision["message_thread_id"] == card["message_thread_id"]
    private_before = len(await control.messages(WW))
    await _press(control, WW, WATER, water, f"ord:take:{water_id}")
    # the unit holding the order sees the contact: its worker gets it privately, not the group
    [contact] = await control.wait_for_bot_messages(WW, after=max(
        [m["message_id"] for m in (await control.messages(WW))[:private_before]], default=0))
    assert "13800138000" in contact["text"] and "5号楼2单元301" in contact["text"]
    assert not any("13800138000" in m.get("text", "") for m in await control.messages(WATER))
    assert not any("13800138000" in m.get("text", "") for m in await control.messages(HW))
    await _press(control, WW, WATER, water, f"ord:done:{water_id}")
    [done] = await _write(control, WW, WATER, "已更换入户阀门", water["message_thread_id"])
    assert "自来水公司 完成了派件" in done["text"]
    [t] = await tickets(bot)
    assert t.status == "claimed"  # the order sent back waits for the dispatcher

    await _press(control, LEAD, JS1, decision, f"ord:close:{heat_id}")
    [t] = await tickets(bot)
    assert t.status == "resolved" and t.resolution_note == "自来水公司：已更换入户阀门"
    shown = next(m for m in await control.messages(JS1) if m["message_id"] == card["message_id"])
    assert "派件" in shown["text"] and "供热公司：已撤销" in shown["text"]
    assert "自来水公司：已完成（水）" in shown["text"]
    async with bot.bot_data["services"].uow_factory() as uow:
        kinds = [e.kind for e in await uow.events.list_for_ticket(t.id)]
    assert kinds[-7:] == ["dispatched", "dispatched", "order_returned", "order_taken",
                          "order_done", "order_decided", "resolved"]


async def test_another_units_worker_cannot_dispatch_or_decide(bot, control):
    await control.create_user(HW, "热", staff_role="member")
    card = await _ticket_card(control, 5402)
    ticket = await ticket_of_card(bot, card)
    async with bot.bot_data["services"].uow_factory() as uow:
        heat_unit = (await uow.units.by_code("heat")).id
    await _press(control, HW, JS1, card, f"staff:od:{ticket.id}:{heat_unit}", forge=True)
    await _press(control, HW, JS1, card, "ord:close:1", forge=True)
    await _press(control, HW, JS1, card, "ord:to:1:x", forge=True)
    async with bot.bot_data["services"].uow_factory() as uow:
        assert await uow.orders.of_ticket(ticket.id) == []
    assert [m for m in await control.messages(HEAT) if m["from"]["is_bot"]] == []



async def test_an_order_topic_talks_with_the_resident_signed_with_the_unit(bot, control):
    for user_id, name in ((LEAD, "李"), (HW, "热")):
        await control.create_user(user_id, name, staff_role="member")
    card = await _ticket_card(control, 5403)
    resident = 5403
    ticket = await ticket_of_card(bot, card)
    async with bot.bot_data["services"].uow_factory() as uow:
        heat_unit = (await uow.units.by_code("heat")).id
    await _press(control, LEAD, JS1, card, f"staff:od:{ticket.id}:{heat_unit}", forge=True)
    heat = await _order_card(control, HEAT)
    heat_id = int(buttons(heat)[0].split(":")[2])
    await _press(control, HW, HEAT, heat, f"ord:take:{heat_id}")
    after = await newest(control, resident)
    await control.send_text(HW, "明天上午九点上门", chat_id=HEAT,
                            message_thread_id=heat["message_thread_id"])
    [told] = await control.wait_for_bot_messages(resident, after=after)
    assert told["text"].startswith("供热公司 工作人员 热：明天上午九点上门")
    home, there = await newest(control, JS1), await newest(control, HEAT)
    await control.send_text(resident, "好的，我在家")  # within the relay window
    [copy_home] = await control.wait_for_bot_messages(JS1, after=home)
    [copy_there] = await control.wait_for_bot_messages(HEAT, after=there)
    assert "好的，我在家" in copy_home["text"] and "好的，我在家" in copy_there["text"]
    assert copy_there["message_thread_id"] == heat["message_thread_id"]
    assert copy_home["message_thread_id"] == card["message_thread_id"]


async def test_another_units_worker_cannot_act_on_a_tickets_card(bot, control):
    await control.create_user(HW, "热", staff_role="member")
    card = await _ticket_card(control, 5404)
    ticket = await ticket_of_card(bot, card)
    for verb in ("claim", "resolve", "exclude", "transfer"):
        await _press(control, HW, JS1, card, f"staff:{verb}:{ticket.id}", forge=True)
    [t] = await tickets(bot)
    assert t.status == "new" and t.assignee_id is None and not t.excluded_from_kpi
    assert [m for m in await control.messages(JS1) if m["from"]["is_bot"]
            and m["message_id"] > card["message_id"]] == []
