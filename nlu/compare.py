"""Scoring a routing model on labelled tickets and on the resident set (old vs new models).

``frontdoor nlu train --from-tickets`` and the flywheel benchmark score two models the same
way: category accuracy on held-out tickets (the taxonomy node at the label's depth — the
exact leaf for a leaf label — and its first level) and their problem type
and first-level and problem-type accuracy of the full parse on ``nlu/eval/residents.yml``
(what the conversation would get, after the intent gate, as ``nlu eval --residents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nlu.categories import first_level
from nlu.embedded.engine import EmbeddedEngine
from nlu.residents_set import ResidentMessage, read_resident_set

RESIDENTS_FILE = Path(__file__).with_name("eval") / "residents.yml"


@dataclass(frozen=True)
class Scores:
    """One model's figures: held-out category and first level, resident-set first level."""

    held_out_category: float | None
    held_out_first_level: float | None
    residents_first_level: float
    held_out_type: float | None = None
    residents_type: float | None = None

    def to_dict(self) -> dict[str, float | None]:
        """JSON-ready, rounded to four places."""
        return {k: None if v is None else round(v, 4) for k, v in self.__dict__.items()}


def at_depth(category: str | None, label: str) -> bool:
    """True when ``category``, cut to the depth of ``label``, is ``label``.

    A leaf label needs the exact leaf; a first-level label (a history title) its class.
    """
    if not category:
        return False
    depth = label.count("/") + 1
    return "/".join(category.split("/")[:depth]) == label


def score_tickets(engine: EmbeddedEngine,
                  rows: list[tuple[str, str]]) -> tuple[float | None, float | None]:
    """``(category accuracy, first-level accuracy)`` on ``(text, path)`` rows.

    Category accuracy is at the label's depth (``at_depth``).
    """
    if not rows:
        return None, None
    guesses = [engine.classify_category(text) for text, _ in rows]
    leaf = sum(at_depth(g.category, label) for g, (_, label) in zip(guesses, rows, strict=True))
    first = sum(g.first_level == first_level(label)
                for g, (_, label) in zip(guesses, rows, strict=True))
    return leaf / len(rows), first / len(rows)


def score_residents(engine: EmbeddedEngine, messages: list[ResidentMessage],
                    now: datetime) -> tuple[float, float]:
    """``(first-level, problem-type accuracy)`` of the full parse on a resident set."""
    if not messages:
        return 0.0, 0.0
    extras = [engine.parse_sync(m.text, now=now).extras for m in messages]
    first = sum(e.get("first_level") in m.classes for e, m in zip(extras, messages, strict=True))
    kind = sum(e.get("problem_type") in m.types for e, m in zip(extras, messages, strict=True))
    return first / len(messages), kind / len(messages)


def score_types(engine: EmbeddedEngine, rows: list[tuple[str, str]]) -> float | None:
    """Problem-type accuracy on ``(text, type id)`` rows (whatever the intent)."""
    if not rows:
        return None
    return sum(engine.problem_type(text) == kind for text, kind in rows) / len(rows)


def score(engine: EmbeddedEngine, held_out: list[tuple[str, str]],
          residents: tuple[datetime, list[ResidentMessage]],
          held_out_types: list[tuple[str, str]] = ()) -> Scores:
    """Every figure of one model (types on held-out tickets when they have one)."""
    leaf, first = score_tickets(engine, held_out)
    first_level, kind = score_residents(engine, residents[1], residents[0])
    return Scores(leaf, first, first_level, score_types(engine, list(held_out_types)), kind)


def residents_set(path: Path | str = RESIDENTS_FILE) -> tuple[datetime, list[ResidentMessage]]:
    """``(now, messages)`` of the fixed evaluation file."""
    return read_resident_set(path)
