"""One clarifying question per category where it matters (data in ``data/clarify.yml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

CLARIFY_FILE = Path(__file__).resolve().parent.parent / "data" / "clarify.yml"


@dataclass(frozen=True)
class Question:
    """A question id (its text key) and the ids of its answers."""

    id: str
    category: str
    options: tuple[str, ...]


@lru_cache(maxsize=2)
def load_questions(path: Path = CLARIFY_FILE) -> tuple[Question, ...]:
    """Reads the questions, longest category prefix first."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    questions = [Question(q["id"], q["category"], tuple(q["options"]))
                 for q in doc.get("questions", [])]
    return tuple(sorted(questions, key=lambda q: -len(q.category)))


def question_for(category: str | None) -> Question | None:
    """The question for a category path (by prefix), or None."""
    for question in load_questions():
        if category and (category == question.category
                         or category.startswith(question.category + "/")):
            return question
    return None


@lru_cache(maxsize=2)
def other_choices(path: Path = CLARIFY_FILE) -> tuple[str, ...]:
    """The categories offered when the resident says the proposal is wrong."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(doc.get("other_choices", []))
