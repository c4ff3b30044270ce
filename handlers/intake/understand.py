"""What a message says beyond its step: address, phone and time fill the draft at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.intake import clarify, problems, reading
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


def apply_entities(draft: Draft, said: Said, *, now: datetime | None = None,
                   at_when: bool = False) -> None:
    """Fills address, floor, phone and visit window from what the message says.

    The fullest address wins (a floor never replaces a building); a partial one (a unit or
    a room alone) does not replace a full address already given unless it corrects it.
    A visit time counts only when said as one (``reading.visit_time``), except at the
    time question (``at_when``), whose answer is taken whole by its step.
    """
    entities = said.result.entities
    place = reading.best_place(entities)
    corrects = reading.is_correction(said.text)
    if place.parts and (place.parts.get("building") or not draft.building or corrects):
        draft.set_address(place.parts, place.floor)
        said.filled.add("address")
    elif place.floor:
        draft.floor = place.floor
        said.filled.add("floor")
    phones = [e for e in entities if e.type in ("phone", "landline")]
    if phones and (normalized := normalize_phone(phones[-1].value) or phones[-1].normalized):
        draft.phone, draft.phone_normalized = phones[-1].value, str(normalized)
        said.filled.add("phone")
    if not at_when and (window := reading.visit_time(said.text, entities, now)):
        draft.visit_window = window
        said.filled.add("when")


MAX_CLAUSES = 12  # clauses of one message the NLU is asked about (several problems)


async def take_problems(draft: Draft, said: Said, engine) -> None:
    """The description, one draft per problem named, and the first one's category."""
    guesses: dict[str, tuple[str | None, float]] = {}
    parts = problems.clauses(said.text)
    if len(parts) > 1:
        for clause in [c for c in parts if problems.names_a_problem(c)][:MAX_CLAUSES]:
            result = await engine.parse(clause)
            guesses[clause] = (result.category, result.category_confidence)
    found = problems.split(said.text, lambda clause: guesses.get(clause, (None, 0.0)))
    draft.description = found[0].description
    draft.extras = [{"description": p.description, "category": p.category} for p in found[1:]]
    first = await engine.parse(found[0].description) if draft.extras else said.result
    propose_category(draft, first, engine)


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
