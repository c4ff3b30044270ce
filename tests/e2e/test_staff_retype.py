"""Staff change a ticket's problem type from its card: plain names, a short list, a "more"
page; the ticket takes the type's leaf, the change is audited, deadlines move only with the
urgency level; someone who is not staff, or forged data, changes nothing."""

from types import SimpleNamespace

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
    team,
    ticket_of_card,
)

HEATING_OFF, NOISE_NEIGHBOUR = 1, 34  # indexes in nlu/problem_types.yml


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


async def _menu(control, user, card, ticket_id):
    before = await newest(control)
    assert f"staff:type:{ticket_id}" in buttons(card)
    await control.press(user, card["message_id"], f"staff:type:{ticket_id}",
                        chat_id=STAFF_CHAT_ID)
    [menu] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    return menu


async def _events(app, ticket_id):
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.events.list_for_ticket(ticket_id, kind="problem_type_changed")
        return [SimpleNamespace(actor_kind=e.actor_kind, payload=e.payload) for e in rows]


async def test_a_worker_picks_a_type_from_the_short_list(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5201)
    before = await ticket_of_card(bot, card)
    assert before.urgency == "normal"
    menu = await _menu(control, WORKER, card, before.id)
    assert before.code in menu["text"] and "没有暖气" in str(menu["reply_markup"])
    assert f"staff:tp:{before.id}:0" in buttons(menu)
    data = f"staff:ts:{before.id}:{HEATING_OFF}"
    assert data in buttons(menu)

    pressed = await control.press(WORKER, menu["message_id"], data, chat_id=STAFF_CHAT_ID)
    await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], pressed["seq"])
    await settled()
    [after] = await tickets(bot)
    assert (after.problem_type, after.problem_type_by) == ("heating_off", "staff")
    assert after.category == "城乡建设/城市建设和市政管理/冬季采暖"
    assert after.urgency == "urgent"  # the type's default level is higher: deadlines move
    assert after.resolve_due_at < before.resolve_due_at
    [event] = await _events(bot, after.id)
    assert event.actor_kind == "staff" and event.payload["to"]["type"] == "heating_off"
    assert event.payload["from"]["level"] == "normal" and event.payload["deadlines_recomputed"]
    said = [m.get("text", "") for m in await control.messages(STAFF_CHAT_ID)]
    assert any("没有暖气" in t and "王" in t for t in said)


async def test_more_pages_and_a_type_of_the_same_level_keeps_the_deadlines(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5202)
    before = await ticket_of_card(bot, card)
    menu = await _menu(control, SUPERVISOR, card, before.id)
    for page in range(5):  # "more", then "next" to the fifth page
        await press(control, SUPERVISOR, menu, f"staff:tp:{before.id}:{page}")
    [paged] = [m for m in await control.messages(STAFF_CHAT_ID)
               if m["message_id"] == menu["message_id"]]
    assert f"staff:ts:{before.id}:{NOISE_NEIGHBOUR}" in buttons(paged)
    assert f"staff:tp:{before.id}:3" in buttons(paged)
    await press(control, SUPERVISOR, paged, f"staff:ts:{before.id}:{NOISE_NEIGHBOUR}")
    [after] = await tickets(bot)
    assert (after.problem_type, after.category_level1) == ("noise_neighbour", "政法")
    assert after.urgency == "normal"
    assert (after.respond_due_at, after.resolve_due_at) == (before.respond_due_at,
                                                            before.resolve_due_at)
    [event] = await _events(bot, after.id)
    assert not event.payload["deadlines_recomputed"]


async def test_a_stranger_or_forged_data_changes_nothing(bot, control):
    await team(control)
    _, card = await open_ticket(control, 5203)
    before = await ticket_of_card(bot, card)
    menu = await _menu(control, WORKER, card, before.id)
    await press(control, STRANGER, menu, f"staff:ts:{before.id}:{HEATING_OFF}", forge=True)
    await press(control, WORKER, menu, f"staff:ts:{before.id}:999", forge=True)
    await press(control, WORKER, menu, f"staff:ts:{before.id}:heating_off", forge=True)
    await press(control, STRANGER, card, f"staff:type:{before.id}")
    [after] = await tickets(bot)
    assert after.version == before.version and after.problem_type == before.problem_type
    assert await _events(bot, before.id) == []
