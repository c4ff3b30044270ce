"""What residents write and workers note: built-in templates, and titles from a history.

A ticket history (``text<TAB>label`` lines, e.g. ``../shared/data/routing/train.tsv``) is
read at run time when it is there; its titles are never copied into the repository.
"""

from __future__ import annotations

import csv
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from domain.demo.seasons import Kind

TEXTS_FILE = Path(__file__).parent / "data" / "texts.tsv"
ANY = "*"
HISTORY_SHARE = 0.6  # how often a zh description comes from the history when it has some


@lru_cache(maxsize=2)
def load_texts(path: Path = TEXTS_FILE) -> dict[tuple[str, str], tuple[str, ...]]:
    """(category or "*", kind) -> texts."""
    lines = (line for line in path.read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in csv.DictReader(lines, delimiter="\t"):
        texts[(row["category"], row["kind"])].append(row["text"])
    return {key: tuple(values) for key, values in texts.items()}


def read_history(path: Path | None) -> list[str]:
    """The titles of a ``text<TAB>label`` history file; empty when there is none."""
    if path is None or not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    titles = [row[0].strip() for row in rows[1:] if row and row[0].strip()]
    return [t for t in titles if 6 <= len(t) <= 60]


@dataclass(frozen=True)
class Texts:
    """The texts the generator draws from, per kind of request."""

    templates: dict[tuple[str, str], tuple[str, ...]]
    history: dict[str, tuple[str, ...]]  # category -> matching titles

    @classmethod
    def build(cls, kinds: tuple[Kind, ...], titles: list[str]) -> Texts:
        """Templates plus, per kind, the history titles its keywords find."""
        history = {}
        for kind in kinds:
            pattern = re.compile(kind.keywords)
            history[kind.category] = tuple(t for t in titles if pattern.search(t))
        return cls(load_texts(), history)

    def description(self, rng: random.Random, kind: Kind, lang: str, building: str,
                    unit: str) -> str:
        """A resident's description of a request of this kind."""
        titles = self.history.get(kind.category, ())
        if lang == "zh" and titles and rng.random() < HISTORY_SHARE:
            return rng.choice(titles)
        options = self.templates.get((kind.category, lang)) \
            or self.templates[(kind.category, "zh")]
        return rng.choice(options).format(b=building, u=unit)

    def pick(self, rng: random.Random, kind: str, category: str = ANY) -> str:
        """A note, comment or exclusion reason (the category's own, else a general one)."""
        options = self.templates.get((category, kind)) or self.templates[(ANY, kind)]
        return rng.choice(options)
