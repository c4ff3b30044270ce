"""Scoring a routing model on labelled tickets and on the resident set (old vs new models).

``frontdoor nlu train --from-tickets`` and the flywheel benchmark score two models the same
way: category accuracy on held-out tickets (the taxonomy node at the label's depth — the
exact leaf for a leaf label — and its first level)
and first-level accuracy of the full parse on ``nlu/eval/residents.yml`` (the category the
conversation would get, after the intent gate, as ``frontdoor nlu eval --residents``).
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
                    now: datetime) -> float:
    """First-level accuracy of the full parse on a resident set."""
    hits = sum(engine.parse_sync(m.text, now=now).extras.get("first_level") in m.classes
               for m in messages)
    return hits / len(messages) if messages else 0.0


def score(engine: EmbeddedEngine, held_out: list[tuple[str, str]],
          residents: tuple[datetime, list[ResidentMessage]]) -> Scores:
    """Every figure of one model."""
    leaf, first = score_tickets(engine, held_out)
    return Scores(leaf, first, score_residents(engine, residents[1], residents[0]))


def residents_set(path: Path | str = RESIDENTS_FILE) -> tuple[datetime, list[ResidentMessage]]:
    """``(now, messages)`` of the fixed evaluation file."""
    return read_resident_set(path)
