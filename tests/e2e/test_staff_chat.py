"""The staff chat end to end: card, claim, relay both ways, resolve, reopen, exclude,
transfer, refusals, and the full contact only in private."""

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import buttons, tickets
from tests.helpers.staff import (
    ADMIN,
    STRANGER,
    SUPERVISOR,
    WORKER,
    newest,
    open_ticket,
    press,
    say,
    team,
    ticket_of_card,
)


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _events(app, ticket_id):
    async with app.bot_data["services"].uow_factory() as uow:
        return [e.kind for e in await uow.events.list_for_ticket(ticket_id)]


async def _edited(control, card, since):
    return await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)


async def test_card_claim_relay_resolve_reopen(bot, control):
    await team(control)
    resident, card = await open_ticket(control)
    ticket = await ticket_of_card(bot, card)
    assert ticket.code in card["text"] and "138****8000" in card["text"]
    assert "13800138000" not in card["text"] and "301" in card["text"]
    assert buttons(card) == [f"staff:{v}:{ticket.id}" for v in
                             ("claim", "reply", "transfer", "exclude", "type")]
    thread = card["message_thread_id"]
    assert ticket.staff_thread_id == thread and ticket.staff_chat_message_id == card["message_id"]

    pressed = await control.press(WORKER, card["message_id"], f"staff:claim:{ticket.id}",
                                  chat_id=STAFF_CHAT_ID)
    claimed = await _edited(control, card, pressed["seq"])
    assert "处理中" in claimed["text"] and "王" in claimed["text"]
    [contact] = await control.wait_for_bot_messages(WORKER)
    assert "13800138000" in contact["text"]
    group = await control.messages(STAFF_CHAT_ID)
    assert not any("13800138000" in (m.get("text") or "") for m in group)

    after = await resident.newest_id()
    await control.send_text(WORKER, "明天上午去修", chat_id=STAFF_CHAT_ID, message_thread_id=thread)
    [relayed] = await control.wait_for_bot_messages(resident.user_id, after=after)
    assert relayed["text"].startswith("社区工作者 王：明天上午去修")
    [ticket] = await tickets(bot)
    assert ticket.first_response_at is not None

    before = await newest(control)
    await control.send_text(resident.user_id, "好的，谢谢，我在家")
    [back] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert back["text"] == "💬 居民：好的，谢谢，我在家" and back["message_thread_id"] == thread

    await press(control, WORKER, card, f"staff:resolve:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(WORKER, "已更换暖气阀门", chat_id=STAFF_CHAT_ID,
                            message_thread_id=thread)
    resolved = await _edited(control, card, since)
    assert "已更换暖气阀门" in resolved["text"]
    assert buttons(resolved) == [f"staff:exclude:{ticket.id}", f"staff:reopen:{ticket.id}",
                                 f"staff:type:{ticket.id}"]

    await press(control, WORKER, card, f"staff:reopen:{ticket.id}")  # a worker may not
    assert (await tickets(bot))[0].status == "resolved"
    pressed = await control.press(SUPERVISOR, card["message_id"], f"staff:reopen:{ticket.id}",
                                  chat_id=STAFF_CHAT_ID)
    reopened = await _edited(control, card, pressed["seq"])
    assert "重新打开" in reopened["text"]
    [ticket] = await tickets(bot)
    assert ticket.status == "reopened" and ticket.reopened_count == 1
    kinds = await _events(bot, ticket.id)
    for kind in ("opened", "claimed", "staff_replied", "resident_message", "resolved",
                 "reopened"):
        assert kind in kinds


async def test_exclude_needs_a_reason_and_transfer(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5002)
    ticket = await ticket_of_card(bot, card)
    thread = card["message_thread_id"]

    await press(control, SUPERVISOR, card, f"staff:exclude:{ticket.id}")
    [refused] = await say(control, SUPERVISOR, "-", message_thread_id=thread)
    assert "必须写明理由" in refused["text"]
    [ticket] = await tickets(bot)
    assert not ticket.excluded_from_kpi and "excluded" not in await _events(bot, ticket.id)

    await press(control, SUPERVISOR, card, f"staff:exclude:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(SUPERVISOR, "不属于社区管辖范围", chat_id=STAFF_CHAT_ID,
                            message_thread_id=thread)
    edited = await _edited(control, card, since)
    assert "不属于社区管辖范围" in edited["text"]
    [ticket] = await tickets(bot)
    assert ticket.excluded_from_kpi and ticket.exclusion_reason == "不属于社区管辖范围"

    before = await newest(control)
    await control.press(SUPERVISOR, card["message_id"], f"staff:transfer:{ticket.id}",
                        chat_id=STAFF_CHAT_ID)
    [menu] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert f"staff:td:{ticket.id}:0" in buttons(menu)
    pressed = await control.press(SUPERVISOR, menu["message_id"], f"staff:td:{ticket.id}:0",
                                  chat_id=STAFF_CHAT_ID)
    edited = await _edited(control, card, pressed["seq"])
    assert "物业公司" in edited["text"]
    assert (await tickets(bot))[0].department == "物业公司"


