"""Pure intake rules: next step, phone numbers, cutting, emergencies, clarifying data."""

import pytest

from domain.intake import clarify
from domain.intake.draft import (
    CATEGORY,
    CLARIFY,
    PHONE,
    REVIEW,
    URGENCY,
    WHAT,
    WHEN,
    WHERE,
    Draft,
    cut,
    next_step,
)
from domain.intake.emergency import is_emergency
from domain.intake.phone import normalize_phone

HEATING = "城乡建设/城市建设和市政管理/冬季采暖"


def test_next_step_asks_only_what_is_missing():
    draft = Draft()
    assert next_step(draft) == WHAT
    draft.description, draft.category = "暖气不热", HEATING
    assert next_step(draft) == CATEGORY
    draft.category_confirmed = True
    assert next_step(draft) == CLARIFY
    draft.clarification["heating"] = "my_flat"
    assert next_step(draft) == WHERE
    draft.set_address({"building": "5", "unit": "2", "room": "301"})
    assert next_step(draft) == PHONE
    draft.phone = draft.phone_normalized = "13800138000"
    assert next_step(draft) == WHEN
    draft.visit_window = "今天"
    assert next_step(draft) == URGENCY
    draft.urgency = "normal"
    assert next_step(draft) == REVIEW


def test_a_correction_changes_one_part_and_a_new_building_resets_the_rest():
    draft = Draft(building="5", unit="5", room="301")
    draft.set_address({"unit": "6"})
    assert (draft.building, draft.unit, draft.room) == ("5", "6", "301")
    draft.set_address({"building": "7"})
    assert (draft.building, draft.unit, draft.room) == ("7", None, None)


def test_draft_round_trips_through_json():
    draft = Draft(description="x", photos=["f"], clarification={"water": "leak"})
    assert Draft.from_dict(draft.to_dict() | {"unknown": 1}) == draft


@pytest.mark.parametrize(("raw", "normal"), [
    ("13812345678", "13812345678"), ("+86 138 1234 5678", "13812345678"),
    ("０１０-６４００１２３４", "010-64001234"), ("0755 2345678", "0755-2345678"),
    ("62345678", "62345678"), ("12345", None), ("", None), ("abc", None),
])
def test_phone_numbers(raw, normal):
    assert normalize_phone(raw) == normal


def test_cut_prefers_a_sentence_end():
    text, was_cut = cut("好。" * 600)
    assert was_cut and len(text) <= 1000 and text.endswith("。")
    assert cut("short") == ("short", False)


@pytest.mark.parametrize("text", ["闻到煤气味", "电梯里有人被困", "There is smoke in the hall"])
def test_emergencies_by_keyword(text):
    assert is_emergency(text)


def test_emergency_by_intent_and_not_otherwise():
    assert is_emergency("help", "emergency")
    assert not is_emergency("暖气不热", "report_problem")


def test_clarifying_questions_are_data():
    assert clarify.question_for(HEATING).options == ("whole_building", "my_flat")
    assert clarify.question_for("环境保护/环境污染/噪音污染") is None
    assert clarify.question_for(None) is None
    assert HEATING in clarify.other_choices()
