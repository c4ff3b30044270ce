"""The trained embedded model: two feature spaces, three linear classifiers.

* intents — from the Rasa intent examples, on their own vocabulary (so history never
  changes how intents are recognised);
* coarse categories (first level) — from ticket history, the category examples and the
  names of the taxonomy's nodes;
* fine categories (second/third level) — from the category examples and history rows
  whose label is a path.

The category examples include the problem types' examples unless there is history.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nlu.categories import Taxonomy, depth, first_level
from nlu.embedded.data import Example, Thresholds
from nlu.embedded.features import TfidfCharNgrams, prepare
from nlu.embedded.linear import LinearModel, fit_linear

INTENT_C = 1.0
CATEGORY_C = 1.0


@dataclass
class Bundle:
    """Everything a parse needs, and how it was made."""

    intent_features: TfidfCharNgrams
    features: TfidfCharNgrams
    intents: LinearModel
    coarse: LinearModel
    fine: LinearModel | None
    thresholds: Thresholds
    stats: dict[str, Any] = field(default_factory=dict)

    def memory_bytes(self) -> int:
        """Approximate resident size of the arrays and the vocabulary."""
        arrays = [self.intent_features.idf, self.features.idf, self.intents.W, self.coarse.W]
        arrays += [self.fine.W] if self.fine else []
        grams = [*self.intent_features.vocab, *self.features.vocab]
        vocab = sum(len(k) * 4 + 90 for k in grams)  # str + dict slot
        return int(sum(a.nbytes for a in arrays) + vocab)


Rows = list[tuple[str, str]]


def category_training_set(examples: list[Example], history: Rows,
                          taxonomy: Taxonomy, names: bool | None = None,
                          types: bool | None = None,
                          defer: bool = False) -> tuple[Rows, Rows]:
    """``(coarse rows, fine rows)`` as ``(prepared text, label)`` pairs.

    ``names`` adds the taxonomy's node names (default: only without history). Tickets
    learnt from the database keep them: a few hundred tickets cover few classes.
    ``types`` keeps the problem types' examples (default: only without history): they stand
    for the types' default leaves, and a city's own labelled tickets know its categories
    better (on the shared routing set they cost 0.3 points; docs/nlu.md). They always train
    the intents. ``defer`` leaves the shipped examples of the classes the history covers out
    of the first-level model (a city's history file: its labels decide its classes; on
    the shared routing set the shipped examples cost 0.5 points); they still train the
    leaves, which then no longer vote on the first level (``train_bundle``).
    """
    keep_types = types if types is not None else not history
    labelled = [(e.text, e.category) for e in examples
                if e.category and (keep_types or not e.from_types)] + list(history)
    covered = {first_level(c) for _, c in history} if defer else set()
    coarse = [(prepare(t), first_level(c)) for t, c in labelled[:len(labelled) - len(history)]
              if first_level(c) not in covered]
    coarse += [(prepare(t), first_level(c)) for t, c in history]
    if names if names is not None else not history:  # the only cover of most classes
        names = {p.split("/")[-1]: first_level(p) for p in sorted(taxonomy.nodes) if depth(p) > 1}
        coarse += [(prepare(n), c) for n, c in names.items() if n != "其他"]
    fine = [(prepare(t), c) for t, c in labelled if depth(c) > 1]
    return coarse, fine


def train_bundle(examples: list[Example], history: list[tuple[str, str]],
                 thresholds: Thresholds, taxonomy: Taxonomy,
                 names: bool | None = None, types: bool | None = None,
                 defer: bool = False, coarse_nb: bool | None = None,
                 coarse_balanced: bool = False) -> Bundle:
    """Trains the intent classifier and the two category classifiers.

    With a city history (``defer``) the first level is an NB-SVM (``coarse_nb``, default
    ``defer``): 5-fold cross-validation on the shared routing train set only, char
    1-3-grams, LinearSVC 0.875, NB-SVM 0.882 (docs/nlu.md, "Routing"). Without one it stays
    a LinearSVC: on the shipped data plus tickets of a few classes the NB-SVM moved resident
    messages of the classes the tickets lack (``benchmarks.nlu_flywheel``).
    ``coarse_nb=False, defer=False`` trains the first level as before issue 20's routing
    work: ``benchmarks.nlu_routing`` prints both. ``coarse_balanced`` weighs the first
    level's classes evenly (for tickets learnt from staff, which cover few classes).
    """
    started = time.perf_counter()
    intent_rows = [(prepare(e.text), e.intent) for e in examples]
    coarse_rows, fine_rows = category_training_set(examples, history, taxonomy, names, types,
                                                     defer)
    intent_features = TfidfCharNgrams.fit([t for t, _ in intent_rows])
    features = TfidfCharNgrams.fit([t for t, _ in coarse_rows + fine_rows])

    def fit(space: TfidfCharNgrams, rows: list[tuple[str, str]], C: float,
            balanced: bool = False, nb: bool = False) -> LinearModel:
        X = space.transform([t for t, _ in rows])
        return fit_linear(X, [y for _, y in rows], C, balanced=balanced, nb=nb)

    intents = fit(intent_features, intent_rows, INTENT_C, balanced=True)
    coarse = fit(features, coarse_rows, CATEGORY_C, balanced=coarse_balanced,
                 nb=defer if coarse_nb is None else coarse_nb)
    fine = fit(features, fine_rows, CATEGORY_C) if len({y for _, y in fine_rows}) > 1 else None
    stats = {
        "train_seconds": round(time.perf_counter() - started, 3),
        "intent_examples": len(intent_rows),
        "category_examples": len(coarse_rows),
        "fine_examples": len(fine_rows),
        "fine_votes": not defer,  # deferring to history: the leaves do not vote on the class
        "history_rows": len(history),
        "vocabulary": len(intent_features.vocab) + len(features.vocab),
    }
    return Bundle(intent_features, features, intents, coarse, fine, thresholds, stats)


def top(model: LinearModel, proba: np.ndarray, k: int) -> list[tuple[str, float]]:
    """The ``k`` most likely classes with their probabilities."""
    order = np.argsort(-proba)[:k]
    return [(model.classes[i], float(proba[i])) for i in order]