async def test_worker_cannot_exclude(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5005)
    ticket = await ticket_of_card(bot, card)
    pressed = await press(control, WORKER, card, f"staff:exclude:{ticket.id}")
    answers = [m for m in await control.messages(STAFF_CHAT_ID)
               if m["message_id"] == card["message_id"]][0]["callback_answers"]
    assert answers and pressed
    assert "excluded" not in await _events(bot, ticket.id)


async def test_strangers_and_forged_buttons_change_nothing(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5003)
    ticket = await ticket_of_card(bot, card)
    await press(control, STRANGER, card, f"staff:claim:{ticket.id}")
    await press(control, WORKER, card, f"staff:resolve:{ticket.id}", forge=True)  # not claimed
    await press(control, WORKER, card, "staff:claim:99999", forge=True)
    await press(control, WORKER, card, "staff:claim:abc", forge=True)
    [after] = await tickets(bot)
    assert after.status == "new" and after.assignee_id is None and after.version == ticket.version
    assert await _events(bot, ticket.id) == ["opened"]
    answers = [m for m in await control.messages(STAFF_CHAT_ID)
               if m["message_id"] == card["message_id"]][0]["callback_answers"]
    assert len(answers) == 4
    [reply] = await say(control, STRANGER, "/open")
    assert "不是工作人员" in reply["text"]
    [reply] = await say(control, WORKER, f"/staff_add {STRANGER} admin 路人")
    assert "角色不能" in reply["text"]


async def test_staff_commands(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5004)
    ticket = await ticket_of_card(bot, card)
    [listing] = await say(control, WORKER, "/open")
    assert ticket.code in listing["text"]
    [mine] = await say(control, WORKER, "/mine")
    assert ticket.code not in mine["text"]
    pressed = await control.press(WORKER, card["message_id"], f"staff:claim:{ticket.id}",
                                  chat_id=STAFF_CHAT_ID)
    await _edited(control, card, pressed["seq"])
    [mine] = await say(control, WORKER, "/mine")
    assert ticket.code in mine["text"]
    [overdue] = await say(control, WORKER, "/overdue")
    assert ticket.code not in overdue["text"]
    [one] = await say(control, WORKER, f"/ticket {ticket.code}")
    assert "138****8000" in one["text"]
    [helped] = await say(control, WORKER, "/help")
    assert "/overdue" in helped["text"] and "/notice" in helped["text"]
    [roster] = await say(control, ADMIN, "/staff_list")
    assert "王" in roster["text"] and "李" in roster["text"]
    after = await newest(control, SUPERVISOR)
    await say(control, SUPERVISOR, f"/ticket {ticket.code}")
    [private] = await control.wait_for_bot_messages(SUPERVISOR, after=after)
    assert "13800138000" in private["text"]
    [removed] = await say(control, ADMIN, f"/staff_remove {WORKER}")
    assert "已移除" in removed["text"]
    [refused] = await say(control, WORKER, "/open")
    assert "不是工作人员" in refused["text"]


async def test_a_worker_who_cannot_get_the_contact_is_asked_in_the_group_without_it(bot,
                                                                                    control):
    """The contact goes through the outbox (to staff: at least once); Telegram refusing the
    worker's private chat makes the bot ask them in the group — never with the phone."""
    await team(control)
    _, card = await open_ticket(control, 5003)
    ticket = await ticket_of_card(bot, card)
    await control.block(WORKER)
    before = await newest(control)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    asked = [m for m in await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before,
                                                             count=1, timeout=10)]
    await settled()
    group = [m.get("text") or "" for m in await control.messages(STAFF_CHAT_ID, after=before)]
    assert any("请先私聊机器人" in t and "王" in t for t in group), group
    assert not any("13800138000" in t for t in group) and asked
    assert await control.messages(WORKER) == []
