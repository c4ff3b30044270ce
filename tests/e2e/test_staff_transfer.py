"""Transfer to a named worker: the card names them, they get the full contact in private,
the group never sees the full number; a transfer to someone who is not staff is refused."""

import pytest

from tests.helpers.botharness import STAFF_CHAT_ID, make_settings, settled
from tests.helpers.resident import buttons, tickets
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, newest, open_ticket, team, ticket_of_card


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _transfer_menu(control, card, ticket_id):
    before = await newest(control)
    await control.press(SUPERVISOR, card["message_id"], f"staff:transfer:{ticket_id}",
                        chat_id=STAFF_CHAT_ID)
    [menu] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    return menu


async def _worker_id(app):
    async with app.bot_data["services"].uow_factory() as uow:
        return (await uow.staff.get_by_telegram_id(WORKER)).id


async def test_transfer_to_a_worker(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5101)
    ticket = await ticket_of_card(bot, card)
    worker_id = await _worker_id(bot)
    menu = await _transfer_menu(control, card, ticket.id)
    assert f"staff:tw:{ticket.id}:{worker_id}" in buttons(menu)

    pressed = await control.press(SUPERVISOR, menu["message_id"],
                                  f"staff:tw:{ticket.id}:{worker_id}", chat_id=STAFF_CHAT_ID)
    edited = await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], pressed["seq"])
    assert "王" in edited["text"]
    [ticket] = await tickets(bot)
    assert ticket.assignee_id == worker_id and ticket.status == "claimed"

    private = await control.wait_for_bot_messages(WORKER, count=2)
    assert ticket.code in private[0]["text"]
    assert any("13800138000" in m.get("text", "") for m in private)
    group = [m.get("text", "") for m in await control.messages(STAFF_CHAT_ID)]
    assert not any("13800138000" in t for t in group)
    async with bot.bot_data["services"].uow_factory() as uow:
        events = await uow.events.list_for_ticket(ticket.id, kind="transferred")
        assert events[-1].payload["to_staff"] == worker_id


async def test_forged_transfer_to_a_non_member_changes_nothing(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5102)
    before = await ticket_of_card(bot, card)
    menu = await _transfer_menu(control, card, before.id)
    pressed = await control.press(SUPERVISOR, menu["message_id"], f"staff:tw:{before.id}:99999",
                                  chat_id=STAFF_CHAT_ID, forge=True)
    await control.wait_for_change(STAFF_CHAT_ID, pressed["seq"])
    await settled()
    [after] = await tickets(bot)
    assert after.assignee_id is None and after.version == before.version


async def test_the_problem_types_department_is_suggested_first(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5103)  # 暖气不热: the heating company's
    assert "暖气不热（城乡建设 · 冬季采暖）" in card["text"]
    ticket = await ticket_of_card(bot, card)
    menu = await _transfer_menu(control, card, ticket.id)
    rows = menu["reply_markup"]["inline_keyboard"]
    units = [b for row in rows for b in row if b["callback_data"].startswith("staff:td:")]
    assert units[0]["text"] == "⭐ 供热公司（按问题类型建议）"
    assert units[0]["callback_data"] == f"staff:td:{ticket.id}:1"  # its index in settings
    assert sum(b["text"].startswith("⭐") for b in units) == 1
