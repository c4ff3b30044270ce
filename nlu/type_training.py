"""The problem types' examples as training data, the same for both engines.

Every example of a type in ``nlu/problem_types.yml`` is a training example of the
retrieval intent ``report_problem/<slug>`` whose ``metadata.category`` is the type's leaf
(or the one the type names with ``intent:`` when its leaf has several) — except the
examples of a type whose default level is ``emergency`` (a gas leak, someone trapped in a
lift), which are examples of the ``emergency`` intent, as the conversation must tell them
apart. The embedded engine reads them as examples of that intent and of the type's leaf;
the Rasa project written for training (``nlu/rasa/project.py``) carries them in that intent.
"""

from __future__ import annotations

from pathlib import Path

from nlu.categories import retrieval_categories
from nlu.problem_types import ProblemTypes, read_problem_types

TYPES_NAME = "problem_types.yml"
RETRIEVAL = "report_problem"
EMERGENCY = "emergency"


def types_file(nlu_dir: Path) -> Path:
    """Where a project's problem types are (``<nlu_dir>/problem_types.yml``)."""
    return Path(nlu_dir) / TYPES_NAME


def intent_of_types(types: ProblemTypes, categories: dict[str, str]) -> dict[str, str]:
    """``type id → report_problem/<slug>``; raises ValueError for a type with no clear intent.

    ``categories`` maps each retrieval intent to its taxonomy path
    (``nlu.categories.retrieval_categories``).
    """
    by_leaf: dict[str, list[str]] = {}
    for intent, category in sorted(categories.items()):
        by_leaf.setdefault(category, []).append(intent)
    chosen = {}
    for problem in types.types:
        candidates = by_leaf.get(problem.leaf, [])
        named = f"{RETRIEVAL}/{problem.intent}" if problem.intent else None
        if named is not None and named not in candidates:
            raise ValueError(f"problem type {problem.id}: {named} is not a retrieval intent "
                             f"of its leaf {problem.leaf}")
        if named is None and len(candidates) != 1:
            raise ValueError(f"problem type {problem.id}: its leaf {problem.leaf} has "
                             f"{len(candidates)} retrieval intents {candidates}; name one "
                             f"with `intent:`")
        chosen[problem.id] = named or candidates[0]
    return chosen


def type_examples(nlu_dir: Path) -> list[tuple[str, str, str]]:
    """``(text, intent, leaf)`` of every type's example, in file order.

    ``intent`` is ``report_problem/<slug>`` or, for an emergency-level type, ``emergency``.
    Empty when the project has no problem-types file.
    """
    path = types_file(nlu_dir)
    if not path.exists():
        return []
    types = read_problem_types(path)
    intents = intent_of_types(types, retrieval_categories(Path(nlu_dir)))
    return [(text, EMERGENCY if problem.level == "emergency" else intents[problem.id],
             problem.leaf) for problem in types.types for text in problem.examples]


def examples_by_intent(nlu_dir: Path) -> dict[str, list[str]]:
    """Intent (``report_problem/<slug>`` or ``emergency``) → the types' examples that train it."""
    out: dict[str, list[str]] = {}
    for text, intent, _leaf in type_examples(nlu_dir):
        out.setdefault(intent, []).append(text)
    return out
