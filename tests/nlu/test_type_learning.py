"""The type guesser learns from tickets staff confirmed, a bounded number per type."""

from nlu.embedded import EmbeddedEngine
from nlu.embedded.engine import TYPED_PER_TYPE
from nlu.problem_guess import ProblemGuesser, default_guesser
from nlu.problem_types import load_problem_types

GATE = "家门口那个大铁门老是卡住"


def test_a_confirmed_description_teaches_its_type():
    assert default_guesser().guess("大铁门又卡住了") != "door_access"
    learnt = ProblemGuesser(load_problem_types(), [("door_access", GATE), ("no_such", GATE)])
    assert learnt.guess("大铁门又卡住了") == "door_access"
    assert len(learnt.docs) == len(default_guesser().docs) + 1  # an unknown type is left out


def test_the_engine_keeps_the_most_recent_descriptions_of_each_type():
    engine = EmbeddedEngine.load(cache_dir=None)
    assert engine.problem_type("大铁门又卡住了") != "door_access"
    typed = [(f"{GATE}，第{i}次", "door_access") for i in range(TYPED_PER_TYPE + 10)]
    engine.learn_types(typed)
    assert engine.problem_type("大铁门又卡住了") == "door_access"
    assert len(engine.guesser.docs) == len(default_guesser().docs) + TYPED_PER_TYPE
    assert engine.parse_sync("大铁门又卡住了，麻烦来修").extras["problem_type"] == "door_access"
