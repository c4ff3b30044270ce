"""The staff /notice flow in end-to-end tests: a small town of residents, a draft typed
and clicked through in the staff group, and the rows behind it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from bot.localapi.client import ControlClient
from storage.models import Resident, Ticket
from tests.helpers.botharness import STAFF_CHAT_ID, settled
from tests.helpers.resident import buttons
from tests.helpers.staff import say

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"


async def town(app, control: ControlClient, first_id: int = 8_900_000) -> list[Resident]:
    """Four residents: 3-2 (zh), 5-1 (en), 7-1 with a heating ticket 60 days ago (zh),
    and 3-1 who turned heating notices off. Heating, city-wide, reaches the first three."""
    places = [("3", "2", "zh"), ("5", "1", "en"), ("7", "1", "zh"), ("3", "1", "zh")]
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.residents.add_all([
            Resident(telegram_user_id=first_id + n, first_name=f"居民{n}", language=lang,
                     building=b, unit=u) for n, (b, u, lang) in enumerate(places)])
        await uow.tickets.add(Ticket(
            code="JS-20260924-0001", resident_id=rows[2].id, status="closed", category=HEATING,
            category_level1="城乡建设", description="暖气不热", building="7", unit="1",
            created_at=datetime.now(UTC) - timedelta(days=60)))
        await uow.subscriptions.set(rows[3].id, "heating", False)
        await uow.commit()
    for row in rows:
        await control.create_user(row.telegram_user_id, row.first_name,
                                  language_code=row.language)
    return rows


async def tap(control: ControlClient, user_id: int, message: dict, data: str,
              forge: bool = False) -> dict:
    """Presses a button in the group; returns the message once the bot answered the press.

    The bot answers the press at once; what the handler says (edits, posts) leaves through
    the outbox after its update committed, so this waits for the outbox too.
    """
    before = len(await answers(control, message))
    pressed = await control.press(user_id, message["message_id"], data, chat_id=STAFF_CHAT_ID,
                                  forge=forge)
    since = pressed["seq"]
    while True:
        changed = await control.wait_for_change(STAFF_CHAT_ID, since)
        for m in changed:
            if m["message_id"] == message["message_id"] and len(m["callback_answers"]) > before:
                await settled()  # its edits and posts went through the outbox after it
                return [n for n in await control.messages(STAFF_CHAT_ID)
                        if n["message_id"] == message["message_id"]][0]
        since = max([since, *(m["seq"] for m in changed)])


async def answers(control: ControlClient, message: dict) -> list[dict]:
    """The callback answers the bot gave to presses on a message."""
    return [m for m in await control.messages(STAFF_CHAT_ID)
            if m["message_id"] == message["message_id"]][0]["callback_answers"]


async def draft(control: ControlClient, user_id: int, *, zh: str = "明日9点停水",
                en: str | None = "Water off at 9:00", topic: str = "heating",
                audience: tuple[str, ...] = ("all",), emergency: bool = False,
                template: str | None = None) -> tuple[int, dict]:
    """Writes (or takes a template for) a notice up to its preview; (notice id, preview)."""
    [start] = await say(control, user_id, "/notice")
    notice_id = int(buttons(start)[0].split(":")[2])
    if template:
        step = await tap(control, user_id, start, f"nx:tpl:{notice_id}:{template}")
    else:
        await tap(control, user_id, start, f"nx:write:{notice_id}")
        [step] = await say(control, user_id, zh)
        if en is None:
            step = await tap(control, user_id, step, f"nx:skip:{notice_id}")
        else:
            [step] = await say(control, user_id, en)
    step = await tap(control, user_id, step, f"nx:topic:{notice_id}:{topic}")
    step = await tap(control, user_id, step, f"nx:aud:{notice_id}:{audience[0]}")
    if audience[0] != "all":
        [step] = await say(control, user_id, audience[1])
    preview = await tap(control, user_id, step, f"nx:emg:{notice_id}:{int(emergency)}")
    return notice_id, preview


async def notice_row(app, notice_id: int):
    """The stored notice (a detached snapshot)."""
    async with app.bot_data["services"].uow_factory() as uow:
        row = await uow.notices.get(notice_id)
        return SimpleNamespace(**{c: getattr(row, c) for c in row.__table__.columns.keys()})


async def seq(control: ControlClient) -> int:
    """The staff chat's change counter now (to wait for edits after it)."""
    return (await control.history(STAFF_CHAT_ID))["seq"]
