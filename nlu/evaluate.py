"""Scoring any classifier: accuracy, macro-F1, per-class report, confusion, latency.

The one hook is :func:`evaluate_predictor`: give it a callable ``text -> label`` (the
embedded engine, a Rasa server over HTTP, anything) and labelled texts.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from nlu.categories import first_level, retrieval_categories


@dataclass
class Metrics:
    """The figures of one evaluation run."""

    n: int
    accuracy: float
    macro_f1: float
    labels: list[str]
    per_class: dict[str, dict[str, float]]
    confusion: list[list[int]]
    latency_ms_p50: float
    latency_ms_p99: float
    seconds: float
    extra: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)

    def summary(self) -> str:
        """One line: accuracy, macro-F1 and latency."""
        return (f"n={self.n} accuracy={self.accuracy:.4f} macro_f1={self.macro_f1:.4f} "
                f"latency p50={self.latency_ms_p50:.3f}ms p99={self.latency_ms_p99:.3f}ms")

    def report(self) -> str:
        """The per-class table and the confusion matrix as text."""
        width = max([len(x) for x in self.labels] + [8])
        lines = [f"{'class':<{width}}  precision  recall  f1      support"]
        for label in self.labels:
            c = self.per_class[label]
            lines.append(f"{label:<{width}}  {c['precision']:.4f}     {c['recall']:.4f}  "
                         f"{c['f1']:.4f}  {int(c['support'])}")
        lines += ["", "confusion (rows = true, columns = predicted, in the order above):"]
        lines += [f"{label:<{width}}  " + " ".join(f"{v:5d}" for v in row)
                  for label, row in zip(self.labels, self.confusion, strict=True)]
        return "\n".join(lines)


def percentile_ms(samples: list[float], q: float) -> float:
    """The ``q``-th percentile of durations in seconds, in milliseconds."""
    return float(np.percentile(np.asarray(samples) * 1000.0, q)) if samples else 0.0


def time_calls(fn: Callable[[str], object], texts: list[str],
               warmup: int = 5) -> tuple[float, float]:
    """Latency p50 and p99 in milliseconds of ``fn`` over ``texts``, one call at a time."""
    p50, p99 = time_percentiles(fn, texts, (50, 99), warmup)
    return p50, p99


def time_percentiles(fn: Callable[[str], object], texts: list[str],
                     qs: tuple[float, ...] = (50, 95, 99), warmup: int = 5) -> list[float]:
    """Latency percentiles ``qs`` in milliseconds of ``fn`` over ``texts``, one at a time."""
    for text in texts[:warmup]:
        fn(text)
    timings = []
    for text in texts:
        t0 = time.perf_counter()
        fn(text)
        timings.append(time.perf_counter() - t0)
    return [percentile_ms(timings, q) for q in qs]


def evaluate_predictor(predict: Callable[[str], str | None], texts: list[str],
                       labels: list[str], warmup: int = 5) -> Metrics:
    """Runs ``predict`` on every text (timed one by one) and scores it against ``labels``."""
    for text in texts[:warmup]:
        predict(text)
    predictions, timings = [], []
    started = time.perf_counter()
    for text in texts:
        t0 = time.perf_counter()
        predictions.append(predict(text) or "")
        timings.append(time.perf_counter() - t0)
    seconds = time.perf_counter() - started
    return score(labels, predictions, timings, seconds)


def score(gold: list[str], predicted: list[str], timings: Iterable[float] = (),
          seconds: float = 0.0) -> Metrics:
    """Metrics of predictions against gold labels (classes = the gold labels)."""
    timings = list(timings)
    labels = sorted(set(gold))
    p, r, f, s = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    per_class = {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                       "support": float(s[i])} for i, lab in enumerate(labels)}
    matrix = confusion_matrix(gold, predicted, labels=labels).tolist()
    correct = sum(g == q for g, q in zip(gold, predicted, strict=True))
    return Metrics(
        n=len(gold), accuracy=correct / len(gold) if gold else 0.0,
        macro_f1=float(np.mean(f)) if len(f) else 0.0, labels=labels, per_class=per_class,
        confusion=matrix, latency_ms_p50=percentile_ms(timings, 50),
        latency_ms_p99=percentile_ms(timings, 99), seconds=seconds,
    )


def read_labelled_tsv(path: Path) -> tuple[list[str], list[str]]:
    """``(texts, labels)`` of a TSV with columns ``text`` and ``label``."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(fh, delimiter="\t",
                                                                 quoting=csv.QUOTE_NONE)
                if r.get("text") and r.get("label")]
    return [t for t, _ in rows], [lab for _, lab in rows]


def first_levels(labels: list[str]) -> list[str]:
    """The first-level class of each label."""
    return [first_level(lab) for lab in labels]


def read_intent_tests(path: Path) -> list[tuple[str, str, str | None]]:
    """``(text, intent, category slug or None)`` of a Rasa NLU test file."""
    import yaml

    out = []
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    for item in doc.get("nlu") or []:
        if "intent" not in item:
            continue
        base, _, slug = str(item["intent"]).partition("/")
        for example in read_examples_block(item.get("examples") or ""):
            out.append((example, base, slug or None))
    return out


def read_examples_block(block: str) -> list[str]:
    """The ``- text`` lines of a Rasa examples block."""
    return [line.strip()[2:].strip() for line in block.splitlines()
            if line.strip().startswith("- ") and line.strip()[2:].strip()]


def slug_categories(nlu_dir: Path) -> dict[str, str]:
    """``<slug>`` of ``report_problem/<slug>`` → taxonomy path."""
    return {key.split("/", 1)[1]: path
            for key, path in retrieval_categories(Path(nlu_dir)).items()}


__all__ = ["Metrics", "evaluate_predictor", "first_levels", "read_intent_tests",
           "read_labelled_tsv", "score", "slug_categories", "time_calls"]
