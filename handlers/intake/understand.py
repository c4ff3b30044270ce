"""What a message says beyond its step: address, phone and time fill the draft at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.intake import clarify
from domain.intake.draft import DEFAULT_CATEGORY, Draft
from domain.intake.phone import normalize_phone
from nlu.types import ParseResult


@dataclass
class Said:
    """One message: its (cut) text, what the NLU made of it, which fields it filled."""

    text: str
    result: ParseResult
    filled: set[str] = field(default_factory=set)

    @property
    def intent(self) -> str:
        """The NLU intent."""
        return self.result.intent


def apply_entities(draft: Draft, said: Said) -> None:
    """Fills address, phone and visit window from the message; the last mention wins."""
    entities = said.result.entities
    addresses = [e.normalized for e in entities if e.type == "address" and e.normalized]
    if addresses and any(addresses[-1].get(k) for k in ("building", "unit", "room")):
        draft.set_address(addresses[-1])
        said.filled.add("address")
    phones = [e for e in entities if e.type in ("phone", "landline")]
    if phones and (normalized := normalize_phone(phones[-1].value) or phones[-1].normalized):
        draft.phone, draft.phone_normalized = phones[-1].value, str(normalized)
        said.filled.add("phone")
    times = [e for e in entities if e.type == "datetime"]
    if times:
        draft.visit_window = times[-1].value
        said.filled.add("when")


def propose_category(draft: Draft, result: ParseResult, engine: object) -> None:
    """The NLU's category and its alternatives, to confirm with buttons."""
    category = result.category
    alternatives = [a.name for a in result.category_alternatives]
    if category is None and hasattr(engine, "classify_category"):
        guess = engine.classify_category(result.text)
        category, alternatives = guess.category, [a.name for a in guess.alternatives]
    category = category or DEFAULT_CATEGORY
    alternatives = alternatives or [category]
    draft.category, draft.category_confirmed = category, False
    draft.alternatives = list(dict.fromkeys([category, *alternatives]))[:4]


def show_other_choices(draft: Draft) -> None:
    """Replaces the proposal by the common categories ("other" was chosen)."""
    draft.category, draft.category_confirmed = None, False
    draft.alternatives = list(clarify.other_choices())


def choose_category(draft: Draft, index: int) -> None:
    """Confirms one of the offered categories; a new category forgets old answers."""
    chosen = draft.alternatives[index]
    if chosen != draft.category:
        draft.clarification = {}
    draft.category, draft.category_confirmed = chosen, True
