"""Offering and choosing problem types on a draft (pure logic; issue 20, item 1)."""

from __future__ import annotations

import pytest

from domain.intake.draft import Draft
from handlers.intake.card import choice_names
from handlers.intake.understand import choose_category, offer_for_edit, show_other_choices
from nlu.problem_types import load_problem_types, read_problem_types
from nlu.types import ParseResult

TYPES = load_problem_types()


def test_other_offers_the_short_list_with_each_types_leaf():
    draft = Draft(category="城乡建设")
    show_other_choices(draft)
    assert draft.type_choices == list(TYPES.other) and draft.problem_type is None
    assert draft.alternatives == [TYPES.get(t).leaf for t in TYPES.other]
    assert choice_names(draft, "zh") == [TYPES.get(t).zh for t in TYPES.other]
    assert choice_names(draft, "en") == [TYPES.get(t).en for t in TYPES.other]


def test_choosing_a_type_sets_type_leaf_and_level():
    draft = Draft()
    show_other_choices(draft)
    index = TYPES.other.index("lift_broken")
    assert choose_category(draft, index)
    kind = TYPES.get("lift_broken")
    assert (draft.problem_type, draft.category, draft.type_level, draft.category_confirmed) == (
        "lift_broken", kind.leaf, kind.level, True)
    assert draft.assessment().level == kind.level  # the type's default level counts


@pytest.mark.parametrize("index", [-1, 99])
def test_an_index_nothing_offers_is_refused(index):
    draft = Draft()
    show_other_choices(draft)
    assert not choose_category(draft, index) and not draft.category_confirmed


def test_a_draft_stored_before_types_still_offers_its_categories():
    old = Draft.from_dict({"category": "城乡建设/城市建设和市政管理/冬季采暖",
                           "alternatives": ["城乡建设/城市建设和市政管理/冬季采暖",
                                            "环境保护/环境污染/噪音污染"]})
    assert old.type_choices == [] and choice_names(old, "zh")[1] == "环境保护 · 噪音污染"
    assert choose_category(old, 1)
    assert old.category == "环境保护/环境污染/噪音污染" and old.problem_type is None


def test_changing_the_category_from_the_card_keeps_the_type_first():
    draft = Draft(problem_type="heating_cold", type_choices=["heating_cold", "heating_off"],
                  category=TYPES.get("heating_cold").leaf, category_confirmed=True)
    offer_for_edit(draft)
    assert draft.type_choices[:2] == ["heating_cold", "heating_off"]
    assert len(draft.type_choices) == 6 and draft.problem_type == "heating_cold"
    assert not draft.category_confirmed


def test_no_similar_type_offers_the_short_list(monkeypatch):
    from handlers.intake import understand
    draft = Draft()
    result = ParseResult(text="嗯", intent="report_problem", confidence=0.9,
                         category="城乡建设/其他/其他",
                         extras={"problem_type": None, "problem_types": [["rubbish", 0.05]]})
    understand.propose_category(draft, result, None)
    assert draft.problem_type is None and draft.type_choices == list(TYPES.other)
    assert draft.category == "城乡建设/其他/其他"  # kept until a type is chosen


def test_the_other_list_names_only_known_types(tmp_path):
    text = (load_problem_types.__wrapped__.__globals__["TYPES_FILE"]).read_text(encoding="utf-8")
    bad = tmp_path / "types.yml"
    bad.write_text(text.replace("other: [heating_cold,", "other: [no_such_type,"),
                   encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_type"):
        read_problem_types(bad)
