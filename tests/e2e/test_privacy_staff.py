"""What staff see of a resident's words: numbers masked on every path, tricks removed."""

from datetime import datetime

import pytest

from domain.rates import report
from tests.helpers.botharness import STAFF_CHAT_ID, make_settings
from tests.helpers.resident import report_in_own_words
from tests.helpers.staff import (
    ADMIN,
    SUPERVISOR,
    WORKER,
    newest,
    press,
    resident_writes,
    team,
    ticket_of_card,
    worker_writes,
)
from tests.helpers.surveys import answer, resolved_ticket, sent_survey, surveys_of

FULL_WIDTH = "１３８０１１１２２２２"
SPACED = "138 0111 2222"


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


def _shows_no_number(text: str) -> None:
    assert "0111" not in text and "０１１１" not in text and "01112222" not in text, text


async def _report_with_words(control, user_id, words):
    return await report_in_own_words(control, user_id, words)


async def test_the_card_masks_numbers_in_the_description_and_drops_overrides(bot, control):
    await team(control)
    _, card = await _report_with_words(
        control, 6101, f"暖气不热\u202e，有事打{FULL_WIDTH}或者 {SPACED}\x1b[31m")
    assert "有事打138****2222或者 138****2222" in card["text"]
    _shows_no_number(card["text"])
    assert "\u202e" not in card["text"] and "\x1b" not in card["text"]
    ticket = await ticket_of_card(bot, card)
    assert FULL_WIDTH in ticket.description and "\u202e" in ticket.description  # as written
    before = await newest(control)  # /ticket shows the same masked card
    await control.send_text(SUPERVISOR, f"/ticket {ticket.code}", chat_id=STAFF_CHAT_ID)
    shown = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert any("138****2222" in m["text"] for m in shown)
    for m in shown:
        _shows_no_number(m["text"])


async def test_a_relayed_message_is_masked(bot, control):
    await team(control)
    r, card = await _report_with_words(control, 6102, "楼道灯不亮")
    ticket = await ticket_of_card(bot, card)
    await press(control, WORKER, card, f"staff:claim:{ticket.id}")
    await worker_writes(control, r, card, "今天下午去看")
    relayed = await resident_writes(control, r, f"我换号了，新号码 {SPACED}")
    assert "138****2222" in relayed["text"]
    _shows_no_number(relayed["text"])


async def test_a_survey_comment_is_masked(bot, control):
    await team(control)
    resident, _, ticket = await resolved_ticket(control, bot, 6103)
    notice = await sent_survey(control, bot, resident)
    sid = (await surveys_of(bot, ticket.id))[0]["id"]
    pressed = await answer(control, resident.user_id, notice, f"sv:{sid}:s:y")
    edited = await control.wait_for_edit(resident.user_id, notice["message_id"],
                                         since=pressed["seq"])
    after = await resident.newest_id()
    await answer(control, resident.user_id, edited, f"sv:{sid}:f:b")
    await control.wait_for_bot_messages(resident.user_id, after=after)
    before = await newest(control)
    await resident.say(f"下次直接打{FULL_WIDTH}")
    [note] = await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before)
    assert "138****2222" in note["text"]
    _shows_no_number(note["text"])


async def test_an_exclusion_reason_is_masked_in_the_rates(bot, control):
    await team(control)
    _, card = await _report_with_words(control, 6104, "邻居装修太吵")
    ticket = await ticket_of_card(bot, card)
    await press(control, SUPERVISOR, card, f"staff:exclude:{ticket.id}")
    since = (await control.history(STAFF_CHAT_ID))["seq"]
    await control.send_text(SUPERVISOR, f"物业的事，居民说打 {SPACED}", chat_id=STAFF_CHAT_ID,
                            message_thread_id=card["message_thread_id"])
    edited = await control.wait_for_edit(STAFF_CHAT_ID, card["message_id"], since=since)
    _shows_no_number(edited["text"])
    settings = bot.bot_data["services"].settings
    now = datetime.now(settings.tz)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    got = await report(bot.bot_data["services"].uow_factory, start, now.replace(year=now.year + 1),
                       now=now)
    [excluded] = got.excluded
    assert "138****2222" in excluded.reason
    before = await newest(control)
    await control.send_text(SUPERVISOR, "/kpi", chat_id=STAFF_CHAT_ID)
    for m in await control.wait_for_bot_messages(STAFF_CHAT_ID, after=before):
        _shows_no_number(m["text"])
