"""Three levels, emergency > urgent > normal, from a small rule table (``data/levels.yml``).

The level of a report is the highest of: the rules that fire over its whole description
and answers, the resident's own answer at the urgency step, and the default level of its
category or problem type. Each level has its deadlines (``domain/sla.py``); each rule
names the advice the resident is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from domain.sla import LEVELS

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "levels.yml"
NORMAL, URGENT, EMERGENCY = LEVELS


@dataclass(frozen=True)
class Rule:
    """Fires when every group has a (not negated) word in the text."""

    id: str
    level: str
    groups: tuple[tuple[str, ...], ...]
    category: str | None = None  # what a ticket it opens at once is about (gas supply …)


@dataclass(frozen=True)
class Assessment:
    """The level of a report and the rules that set it (their advice, in order)."""

    level: str
    rules: tuple[str, ...] = ()
    category: str | None = None  # the category of the first rule that names one

    @property
    def is_emergency(self) -> bool:
        """True at the emergency level."""
        return self.level == EMERGENCY


@dataclass(frozen=True)
class RuleTable:
    """The rules, the categories' default levels and the negation words."""

    rules: tuple[Rule, ...]
    category_levels: dict[str, str]
    negations: tuple[str, ...]


@lru_cache(maxsize=2)
def load_rules(path: Path = RULES_FILE) -> RuleTable:
    """Reads and checks the rule table."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for item in doc["rules"]:
        if item["level"] not in LEVELS:
            raise ValueError(f"{path}: rule {item['id']}: unknown level {item['level']!r}")
        groups = tuple(tuple(str(w).lower() for w in group) for group in item["all"])
        rules.append(Rule(str(item["id"]), item["level"], groups, item.get("category")))
    levels = {str(k): str(v) for k, v in (doc.get("category_levels") or {}).items()}
    negations = tuple(sorted((str(n) for n in doc.get("negations") or ()), key=len, reverse=True))
    return RuleTable(tuple(rules), levels, negations)


def higher(*levels: str | None) -> str:
    """The highest of the levels given (unknown or None count as normal)."""
    known = [lv for lv in levels if lv in LEVELS] or [NORMAL]
    return max(known, key=LEVELS.index)


def _present(text: str, word: str, negations: tuple[str, ...]) -> bool:
    """True if ``word`` occurs in ``text`` once without a negation right before it."""
    start = text.find(word)
    while start >= 0:
        before = text[max(0, start - 4):start].rstrip()
        if not any(before.endswith(n) for n in negations):
            return True
        start = text.find(word, start + 1)
    return False


def fired(text: str, table: RuleTable | None = None) -> list[Rule]:
    """The rules whose every group has a word in ``text``, highest level first."""
    table = table or load_rules()
    lowered = (text or "").lower()
    found = [r for r in table.rules
             if all(any(_present(lowered, w, table.negations) for w in g) for g in r.groups)]
    return sorted(found, key=lambda r: -LEVELS.index(r.level))


def mentions(text: str, level: str, table: RuleTable | None = None) -> bool:
    """True if ``text`` has a word of a one-word rule of ``level``, negated or not.

    ("没有煤气味" mentions the gas rule without firing it.)
    """
    table = table or load_rules()
    lowered = (text or "").lower()
    return any(w in lowered for r in table.rules if r.level == level and len(r.groups) == 1
               for w in r.groups[0])


def category_level(category: str | None, table: RuleTable | None = None) -> str:
    """The default level of a category path (longest prefix), else normal."""
    table = table or load_rules()
    parts = (category or "").split("/")
    for size in range(len(parts), 0, -1):
        if (found := table.category_levels.get("/".join(parts[:size]))) is not None:
            return found
    return NORMAL


def assess(text: str, *, answered: str | None = None, category: str | None = None,
           type_level: str | None = None, table: RuleTable | None = None) -> Assessment:
    """The level of a report: rules over ``text``, the resident's answer, the defaults."""
    table = table or load_rules()
    rules = fired(text, table)
    level = higher(*(r.level for r in rules), answered, category_level(category, table),
                   type_level)
    category = next((r.category for r in rules if r.category), None)
    return Assessment(level, tuple(r.id for r in rules), category)
