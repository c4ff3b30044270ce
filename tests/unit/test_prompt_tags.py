"""Intake prompt buttons carry the prompt's tag; other buttons are left as they are."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from handlers import keyboards
from handlers.intake.prompts import confirm_key, new_prompt_tag


def _data(markup):
    return [b.callback_data for row in markup.inline_keyboard for b in row]


def test_prompt_bound_buttons_get_the_tag_and_the_rest_do_not():
    card = keyboards.tag_prompt(keyboards.card("zh"), "a1b2c3")
    assert "intake:ok:a1b2c3" in _data(card)
    assert "intake:edit:where:a1b2c3" in _data(card)
    assert "intake:cancel" in _data(card)  # valid at any step: no tag
    other = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="tk:wd:5")]])
    assert _data(keyboards.tag_prompt(other, "a1b2c3")) == ["tk:wd:5"]
    reply = keyboards.phone("zh")
    assert keyboards.tag_prompt(reply, "a1b2c3") is reply
    assert isinstance(reply, ReplyKeyboardMarkup)


def test_tags_are_short_fresh_and_keep_data_under_telegrams_64_bytes():
    tags = {new_prompt_tag() for _ in range(200)}
    assert len(tags) > 190 and all(len(t) == 6 for t in tags)
    longest = max(_data(keyboards.tag_prompt(keyboards.when("en"), "ffffff")), key=len)
    assert len(longest.encode()) <= 64


def test_a_tap_and_a_typed_yes_on_one_card_share_the_idempotency_key():
    assert confirm_key(7, "a1b2c3") == confirm_key(7, "a1b2c3", 99) == "intake:7:ta1b2c3"
    assert confirm_key(7, None, 99) == "intake:7:99"  # a draft stored before tags
