"""How the problem-type choices were made: 5-fold cross-validation on the types' own examples.

For each fold the embedded engine (the Rasa files + the other folds' type examples) and the
type model (names, the other folds' examples, OTHER) are retrained; the held-out examples
are read as new messages. Printed: type top-1 / top-4 by the category bonus given to the
first type and to the alternatives (``nlu.problem_model``), and first-level / leaf accuracy
by the type confidence that lets a type decide the category (``TYPE_DECIDES`` in
``nlu.embedded.engine``; 1.01 = never). The resident set is not used (it is for measuring).

    python -m benchmarks.nlu_types [--folds 5]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.model_selection import StratifiedKFold

from nlu.categories import first_level, load_taxonomy
from nlu.embedded.data import NLU_DIR, nlu_files, read_examples, read_thresholds, read_type_examples
from nlu.embedded.engine import EmbeddedEngine
from nlu.embedded.features import TfidfCharNgrams, prepare
from nlu.embedded.linear import fit_linear
from nlu.problem_model import OTHER, other_examples
from nlu.problem_types import load_problem_types

BONUSES = [(0.0, 0.0), (0.2, 0.2), (0.3, 0.2), (0.3, 0.3), (0.5, 0.5), (0.8, 0.8), (1.0, 0.5),
           (1.0, 1.0)]
DECIDES = (0.3, 0.5, 0.7, 0.9, 1.01)


def main() -> None:
    """Runs the cross-validation and prints both grids."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    types = load_problem_types()
    leaf = {t.id: t.leaf for t in types.types}
    examples = read_type_examples(NLU_DIR)
    type_of = {x: t.id for t in types.types for x in t.examples}
    labels = [type_of[e.text] for e in examples]
    base = read_examples(nlu_files(NLU_DIR))
    fixed = [(x, t.id) for t in types.types for x in (t.zh, t.en)]
    fixed += [(x, OTHER) for x in other_examples(types)]
    ranks = {b: [0, 0] for b in BONUSES}
    classes = {d: [0, 0] for d in DECIDES}
    folds = StratifiedKFold(args.folds, shuffle=True, random_state=1)
    for train, test in folds.split(examples, labels):
        bundle_examples = base + [examples[i] for i in train]
        engine = EmbeddedEngine(_bundle(bundle_examples))
        engine.types_decide = False  # the rule is what is measured here
        rows = fixed + [(examples[i].text, labels[i]) for i in train]
        space = TfidfCharNgrams.fit([prepare(t) for t, _ in rows])
        model = fit_linear(space.transform([prepare(t) for t, _ in rows]), [y for _, y in rows])
        is_other = np.array([c == OTHER for c in model.classes])
        for i in test:
            text, truth = examples[i].text, labels[i]
            guess = engine.classify_category(text)
            ids, vals = space.vector(prepare(text))
            p = model.proba(ids, vals)
            match = np.array([leaf.get(c) == guess.category for c in model.classes])
            for bonus in BONUSES:
                offered = _offered(p, match, is_other, *bonus)
                ranks[bonus][0] += model.classes[offered[0]] == truth
                ranks[bonus][1] += truth in [model.classes[j] for j in offered]
            top = int(np.argmax(p))
            for decides in DECIDES:
                category = guess.category
                if not is_other[top] and p[top] >= decides \
                        and first_level(leaf[model.classes[top]]) != guess.first_level:
                    category = leaf[model.classes[top]]
                classes[decides][0] += first_level(category or "") == first_level(leaf[truth])
                classes[decides][1] += category == leaf[truth]
    n = len(examples)
    print(f"{n} type examples, {args.folds}-fold cross-validation "
          f"({time.perf_counter() - started:.0f}s)")
    print("category bonus (first, alternatives)   type top-1   top-4")
    for bonus, (one, four) in ranks.items():
        print(f"  {bonus[0]:.1f}, {bonus[1]:.1f}                          "
              f"{one / n:.3f}       {four / n:.3f}")
    print("a type decides the category at p >=   first level   leaf")
    for decides, (right, exact) in classes.items():
        print(f"  {decides:.2f}                              {right / n:.3f}         "
              f"{exact / n:.3f}")


def _bundle(examples):
    from nlu.embedded.model import train_bundle

    return train_bundle(examples, [], read_thresholds(NLU_DIR / "config.yml"), load_taxonomy())


def _offered(p: np.ndarray, match: np.ndarray, is_other: np.ndarray, first_bonus: float,
             rest_bonus: float, limit: int = 4) -> list[int]:
    """The offered types (indices) as ``nlu.problem_model.TypeModel.rank`` orders them."""
    first = int(np.argmax(np.where(is_other, -1.0, p + first_bonus * match)))
    rest = [int(j) for j in np.argsort(-(p + rest_bonus * match), kind="stable")
            if j != first and not is_other[j]]
    return [first, *rest[:limit - 1]]


if __name__ == "__main__":
    main()
