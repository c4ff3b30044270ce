"""What a message says beyond its step: address, phone and time fill the draft at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.intake import problems, reading
from domain.intake.draft import DEFAULT_CATEGORY, Draft
from domain.intake.phone import normalize_phone
from nlu.problem_guess import default_guesser, type_extras
from nlu.problem_types import load_problem_types
from nlu.types import ParseResult

MAX_TYPE_CHOICES = 4  # the proposed type and the next plausible ones
MAX_EDIT_CHOICES = 6  # types offered when the category is changed from the card


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
    a room alone) does not replace a full address already given unless it corrects it, but
    completes one that lacks it (3号楼, then "2单元一楼").
    A visit time counts only when said as one (``reading.visit_time``), except at the
    time question (``at_when``), whose answer is taken whole by its step.
    """
    entities = said.result.entities
    place = reading.best_place(entities)
    replaces = reading.is_correction(said.text) or (
        place.parts is not None and reading.completes(place.parts, draft.unit, draft.room))
    if place.parts and (place.parts.get("building") or not draft.building or replaces):
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
        asked = 0
        for before, clause in zip(["", *parts], parts, strict=False):
            if not problems.names_a_problem(clause) or asked >= MAX_CLAUSES:
                continue
            asked += 1
            guesses[clause] = _clause_type(await engine.parse(clause))
            context = before if before and not problems.names_a_problem(before) else ""
            if context and guesses[clause][0] is None:
                # "广场舞放到十点，吵死了": a clause unclear alone reads with the one before,
                # when that one names no problem; a clear clause keeps its own reading
                # ("楼道灯坏了，晚上黑咕隆咚的，还有电梯也老是停": the lift is its own problem)
                guesses[clause] = _clause_type(await engine.parse(f"{context}，{clause}"))
    found = problems.split(said.text, lambda clause: guesses.get(clause, (None, 0.0)))
    draft.description = found[0].description
    draft.extras = [_extra(p.description, p.category) for p in found[1:]]
    first = await engine.parse(found[0].description) if draft.extras else said.result
    propose_category(draft, first, engine)


SPLIT_TYPE_MIN = 0.5  # a clause whose type is this likely names a problem of its own


def _clause_type(result: ParseResult) -> tuple[str | None, float]:
    """The problem a clause names, as ``problems.split`` groups them: its type, when clear.

    "电梯又坏了，停在三楼不动": both clauses name the same type, so they stay one problem
    (the category model alone put them under two categories).
    """
    extras = result.extras if "problem_types" in (result.extras or {}) else type_extras(
        result.text, result.category)
    ranked = extras.get("problem_types") or []
    if not ranked or ranked[0][1] < SPLIT_TYPE_MIN:
        return None, 0.0
    return str(ranked[0][0]), 1.0


def _extra(description: str, type_id: str | None) -> dict[str, object]:
    """One more problem of the same message: its words, its type and that type's leaf.

    ``type_id`` is the type its clause named; the whole description may name a better one.
    """
    types = load_problem_types()
    best = type_extras(description, None)["problem_type"] or type_id
    if best not in types.ids():
        return {"description": description, "category": None}
    kind = types.get(str(best))
    return {"description": description, "category": kind.leaf, "problem_type": kind.id,
            "type_level": kind.level}


def _ranked_types(result: ParseResult) -> tuple[str | None, list[str]]:
    """The proposed problem type (or None) and every type ranked, best first."""
    extras = result.extras if "problem_types" in (result.extras or {}) else type_extras(
        result.text, result.category)
    return extras.get("problem_type"), [str(t) for t, _ in extras.get("problem_types") or []]


PLAUSIBLE_MIN = 0.02  # an alternative type this likely, or of the best one's leaf, is offered


def _plausible(result: ParseResult, ranked: list[str]) -> list[str]:
    """The ranked types worth offering beside the best one.

    Those of its leaf (heating not warm, no heating, a leaking radiator) or not unlikely;
    the rest are noise (其他 is always there).
    """
    scores = {str(t): float(s) for t, s in (result.extras or {}).get("problem_types") or []}
    if not scores or not ranked:
        return ranked
    leaves = {t.id: t.leaf for t in load_problem_types().types}
    best = leaves.get(ranked[0])
    return [t for t in ranked
            if leaves.get(t) == best or scores.get(t, 0.0) >= PLAUSIBLE_MIN]


def offer_types(draft: Draft, type_ids: list[str], proposed: str | None) -> None:
    """Offers problem types in plain words; ``proposed`` (first of them) is asked as yes/no."""
    types = load_problem_types()
    known = [t for t in dict.fromkeys(type_ids) if t in types.ids()]
    draft.type_choices = known
    draft.alternatives = [types.get(t).leaf for t in known]
    draft.problem_type = proposed if proposed in known else None
    if draft.problem_type:
        kind = types.get(draft.problem_type)
        draft.category, draft.type_level = kind.leaf, kind.level
    draft.category_confirmed = False


def propose_category(draft: Draft, result: ParseResult, engine: object) -> None:
    """The problem type the message names and the next plausible ones, to confirm with buttons.

    With no type similar enough, the short list of common types is offered instead (the
    NLU's category is kept as the ticket's category until one is chosen).
    """
    category = result.category
    if category is None and hasattr(engine, "classify_category"):
        category = engine.classify_category(result.text).category
    draft.category = category or DEFAULT_CATEGORY
    best, ranked = _ranked_types(result)
    if best:
        offer_types(draft, [best, *_plausible(result, ranked)][:MAX_TYPE_CHOICES], best)
    else:
        draft.type_level = None
        offer_types(draft, list(load_problem_types().other), None)


def show_other_choices(draft: Draft) -> None:
    """Replaces the proposal by the short list of common types ("other")."""
    offer_types(draft, list(load_problem_types().other), None)


def offer_for_edit(draft: Draft) -> None:
    """The category changed from the card: the type kept first, then others to pick."""
    first = [draft.problem_type] if draft.problem_type else []
    choices = dict.fromkeys([*first, *draft.type_choices, *load_problem_types().other])
    offer_types(draft, list(choices)[:MAX_EDIT_CHOICES], draft.problem_type)


def choose_category(draft: Draft, index: int) -> bool:
    """Confirms one of the offered types (or categories, in drafts stored before types).

    A new category forgets old answers. False when ``index`` offers nothing (a forged or
    stale button).
    """
    if not 0 <= index < len(draft.alternatives):
        return False
    chosen = draft.alternatives[index]
    if chosen != draft.category:
        draft.clarification = {}
    if index < len(draft.type_choices):
        kind = load_problem_types().get(draft.type_choices[index])
        draft.problem_type, draft.type_level = kind.id, kind.level
    draft.category, draft.category_confirmed = chosen, True
    return True


def type_within_category(draft: Draft, words: str) -> None:
    """The type for a category chosen before the words (a notice's 报事 button).

    Of that category's types, the one the words are most like, else its first; the
    category stays as chosen.
    """
    types = load_problem_types()
    same = [t.id for t in types.types if t.leaf == draft.category]
    if not same or draft.problem_type in same:
        return
    ranked = [str(t) for t, _ in default_guesser().rank(words, len(types.types))]
    best = next((t for t in ranked if t in same), same[0])
    draft.problem_type, draft.type_level = best, types.get(best).level
