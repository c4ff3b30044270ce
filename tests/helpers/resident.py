"""A simulated resident for end-to-end tests: says things, taps buttons, reads replies."""

from __future__ import annotations

from types import SimpleNamespace

from bot.localapi.client import ControlClient
from handlers.keyboards import PROMPT_VERBS
from tests.helpers.botharness import STAFF_CHAT_ID


class Resident:
    """One user in a private chat with the bot; every call waits for the bot's answer."""

    def __init__(self, control: ControlClient, user_id: int) -> None:
        self.control = control
        self.user_id = user_id
        self.last: dict | None = None  # the bot's latest message

    async def join(self, name: str = "王阿姨", language_code: str = "zh") -> Resident:
        """Creates the user."""
        await self.control.create_user(self.user_id, name, language_code=language_code)
        return self

    async def _wait(self, after: int, count: int = 1) -> list[dict]:
        replies = await self.control.wait_for_bot_messages(self.user_id, after=after,
                                                           count=count)
        self.last = replies[-1]
        return replies

    async def say(self, text: str, count: int = 1) -> dict:
        """Sends text; returns the bot's (last) reply."""
        sent = await self.control.send_text(self.user_id, text)
        return (await self._wait(sent["message"]["message_id"], count))[-1]

    async def send(self, count: int = 1, **content) -> dict:
        """Sends any content (location=, contact=, photo=, sticker=...)."""
        sent = await self.control.send(self.user_id, **content)
        return (await self._wait(sent["message"]["message_id"], count))[-1]

    async def tap(self, data: str, message: dict | None = None, count: int = 1) -> dict:
        """Taps a button of the bot's latest message (or ``message``); returns the reply.

        ``data`` may leave out the prompt tag intake buttons end with (``button_data``).
        """
        target = message or self.last
        newest = await self.newest_id()
        await self.control.press(self.user_id, target["message_id"], button_data(target, data))
        return (await self._wait(newest, count))[-1]

    async def newest_id(self) -> int:
        """The id of the newest message in the chat."""
        messages = await self.control.messages(self.user_id)
        return max((m["message_id"] for m in messages), default=0)


def button_data(message: dict, data: str) -> str:
    """The callback data of the button that is ``data``, or ``data`` plus its prompt tag."""
    found = [d for d in raw_buttons(message) if d == data or _untagged(d) == data]
    return found[0] if len(found) == 1 else data


def buttons(message: dict) -> list[str]:
    """The callback data of every inline button, intake prompt tags left out."""
    return [_untagged(d) for d in raw_buttons(message)]


def raw_buttons(message: dict) -> list[str]:
    """The callback data of every inline button on a message, as sent."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b.get("callback_data") for row in rows for b in row]


def _untagged(data: str | None) -> str | None:
    """``intake:cat:0:1f2e3d`` -> ``intake:cat:0``; other data unchanged."""
    if not data or not data.startswith("intake:"):
        return data
    head, _, tail = data.rpartition(":")
    verb = data.removeprefix("intake:").split(":", 1)[0]
    tagged = len(tail) == 6 and all(c in "0123456789abcdef" for c in tail)
    return head if verb in PROMPT_VERBS and tagged and head != "intake" else data


async def reach_card(r: Resident, first: str = "暖气不热") -> dict:
    """Walks a Chinese resident from the first message to the read-back card."""
    await r.say(first)
    await r.tap("intake:cat:0")
    await r.tap("intake:cl:1")
    await r.say("5号楼2单元301")
    await r.say("13800138000")
    await r.tap("intake:when:tomorrow_am")
    return await r.tap("intake:urg:normal")


async def tickets(app) -> list:
    """Every ticket in the bot's database (as plain objects), oldest first."""
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.tickets.list_by_status(
            ["new", "claimed", "resolved", "closed", "reopened", "withdrawn"])
        return [SimpleNamespace(**{c: getattr(t, c) for c in t.__table__.columns.keys()})
                for t in rows]


async def neighbour_offered_to_join(control: ControlClient, first_id: int,
                                    second_id: int) -> tuple[Resident, dict]:
    """A first resident opens a heating ticket in building 5; a neighbour reporting the same
    reaches the join offer. Returns the neighbour and the offer message."""
    first = await Resident(control, first_id).join()
    await reach_card(first)
    await first.tap("intake:ok")
    second = await Resident(control, second_id).join()
    await second.say("暖气不热")
    await second.tap("intake:cat:0")
    await second.tap("intake:cl:0")
    await second.say("5号楼1单元101")
    await second.say("13900139000")
    await second.tap("intake:when:today")
    return second, await second.tap("intake:urg:normal")


async def report_in_own_words(control: ControlClient, user_id: int, words: str,
                              name: str = "王阿姨", phone: str = "13800138000",
                              address: str = "5号楼2单元301") -> tuple[Resident, dict]:
    """A resident reports in their own words, answering whatever the bot asks next.

    Returns the resident and the card the staff group received.
    """
    from tests.helpers.staff import newest  # the staff helpers import this module

    r = await Resident(control, user_id).join(name)
    await r.say(words)
    for _ in range(10):
        data = buttons(r.last)
        if any(d.startswith("intake:ok") for d in data):
            break
        for verb, tap in (("cat", "intake:cat:0"), ("cl", "intake:cl:1"),
                          ("when", "intake:when:tomorrow_am"), ("urg", "intake:urg:normal")):
            if any(d.startswith(f"intake:{verb}:") for d in data):
                await r.tap(tap)
                break
        else:
            await r.say(phone if "联系" in r.last["text"] else address)
    before = await newest(control)
    await r.tap("intake:ok")
    [card] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    return r, card
