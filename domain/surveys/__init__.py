"""The two callbacks (回访): a result survey when a ticket is resolved, a recurrence check later.

Rounds come in pairs per resolve cycle: odd rounds (1, 3, ...) ask "solved?" and "satisfied?",
even rounds (2, 4, ...) a week later ask "did it come back?" and a final "satisfied?". See
``docs/surveys.md`` for the states a survey row goes through and the delivery guarantee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

SCHEDULED, SENDING, SENT, ANSWERED = "scheduled", "sending", "sent", "answered"
EXPIRED, UNCERTAIN, CANCELLED = "expired", "uncertain", "cancelled"
ANSWERABLE = (SENT, UNCERTAIN)  # a resident may press a button of these

SOLVED, RECURRED, SATISFIED, COMMENT = "s", "r", "f", "c"
ANSWERS: dict[str, dict[str, str]] = {  # question -> {button key: stored value}
    SOLVED: {"y": "yes", "p": "partly", "n": "no"},
    RECURRED: {"n": "no", "y": "yes"},
    SATISFIED: {"s": "satisfied", "b": "basic", "d": "dissatisfied"},
    COMMENT: {"skip": "skip"},
}


@dataclass(frozen=True)
class Timing:
    """When the second round, the reminder and the expiry come (from settings)."""

    round2_after: timedelta = timedelta(days=7)
    remind_after: timedelta = timedelta(hours=24)
    expire_after: timedelta = timedelta(hours=72)


def first_question(round_: int) -> str:
    """Odd rounds ask whether it was solved; even rounds whether it came back."""
    return SOLVED if round_ % 2 else RECURRED


def reopens(question: str, value: str) -> bool:
    """Not solved, dissatisfied, or "it came back" puts the ticket back in front of staff."""
    return (question, value) in {(SOLVED, "no"), (SATISFIED, "dissatisfied"), (RECURRED, "yes")}
