"""Guessing a problem type from a message by its nearest examples (no training).

Features are CJK character 1- and 2-grams and Latin words of the folded text (traditional
→ simplified, lower case, typos and dialect words in standard form by ``nlu.variants``,
digits dropped), weighted by how few examples share them (IDF).
A type scores the best cosine between the message and any of its examples or names.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from nlu.categories import first_level
from nlu.entities.normalize import normalize
from nlu.problem_types import ProblemTypes, load_problem_types
from nlu.variants import standardize

if TYPE_CHECKING:
    from nlu.problem_model import TypeModel

_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z]{2,}")
MIN_SCORE = 0.15  # below this the guesser names no type


def features(text: str) -> frozenset[str]:
    """CJK 1- and 2-grams and Latin words of a message."""
    norm = standardize(normalize(text if isinstance(text, str) else ""))
    grams: set[str] = set()
    for run in _CJK_RUN.findall(norm):
        grams.update(run)
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    grams.update("w:" + _stem(w) for w in _WORD.findall(norm))
    return frozenset(grams)


def _stem(word: str) -> str:
    """A crude English stem: plural and -ing/-ed endings off (lifts → lift, leaking → leak)."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class _Doc:
    type_id: str
    weights: dict[str, float]
    norm: float


class ProblemGuesser:
    """Ranks problem types for a message by IDF-weighted cosine to their examples.

    ``extra`` adds ``(type id, text)`` examples: descriptions of tickets whose type staff
    confirmed (``frontdoor nlu train --from-tickets``). An inverted index keeps a message's
    cost to the examples that share a feature with it.
    """

    def __init__(self, types: ProblemTypes, extra: list[tuple[str, str]] = ()) -> None:
        texts = [(t.id, s) for t in types.types for s in (t.zh, t.en, *t.examples)]
        known = set(types.ids())
        texts += [(type_id, s) for type_id, s in extra if type_id in known]
        grams = [(type_id, features(s)) for type_id, s in texts]
        df = Counter(g for _, gs in grams for g in gs)
        n = len(grams)
        self.idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
        self.docs = [self._doc(type_id, gs) for type_id, gs in grams if gs]
        self.leaves = {t.id: t.leaf for t in types.types}
        self.index: dict[str, list[int]] = {}
        for i, doc in enumerate(self.docs):
            for g in doc.weights:
                self.index.setdefault(g, []).append(i)

    def _doc(self, type_id: str, grams: frozenset[str]) -> _Doc:
        weights = {g: self.idf[g] for g in grams}
        return _Doc(type_id, weights, math.sqrt(sum(w * w for w in weights.values())))

    def rank(self, text: str, limit: int = 5) -> list[tuple[str, float]]:
        """The ``limit`` best types with their scores (0–1), best first."""
        mine = {g: self.idf[g] for g in features(text) if g in self.idf}
        norm = math.sqrt(sum(w * w for w in mine.values()))
        if not norm:
            return []
        dots: dict[int, float] = {}
        for g, w in mine.items():
            for i in self.index.get(g, ()):
                dots[i] = dots.get(i, 0.0) + w * w
        best: dict[str, float] = {}
        for i in sorted(dots):  # document order, as a full scan: ties resolve the same way
            doc = self.docs[i]
            score = dots[i] / (norm * doc.norm)
            best[doc.type_id] = max(best.get(doc.type_id, 0.0), score)
        return sorted(best.items(), key=lambda x: -x[1])[:limit]

    def guess(self, text: str) -> str | None:
        """The most similar type, or ``None`` when nothing is similar enough."""
        ranking = self.rank(text, 1)
        return ranking[0][0] if ranking and ranking[0][1] >= MIN_SCORE else None


TYPE_ALTERNATIVES = 4  # types a result carries in ``extras["problem_types"]``
NONE_OF_THEM = 0.5  # "none of our types" at least this likely: no type is proposed first


@lru_cache(maxsize=1)
def default_guesser() -> ProblemGuesser:
    """The guesser over the shipped types (built once, ~50 ms)."""
    return ProblemGuesser(load_problem_types())


def type_extras(text: str, category: str | None,
                model: TypeModel | None = None) -> dict[str, object]:
    """What both engines add to a result: ``problem_type`` and ``problem_types``.

    ``problem_types`` is ``[[type_id, probability], ...]``, up to ``TYPE_ALTERNATIVES``,
    best first by ``nlu.problem_model`` (the type model, the engine's ``category`` favouring
    its leaf's types; the probability is the model's own); ``problem_type`` is the first of
    them, or ``None`` when the message is about none of the types: the model's ``OTHER``
    class at least ``NONE_OF_THEM`` and no type in ``category``'s first-level class (wages,
    schools …). ``model``: one that also learnt from tickets (default: the shipped types).
    """
    from nlu.problem_model import default_type_model

    model = model or default_type_model()
    ranking = model.rank(text, category, TYPE_ALTERNATIVES)
    classes = model.first_levels
    other = ranking.top_type is None and ranking.top_probability >= NONE_OF_THEM \
        and (category is None or first_level(category) not in classes)
    best = ranking.ranked[0][0] if ranking.ranked and not other else None
    return {"problem_type": best,
            "problem_types": [[type_id, round(p, 4)] for type_id, p in ranking.ranked]}
