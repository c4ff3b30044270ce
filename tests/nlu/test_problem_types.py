"""The plain-word problem types: the shipped file, its loader and the example guesser."""

import re
from pathlib import Path

import pytest

from bot.settings import Settings
from domain.intake.levels import assess
from domain.sla import LEVELS as DOMAIN_LEVELS
from nlu.categories import load_taxonomy
from nlu.problem_guess import ProblemGuesser
from nlu.problem_types import LEVELS, ProblemTypes, load_problem_types, read_problem_types
from nlu.residents_set import read_resident_set
from nlu.textsim import near_duplicates

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
DEFAULT_DEPARTMENTS = [d.strip() for d in
                       Settings.model_fields["staff_departments"].default.split(",")]


@pytest.fixture(scope="module")
def types() -> ProblemTypes:
    return load_problem_types()


def test_forty_to_sixty_types_with_unique_ids(types):
    ids = types.ids()
    assert 40 <= len(ids) <= 60
    assert len(set(ids)) == len(ids)


def test_every_leaf_is_a_leaf_of_the_taxonomy(types):
    leaves = set(load_taxonomy().leaves)
    assert [t.id for t in types.types if t.leaf not in leaves] == []


def test_names_in_both_languages(types):
    for t in types.types:
        assert CJK.search(t.zh), t.id
        assert t.en.isascii() and t.en[:1].isupper(), t.id


def test_levels_are_the_domain_levels_and_feed_the_assessment(types):
    assert LEVELS == DOMAIN_LEVELS
    for t in types.types:
        assert t.level in DOMAIN_LEVELS
        assert assess("有点事", type_level=t.level).level == t.level
    assert types.get("gas_leak").level == "emergency"
    assert types.get("lift_trapped").level == "emergency"


def test_three_to_twenty_examples_none_from_the_evaluation_set(types):
    _, messages = read_resident_set(ROOT / "nlu" / "eval" / "residents.yml")
    examples = [x for t in types.types for x in t.examples]
    assert all(3 <= len(t.examples) <= 20 for t in types.types)
    assert near_duplicates([m.text for m in messages], examples, threshold=0.8) == []


def test_the_evaluation_set_names_known_types_and_their_classes(types):
    _, messages = read_resident_set(ROOT / "nlu" / "eval" / "residents.yml")
    for m in messages:
        assert set(m.types) <= set(types.ids()), m.text
        assert set(m.classes) == {types.get(t).first_level for t in m.types}, m.text


def test_department_kinds_map_onto_the_default_staff_departments(types):
    kinds = {t.department for t in types.types}
    assert kinds <= set(types.departments)
    mapped = {v for v in types.departments.values() if v}
    assert mapped <= set(DEFAULT_DEPARTMENTS)
    assert types.staff_department("heating_cold", DEFAULT_DEPARTMENTS) == "供热公司"
    assert types.staff_department("water_cut", DEFAULT_DEPARTMENTS) == "自来水公司"
    assert types.staff_department("power_cut", DEFAULT_DEPARTMENTS) == "供电公司"
    assert types.staff_department("illegal_building", DEFAULT_DEPARTMENTS) == "城管执法"
    assert types.staff_department("lift_broken", DEFAULT_DEPARTMENTS) == "物业公司"
    assert types.staff_department("subsistence", DEFAULT_DEPARTMENTS) is None
    assert types.staff_department("heating_cold", ["物业公司"]) is None  # not configured


GOOD = """departments: {物业: 物业公司}
types:
- id: a
  zh: 电梯坏了
  en: Lift broken
  leaf: 城乡建设/住房保障与房地产/物业服务
  department: 物业
  level: urgent
  examples: [电梯停了, 电梯不动, 电梯有异响]
"""


@pytest.mark.parametrize(("change", "complaint"), [
    (("leaf: 城乡建设/住房保障与房地产/物业服务", "leaf: 城乡建设/住房保障与房地产"), "a leaf"),
    (("level: urgent", "level: high"), "a level"),
    (("en: Lift broken", "en: ''"), "a zh and an en name"),
    (("department: 物业", "department: 燃气"), "department kind"),
    (("examples: [电梯停了, 电梯不动, 电梯有异响]", "examples: [电梯停了]"), "examples"),
])
def test_a_bad_type_is_refused_by_name(tmp_path, change, complaint):
    path = tmp_path / "types.yml"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ValueError, match=f"problem type a: needs .*{complaint}"):
        read_problem_types(path)


def test_duplicate_ids_are_refused(tmp_path):
    path = tmp_path / "types.yml"
    path.write_text(GOOD + GOOD.split("types:\n", 1)[1], encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate ids"):
        read_problem_types(path)
    path.write_text(GOOD, encoding="utf-8")
    assert read_problem_types(path).ids() == ["a"]


def test_the_guesser_picks_the_type_of_the_nearest_example(tmp_path):
    path = tmp_path / "types.yml"
    path.write_text(GOOD + """- id: b
  zh: 停水
  en: Water cut
  leaf: 城乡建设/城市建设和市政管理/自来水供应
  department: 物业
  level: urgent
  examples: [家里没有水, 水龙头不出水, the water is off]
""", encoding="utf-8")
    guesser = ProblemGuesser(read_problem_types(path))
    assert guesser.guess("我家电梯又停了") == "a"
    assert guesser.guess("厨房的水龙头一点水都不出") == "b"
    assert guesser.guess("Water is off again") == "b"
    assert guesser.guess("電梯有異響") == "a"  # traditional script folds to simplified
    assert guesser.guess("hello there") is None
    assert {t for t, _ in guesser.rank("电梯停水", 5)} == {"a", "b"}


def test_the_guesser_on_the_shipped_types(types):
    guesser = ProblemGuesser(types)
    assert guesser.guess("闻着家里有一股煤气味") == "gas_leak"
    assert guesser.guess("单元楼的电梯又停了") == "lift_broken"
    assert guesser.guess("") is None
    ranking = guesser.rank("楼道里的灯坏了", 3)
    assert len(ranking) == 3 and ranking[0][0] == "corridor_light"
    assert ranking[0][1] >= ranking[1][1] >= ranking[2][1]
