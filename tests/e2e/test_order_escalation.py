"""Overdue work orders escalated (吹哨) through the local Bot API, on a controlled clock.

Two services hold parallel orders of one ticket. Past the respond deadline: a reminder in
each order's topic and a card to the street (the desk's group, the street leader
privately) — once, and not again after a restart. A worker's 吹哨 is refused; the desk's
supervisor blows it once (a double tap sends nothing more): the summons reaches the unit's
group and its head privately, the card says who, the audit says so. One head reports in;
the other does not: the second level goes to the leader once, for that one only.
"""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest

from domain.outbox import staged
from handlers.staff.escalation import JOB_NAME, tick
from tests.helpers.botharness import make_settings, running_bot, settled
from tests.helpers.resident import Resident, buttons
from tests.helpers.staff import press, street, ticket_of_card

DESK, JS1, HEAT, WATER = -1001000000010, -1001000000011, -1001000000020, -1001000000021
GROUPS = {DESK: "街道平台", JS1: "一社区", HEAT: "供热公司", WATER: "自来水公司"}
LEAD, HW, HEAT_HEAD, WATER_HEAD, DESK_SUP, LEADER = 9401, 9402, 9403, 9404, 9405, 9406
PEOPLE = {LEAD: "李", HW: "热", HEAT_HEAD: "赵", WATER_HEAD: "钱", DESK_SUP: "台",
          LEADER: "街"}
STREET = {
    "units": [
        {"code": "desk", "name": "街道平台", "kind": "desk", "chat_id": DESK},
        {"code": "js-1", "name": "一社区", "kind": "community", "chat_id": JS1,
         "buildings": [5]},
        {"code": "heat", "name": "供热公司", "kind": "service", "chat_id": HEAT},
        {"code": "water", "name": "自来水公司", "kind": "service", "chat_id": WATER},
    ],
    "staff": [
        {"telegram_user_id": LEAD, "name": "李", "units": {"js-1": "supervisor"}},
        {"telegram_user_id": HW, "name": "热", "units": {"heat": "worker"}},
        {"telegram_user_id": HEAT_HEAD, "name": "赵", "units": {"heat": "supervisor"}},
        {"telegram_user_id": WATER_HEAD, "name": "钱", "units": {"water": "supervisor"}},
        {"telegram_user_id": DESK_SUP, "name": "台", "units": {"desk": "supervisor"}},
        {"telegram_user_id": LEADER, "name": "街", "units": {"js-1": "worker"},
         "street_leader": True},
    ],
}


@pytest.fixture
async def bot_settings(migrated_db_url, uow_factory, local_api):
    await street(uow_factory, local_api, STREET, GROUPS)
    return make_settings(migrated_db_url)


async def _texts(control, chat_id, words: str) -> list[dict]:
    return [m for m in await control.messages(chat_id)
            if m.get("from", {}).get("is_bot") and words in (m.get("text") or "")]


async def _tick(app, now: datetime) -> int:
    """One run of the escalation job as the JobQueue runs it: staged, through the outbox."""
    svc = app.bot_data["services"]
    async with staged(svc.transaction, svc.uow_factory, kind="reminder",
                      written=svc.outbox_written):
        done = await tick(app.bot, svc, now=now)
    await settled()
    return done


async def _two_orders(app, control) -> list:
    """A resident reports; 一社区 dispatches to heat and water; returns both orders."""
    r = await Resident(control, 5501).join()
    for step in ("暖气不热", "intake:cat:0", "intake:cl:1", "5号楼2单元301", "13800138000",
                 "intake:when:tomorrow_am", "intake:urg:normal", "intake:ok"):
        await (r.tap(step) if step.startswith("intake:") else r.say(step))
    [card] = await control.wait_for_bot_messages(JS1)
    ticket_id = (await ticket_of_card(app, card)).id
    async with app.bot_data["services"].uow_factory() as uow:
        units = {u.code: u.id for u in await uow.units.list_all()}
    for unit in ("heat", "water"):
        await press(control, LEAD, card, f"staff:od:{ticket_id}:{units[unit]}", forge=True,
                    chat_id=JS1)
    await control.wait_for_bot_messages(HEAT)
    await control.wait_for_bot_messages(WATER)
    await settled()
    async with app.bot_data["services"].uow_factory() as uow:
        return [SimpleNamespace(id=o.id, ticket_id=o.ticket_id, respond_due_at=o.respond_due_at,
                                staff_thread_id=o.staff_thread_id)
                for o in await uow.orders.of_ticket(ticket_id)]


async def _answers(control, chat_id, message) -> list[dict]:
    """The bot's answers to presses of ``message``."""
    return [m for m in await control.messages(chat_id)
            if m["message_id"] == message["message_id"]][0]["callback_answers"]


async def _events(app, ticket_id, kind):
    async with app.bot_data["services"].uow_factory() as uow:
        return [(e.actor_id, dict(e.payload)) for e in
                await uow.events.list_for_ticket(ticket_id, kind)]


