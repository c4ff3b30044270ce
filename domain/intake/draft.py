"""The draft of a report: every field the four clarifying calls used to collect."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from domain.intake import clarify
from domain.intake.levels import NORMAL, Assessment, assess
from domain.yards import is_yard

# Steps of the conversation (stored as the conversation state).
WHAT = "what"  # asking what is wrong
CATEGORY = "category"  # confirming the proposed category
CLARIFY = "clarify"  # the category's one clarifying question
WHERE = "where"  # building / unit / room, a location or a public place
PHONE = "phone"  # how to reach the resident
WHEN = "when"  # preferred visit window
URGENCY = "urgency"  # normal or urgent
JOIN = "join"  # an open ticket of the same kind exists: join it or open a new one
REVIEW = "review"  # the read-back card
STEPS = (WHAT, CATEGORY, CLARIFY, WHERE, PHONE, WHEN, URGENCY, JOIN, REVIEW)
EDITABLE = (WHAT, CATEGORY, WHERE, PHONE, WHEN, URGENCY)
DEFAULT_CATEGORY = "城乡建设"
MAX_TEXT = 1000


@dataclass
class Draft:
    """A report being written; stored as JSON at every step."""

    lang: str = "zh"
    user_id: int | None = None  # the resident's Telegram user id
    first_name: str | None = None
    description: str = ""
    category: str | None = None
    category_confirmed: bool = False
    alternatives: list[str] = field(default_factory=list)  # categories offered, in order
    # Problem types in plain words (nlu/problem_types.yml ids) offered beside ``alternatives``
    # (same order, same length: each type's leaf); empty in drafts stored before types.
    type_choices: list[str] = field(default_factory=list)
    problem_type: str | None = None  # the type proposed or chosen; its leaf is ``category``
    type_level: str | None = None  # that type's default level (normal / urgent / emergency)
    clarification: dict[str, str] = field(default_factory=dict)
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    floor: str | None = None  # a floor said without a room ("我家住6楼") is kept as a floor
    place_text: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    phone: str | None = None
    phone_normalized: str | None = None
    no_phone: bool = False  # "没电话，在这里联系我": staff reply through the chat
    visit_window: str | None = None
    urgency: str | None = None  # the resident's own answer: normal or urgent
    extras: list[dict[str, Any]] = field(default_factory=list)  # more problems, same message
    advised: list[str] = field(default_factory=list)  # urgency rules whose advice was given
    photos: list[str] = field(default_factory=list)
    step: str = WHAT
    editing: bool = False
    join_checked: bool = False
    join_ticket_id: int | None = None
    join_code: str | None = None
    prompt_tag: str | None = None  # names the prompt whose buttons are valid (see ask)
    prompt_id: int | None = None  # drafts stored before prompt_tag: the prompt's message id

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Draft:
        """A draft from stored JSON (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})

    def has_place(self) -> bool:
        """True once the resident said where."""
        return bool(self.building or self.place_text or self.latitude is not None)

    def set_address(self, parts: dict[str, str], floor: str | None = None) -> None:
        """Applies the parts of an address that were said (a correction overrides)."""
        if parts.get("building") and self.building and parts["building"] != self.building:
            self.unit = self.room = self.floor = None
        for name in ("building", "unit", "room"):
            if parts.get(name):
                setattr(self, name, str(parts[name]))
        if floor:
            self.floor = str(floor)
        if parts.get("building"):  # a yard said with the building stays with it (5号院3号楼)
            self.place_text = f"{parts['yard']}号院" if parts.get("yard") else None
        elif self.building and not is_yard(self.place_text):
            self.place_text = None

    def room_or_floor(self) -> str | None:
        """The room, else the floor as a floor ("6层"), else None."""
        return self.room or (f"{self.floor}层" if self.floor else None)

    def has_contact(self) -> bool:
        """True once there is a phone, or the resident chose to be answered in the chat."""
        return bool(self.phone_normalized) or self.no_phone

    def words(self) -> str:
        """Everything the resident said of the problem: description and answers."""
        question = clarify.question_for(self.category)
        options = question.options if question else ()
        answers = " ".join(str(v) for v in self.clarification.values() if v not in options)
        return " ".join(p for p in (self.description, answers, self.place_text or "") if p)

    def assessment(self) -> Assessment:
        """The level of the (main) problem: rules, the resident's answer, the defaults."""
        return assess(self.words(), answered=self.urgency, category=self.category,
                      type_level=self.type_level)

    def extra_assessment(self, index: int) -> Assessment:
        """The level of one more problem of the same message."""
        extra = self.extras[index]
        return assess(extra["description"], answered=self.urgency, category=extra["category"],
                      type_level=extra.get("type_level"))

    def level_known(self) -> bool:
        """True when the rules or defaults already make it urgent (no need to ask)."""
        return assess(self.words(), category=self.category,
                      type_level=self.type_level).level != NORMAL


def next_step(draft: Draft) -> str:
    """The first step whose field is still empty, else the read-back card."""
    if not draft.description:
        return WHAT
    if not draft.category_confirmed:
        return CATEGORY
    question = clarify.question_for(draft.category)
    if question and question.id not in draft.clarification:
        return CLARIFY
    if not draft.has_place():
        return WHERE
    if not draft.has_contact():
        return PHONE
    if not draft.visit_window:
        return WHEN
    if not draft.urgency and not draft.level_known():
        return URGENCY
    return REVIEW


def cut(text: str, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """The text cut to ``limit`` characters at a sentence end if one is near; True if cut."""
    if len(text) <= limit:
        return text, False
    head = text[:limit]
    stop = max(head.rfind(mark) for mark in "。！？.!?\n")
    return (head[: stop + 1] if stop > limit * 0.8 else head), True
