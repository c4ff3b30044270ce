"""Ranking problem types with a trained model, the engine's category as a second opinion.

A linear SVM on the classifier's character 1–3-grams (``nlu.embedded.features.prepare``:
folded, typos and dialect in standard form), trained on every type's names and examples
(``nlu/problem_types.yml``), and on the category examples of ``nlu/data`` whose leaf no type
has (wages, schools, buses …) as one more class, ``OTHER`` ("none of our types"), with a
softmax fitted out of fold so that its probabilities mean something. ``OTHER`` is never
offered; it keeps a message about something else from reading as a confident type.
The engine's category (a taxonomy leaf) adds a bonus to the types of that leaf:
``CATEGORY_BONUS_FIRST`` for the first type, ``CATEGORY_BONUS_REST`` for the alternatives.
Both were chosen by 5-fold cross-validation on the types' own examples (engine and type
model retrained without the held-out fold; docs/nlu.md), not on the resident set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nlu.problem_types import ProblemTypes, load_problem_types

if TYPE_CHECKING:
    from nlu.embedded.features import TfidfCharNgrams
    from nlu.embedded.linear import LinearModel

CATEGORY_BONUS_FIRST = 0.3  # the first type: the words first, the category breaks near-ties
CATEGORY_BONUS_REST = 0.2  # the alternatives: other leaves' likely types still get a button
TYPE_C = 1.0
OTHER = "_other"  # the class of messages no problem type covers


@dataclass(frozen=True)
class TypeRanking:
    """Types best first, each with the model's own probability (before the category bonus)."""

    ranked: tuple[tuple[str, float], ...]
    top_probability: float  # of the model's most likely class alone, whatever the category
    top_type: str | None  # that class; None when it is OTHER or the text has no features


class TypeModel:
    """A linear classifier over the problem types, trained in well under a second."""

    def __init__(self, types: ProblemTypes, others: Sequence[str] = (),
                 extra: Sequence[tuple[str, str]] = ()) -> None:
        """Trains on the types, ``others`` (class ``OTHER``) and ``extra`` examples.

        ``extra``: ``(type id, text)``, e.g. descriptions of tickets whose type staff
        confirmed (``frontdoor nlu train --from-tickets``); unknown types are left out.
        """
        from nlu.embedded.features import TfidfCharNgrams, prepare
        from nlu.embedded.linear import fit_linear

        rows = [(prepare(text), t.id) for t in types.types for text in (t.zh, t.en, *t.examples)]
        rows += [(prepare(text), OTHER) for text in others]
        known = set(types.ids())
        rows += [(prepare(text), type_id) for type_id, text in extra if type_id in known]
        self.leaf = {t.id: t.leaf for t in types.types}
        self.first_levels = frozenset(t.first_level for t in types.types)
        self.space: TfidfCharNgrams = TfidfCharNgrams.fit([text for text, _ in rows])
        X = self.space.transform([text for text, _ in rows])
        self.model: LinearModel = fit_linear(X, [type_id for _, type_id in rows], TYPE_C)
        self._last: tuple[str, np.ndarray | None] | None = None

    def proba(self, text: str) -> np.ndarray | None:
        """The probability of each type (``self.model.classes``), or ``None`` without features.

        The last text's answer is kept: a parse asks twice (the category, the extras).
        """
        from nlu.embedded.features import prepare

        text = text if isinstance(text, str) else ""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        ids, vals = self.space.vector(prepare(text))
        p = self.model.proba(ids, vals) if len(ids) else None
        self._last = (text, p)
        return p

    def rank(self, text: str, category: str | None = None, limit: int = 4) -> TypeRanking:
        """The ``limit`` best types, the category's leaf favoured (see the module)."""
        p = self.proba(text)
        if p is None:
            return TypeRanking((), 0.0, None)
        classes = self.model.classes
        match = np.array([self.leaf.get(c) == category for c in classes], dtype=np.float32)
        known = np.array([c != OTHER for c in classes])
        first = int(np.argmax(np.where(known, p + CATEGORY_BONUS_FIRST * match, -1.0)))
        rest = [int(i) for i in np.argsort(-(p + CATEGORY_BONUS_REST * match), kind="stable")
                if i != first and known[i]][:max(0, limit - 1)]
        top = int(np.argmax(p))
        return TypeRanking(tuple((str(classes[i]), float(p[i])) for i in [first, *rest]),
                           float(p[top]), str(classes[top]) if known[top] else None)


def other_examples(types: ProblemTypes, nlu_dir: Path | None = None) -> list[str]:
    """The category examples of a Rasa project whose leaf no type has."""
    from nlu.embedded.data import NLU_DIR, nlu_files, read_examples

    leaves = {t.leaf for t in types.types}
    return [e.text for e in read_examples(nlu_files(nlu_dir or NLU_DIR))
            if e.category and e.category not in leaves]


@lru_cache(maxsize=1)
def default_type_model() -> TypeModel:
    """The model of the shipped types and data (trained once per process, ~0.5 s)."""
    types = load_problem_types()
    return TypeModel(types, other_examples(types))
