"""The type model learns from tickets staff confirmed, a bounded number per type."""

from nlu.embedded import EmbeddedEngine
from nlu.embedded.engine import TYPED_PER_TYPE
from nlu.problem_guess import type_extras
from nlu.problem_model import TypeModel, other_examples
from nlu.problem_types import load_problem_types

GATE = "家门口那个大铁门老是卡住"


def test_a_confirmed_description_teaches_its_type():
    assert type_extras("大铁门又卡住了", None)["problem_type"] != "door_access"
    types = load_problem_types()
    learnt = TypeModel(types, other_examples(types),
                       [("door_access", GATE), ("door_access", GATE + "，推不开"),
                        ("no_such", GATE)])  # an unknown type is left out
    assert type_extras("大铁门又卡住了", None, learnt)["problem_type"] == "door_access"
    assert "no_such" not in learnt.model.classes


def test_the_engine_keeps_the_most_recent_descriptions_of_each_type():
    engine = EmbeddedEngine.load(cache_dir=None)
    assert engine.problem_type("大铁门又卡住了") != "door_access"
    typed = [(f"{GATE}，第{i}次", "door_access") for i in range(TYPED_PER_TYPE + 10)]
    engine.learn_types(typed)
    assert engine.problem_type("大铁门又卡住了") == "door_access"
    assert engine.parse_sync("大铁门又卡住了，麻烦来修").extras["problem_type"] == "door_access"
    engine.learn_types([])
    assert engine.type_model is None  # nothing learnt: the shipped model
