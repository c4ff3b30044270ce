"""The problem types' examples as training data of both engines (nlu/type_training.py)."""

from pathlib import Path

import pytest

from nlu.categories import retrieval_categories
from nlu.embedded.data import read_type_examples
from nlu.problem_types import load_problem_types, read_problem_types
from nlu.type_training import examples_by_intent, intent_of_types, type_examples

ROOT = Path(__file__).resolve().parents[2]
NLU = ROOT / "nlu"
TYPE = """departments: {{物业: 物业公司}}
types:
- id: lift
  zh: 电梯坏了
  en: Lift broken
  leaf: {leaf}
  department: 物业
  level: urgent
{intent}  examples: [电梯停了, 电梯不动了, 电梯有异响]
"""


def types_with(tmp_path, leaf, intent=""):
    path = tmp_path / "types.yml"
    path.write_text(TYPE.format(leaf=leaf, intent=f"  intent: {intent}\n" if intent else ""),
                    encoding="utf-8")
    return read_problem_types(path)


def test_every_shipped_type_trains_an_intent_of_its_leaf():
    types, categories = load_problem_types(), retrieval_categories(NLU)
    intents = intent_of_types(types, categories)
    assert set(intents) == set(types.ids())
    assert all(categories[intents[t.id]] == t.leaf for t in types.types)
    assert intents["lift_broken"] == intents["lift_trapped"] == "report_problem/elevator"
    assert intents["property_fee"] == "report_problem/property_service"
    assert intents["hardship_aid"] == "report_problem/hardship_aid"


def test_a_leaf_with_several_intents_needs_the_type_to_name_one(tmp_path):
    leaf = "城乡建设/住房保障与房地产/物业服务"
    categories = {"report_problem/elevator": leaf, "report_problem/property_service": leaf}
    with pytest.raises(ValueError, match="problem type lift: .* 2 retrieval intents"):
        intent_of_types(types_with(tmp_path, leaf), categories)
    named = intent_of_types(types_with(tmp_path, leaf, "elevator"), categories)
    assert named == {"lift": "report_problem/elevator"}
    with pytest.raises(ValueError, match="report_problem/heating is not a retrieval intent"):
        intent_of_types(types_with(tmp_path, leaf, "heating"), categories)


def test_a_leaf_without_an_intent_is_refused(tmp_path):
    types = types_with(tmp_path, "城乡建设/城市建设和市政管理/冬季采暖")
    with pytest.raises(ValueError, match="has 0 retrieval intents"):
        intent_of_types(types, {"report_problem/elevator": "城乡建设/住房保障与房地产/物业服务"})


def test_emergency_types_train_the_emergency_intent_the_others_their_leafs():
    types = load_problem_types()
    rows = type_examples(NLU)
    assert len(rows) == sum(len(t.examples) for t in types.types)
    by_text = {text: (intent, leaf) for text, intent, leaf in rows}
    for problem in types.types:
        for text in problem.examples:
            intent, leaf = by_text[text]
            assert leaf == problem.leaf
            assert (intent == "emergency") == (problem.level == "emergency"), problem.id
    grouped = examples_by_intent(NLU)
    assert set(types.get("gas_leak").examples) <= set(grouped["emergency"])
    assert set(types.get("heating_cold").examples) <= set(grouped["report_problem/heating"])


def test_the_embedded_engine_reads_them_as_examples_of_their_intent_and_leaf(engine):
    examples = read_type_examples(NLU)
    heating = next(e for e in examples if e.text == "暖气一头热一头凉，是不是管子里有空气")
    assert (heating.intent, heating.category) == (
        "report_problem", "城乡建设/城市建设和市政管理/冬季采暖")
    assert engine.bundle.stats["intent_examples"] >= len(examples)


def test_a_project_without_types_has_no_type_examples(tmp_path):
    assert type_examples(tmp_path) == [] and examples_by_intent(tmp_path) == {}


def test_changing_the_types_retrains_the_cached_model(tmp_path):
    import shutil

    from nlu.embedded import EmbeddedEngine

    project = tmp_path / "nlu"
    shutil.copytree(NLU, project, ignore=shutil.ignore_patterns("eval", "tests"))
    first = EmbeddedEngine.load(project, cache_dir=tmp_path / "cache")
    path = project / "problem_types.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  - 暖气片一半凉一半热\n", "  - 暖气片上面热下面凉\n", 1),
        encoding="utf-8")
    second = EmbeddedEngine.load(project, cache_dir=tmp_path / "cache")
    assert second.trained and second.cache_path.name != first.cache_path.name


def test_with_history_the_types_examples_train_intents_not_categories():
    from nlu.categories import load_taxonomy
    from nlu.embedded.data import Example
    from nlu.embedded.model import category_training_set

    leaf = "城乡建设/住房保障与房地产/物业服务"
    examples = [Example("电梯不动了", "report_problem", leaf, from_types=True),
                Example("物业不管事", "report_problem", leaf)]
    taxonomy = load_taxonomy()
    coarse, fine = category_training_set(examples, [], taxonomy)
    assert {t for t, _ in fine} == {"电梯不动了", "物业不管事"}
    coarse, fine = category_training_set(examples, [("学校乱收费", "教育文体")], taxonomy)
    assert {t for t, _ in fine} == {"物业不管事"}
    assert "电梯不动了" not in {t for t, _ in coarse}
