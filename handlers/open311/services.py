"""GeoReport services: the problem types, their attributes their category's question.

A type's leaf may have one clarifying question (``domain/data/clarify.yml``); it is the
service's one attribute, a single-value list.
"""

from __future__ import annotations

from typing import Any

from domain.intake.clarify import Question, question_for
from handlers.texts import text
from nlu.problem_types import ProblemType, load_problem_types


def question_of(problem: ProblemType) -> Question | None:
    """The clarifying question a type's leaf asks, or None."""
    return question_for(problem.leaf)


def find(code: str) -> ProblemType | None:
    """The type whose id is the service code, or None."""
    try:
        return load_problem_types().get(code)
    except KeyError:
        return None


def service_list(lang: str = "zh") -> list[dict[str, Any]]:
    """``GET services``: every type, its plain name and whether it has attributes."""
    return [{"service_code": p.id, "service_name": p.name(lang),
             "description": p.name("en" if lang == "zh" else "zh"),
             "metadata": question_of(p) is not None, "type": "realtime",
             "keywords": ",".join(p.examples[:3]), "group": p.first_level}
            for p in load_problem_types().types]


def definition(problem: ProblemType, lang: str = "zh") -> dict[str, Any]:
    """``GET services/{code}``: the type's attributes (its clarifying question, if any)."""
    question = question_of(problem)
    attributes = [] if question is None else [{
        "variable": True, "code": question.id, "datatype": "singlevaluelist",
        "required": False, "datatype_description": None, "order": 1,
        "description": text(lang, f"clarify_{question.id}"),
        "values": [{"key": o, "name": text(lang, f"clarify_{question.id}_{o}")}
                   for o in question.options]}]
    return {"service_code": problem.id, "attributes": attributes}
