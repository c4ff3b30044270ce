"""The problems residents report, in plain words: ``nlu/problem_types.yml``.

Each type names its taxonomy leaf (routing and reports), a department kind and a default
urgency level. ``nlu/`` knows neither handlers nor domain: handlers read a type here and
pass its level to ``domain.intake.levels.assess(type_level=...)`` and its department to
staff, so the import direction stays handlers → domain → storage, handlers → nlu.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.categories import Taxonomy, first_level, load_taxonomy

TYPES_FILE = Path(__file__).with_name("problem_types.yml")
LEVELS = ("normal", "urgent", "emergency")  # as domain.sla.LEVELS (a test keeps them equal)
MIN_EXAMPLES, MAX_EXAMPLES = 3, 20


@dataclass(frozen=True)
class ProblemType:
    """One problem as residents name it."""

    id: str
    zh: str
    en: str
    leaf: str
    department: str
    level: str
    examples: tuple[str, ...]
    intent: str | None = None  # the retrieval intent it trains, when its leaf has several

    @property
    def first_level(self) -> str:
        """The first-level taxonomy class of its leaf."""
        return first_level(self.leaf)

    def name(self, lang: str = "zh") -> str:
        """The plain name in ``lang`` (Chinese unless ``en``)."""
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class ProblemTypes:
    """Every type, in file order, and the department-kind table."""

    types: tuple[ProblemType, ...]
    departments: dict[str, str | None]
    other: tuple[str, ...] = ()  # the short list "其他" offers, ids in order

    def get(self, type_id: str) -> ProblemType:
        """The type with this id; raises KeyError."""
        for item in self.types:
            if item.id == type_id:
                return item
        raise KeyError(type_id)

    def ids(self) -> list[str]:
        """Every id in file order."""
        return [t.id for t in self.types]

    def staff_department(self, type_id: str, departments: list[str]) -> str | None:
        """The configured department a type goes to, or ``None`` (community staff keep it)."""
        unit = self.departments.get(self.get(type_id).department)
        return unit if unit in departments else None


def _type(item: dict, taxonomy: Taxonomy, kinds: dict[str, str | None]) -> ProblemType:
    examples = tuple(str(x).strip() for x in item.get("examples") or [] if str(x).strip())
    problem = ProblemType(id=str(item["id"]), zh=str(item.get("zh") or "").strip(),
                         en=str(item.get("en") or "").strip(), leaf=str(item["leaf"]),
                         department=str(item["department"]), level=str(item["level"]),
                         examples=examples,
                         intent=str(item["intent"]) if item.get("intent") else None)
    errors = [
        "a zh and an en name" if not (problem.zh and problem.en) else "",
        f"a leaf of the taxonomy, not {problem.leaf!r}"
        if problem.leaf not in taxonomy.leaves else "",
        f"a known department kind, not {problem.department!r}"
        if problem.department not in kinds else "",
        f"a level among {LEVELS}, not {problem.level!r}" if problem.level not in LEVELS else "",
        f"{MIN_EXAMPLES}-{MAX_EXAMPLES} examples"
        if not MIN_EXAMPLES <= len(examples) <= MAX_EXAMPLES else "",
    ]
    if any(errors):
        raise ValueError(f"problem type {problem.id}: needs " + "; ".join(e for e in errors if e))
    return problem


def read_problem_types(path: Path | str, taxonomy: Taxonomy | None = None) -> ProblemTypes:
    """Reads and checks a problem-types file; raises ValueError naming the bad type."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    kinds = {str(k): (str(v) if v else None) for k, v in (doc.get("departments") or {}).items()}
    taxonomy = taxonomy or load_taxonomy()
    try:
        types = tuple(_type(item, taxonomy, kinds) for item in doc.get("types") or [])
    except KeyError as exc:
        raise ValueError(f"{path}: a problem type lacks {exc}") from exc
    ids = [t.id for t in types]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    other = tuple(str(x) for x in doc.get("other") or [])
    if unknown := [x for x in other if x not in ids]:
        raise ValueError(f"{path}: other lists unknown types {unknown}")
    return ProblemTypes(types=types, departments=kinds, other=other)


@lru_cache(maxsize=1)
def load_problem_types() -> ProblemTypes:
    """The types shipped with the project (read once)."""
    return read_problem_types(TYPES_FILE)