async def test_escalation_across_a_restart_summons_and_second_level(local_api, control,
                                                                    bot_settings):
    async with running_bot(local_api, bot_settings) as app:
        for user_id, name in PEOPLE.items():
            await control.create_user(user_id, name, staff_role="member")
        assert app.job_queue.get_jobs_by_name(JOB_NAME)  # the scheduled job runs the tick
        heat, water = await _two_orders(app, control)
        late = heat.respond_due_at + timedelta(minutes=30)
        assert await _tick(app, heat.respond_due_at - timedelta(minutes=1)) == 0
        assert await _tick(app, late) == 2  # both orders, nobody took them
        assert await _tick(app, late) == 0
    async with running_bot(local_api, bot_settings) as app:  # a restart
        assert await _tick(app, late + timedelta(minutes=10)) == 0
        [reminder] = await _texts(control, HEAT, "已超过响应时限")
        assert reminder["message_thread_id"] == heat.staff_thread_id and "30分钟" in \
            reminder["text"]
        assert len(await _texts(control, WATER, "已超过响应时限")) == 1
        cards = await _texts(control, DESK, "派件超时")
        assert len(cards) == 2 and len(await _texts(control, LEADER, "派件超时")) == 2
        heat_card = next(c for c in cards if "供热公司" in c["text"])
        water_card = next(c for c in cards if "自来水公司" in c["text"])
        assert heat_card["text"].count("\n") == 4 and "已超时：30分钟" in heat_card["text"]
        [summon] = buttons(heat_card)
        assert summon.startswith("esc:summon:")

        # a worker of the unit (no street role) is refused; nothing is sent
        await press(control, HW, heat_card, summon, forge=True, chat_id=DESK)
        [refused] = await _answers(control, DESK, heat_card)
        assert refused["show_alert"] and "只有街道主管" in refused["text"]
        assert await _texts(control, HEAT, "吹哨") == []
        forged = "esc:summon:99999999999999999999"  # forged data: refused, nothing sent
        await press(control, HW, heat_card, forged, forge=True, chat_id=DESK)
        assert (await _answers(control, DESK, heat_card))[-1]["show_alert"]
        assert await _texts(control, HEAT, "吹哨") == []

        pressed = await press(control, DESK_SUP, heat_card, summon, chat_id=DESK)
        await press(control, DESK_SUP, heat_card, summon, forge=True, chat_id=DESK)  # again
        assert (await _answers(control, DESK, heat_card))[-1]["text"] == "已经吹过哨了。"
        [to_unit] = await _texts(control, HEAT, "吹哨")
        assert to_unit["message_thread_id"] == heat.staff_thread_id
        assert "台 召集 供热公司 负责人" in to_unit["text"]
        [to_head] = await _texts(control, HEAT_HEAD, "吹哨")
        assert buttons(to_head) == [summon.replace("summon", "ack")]
        edited = await control.wait_for_edit(DESK, heat_card["message_id"], pressed["seq"] - 1)
        assert "台 已于" in edited["text"] and not buttons(edited)
        [leader_copy] = [m for m in await _texts(control, LEADER, "派件超时")
                         if "供热公司" in m["text"]]
        assert "台 已于" in leader_copy["text"]
        async with app.bot_data["services"].uow_factory() as uow:
            desk_sup = (await uow.staff.get_by_telegram_id(DESK_SUP)).id
        assert await _events(app, heat.ticket_id, "order_summoned") == [
            (desk_sup, {"order": heat.id, "kind": "respond"})]

        # a worker is not the unit's head: refused, the summons still waits
        await press(control, HW, to_unit, buttons(to_unit)[0], chat_id=HEAT)
        [not_head] = await _answers(control, HEAT, to_unit)
        assert not_head["show_alert"] and "负责人" in not_head["text"]

        # water: summoned too, and its head reports in
        [water_summon] = buttons(water_card)
        await press(control, LEADER, water_card, water_summon, forge=True, chat_id=DESK)
        [water_to_head] = await _texts(control, WATER_HEAD, "吹哨")
        await press(control, WATER_HEAD, water_to_head, buttons(water_to_head)[0],
                    chat_id=WATER_HEAD)
        assert len(await _texts(control, DESK, "钱 已报到")) == 1

        hours = bot_settings.order_summons_answer_hours
        first = datetime.now(bot_settings.tz) + timedelta(hours=hours, minutes=1)
        second_at = max(first, late + timedelta(hours=hours, minutes=1))
        assert await _tick(app, second_at) == 1  # heat only: water answered
        assert await _tick(app, second_at + timedelta(hours=1)) == 0
    [level2] = await _texts(control, LEADER, "二级督办")
    assert "供热公司" in level2["text"] and "4小时" in level2["text"]
    assert len(await _texts(control, DESK, "二级督办")) == 1
    assert await _texts(control, WATER_HEAD, "二级督办") == []
