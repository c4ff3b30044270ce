"""Scoring an NLU on a resident set: problem type, first-level class, entities, latency.

The one hook is :func:`evaluate_residents`: give it a callable ``(text, now) -> Reading``
(the embedded engine, a Rasa server, the example guesser…) and the labelled messages.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from nlu.evaluate import percentile_ms
from nlu.residents_set import GoldEntity, ResidentMessage, compact
from nlu.types import Entity

_CJK = re.compile(r"[\u3400-\u9fff]")
NONE = "—"  # a missing prediction in the confusion lists
TOP_TYPES = 4  # types offered as buttons: the first and three alternatives


@dataclass(frozen=True)
class Reading:
    """What an engine made of one message."""

    problem_type: str | None
    first_level: str | None
    entities: tuple[Entity, ...] = ()
    problem_types: tuple[str, ...] = ()  # the types offered, best first (buttons)


@dataclass
class EntityCounts:
    """Span-exact matches of one entity type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    value_ok: int = 0

    @property
    def precision(self) -> float:
        """Found spans that were marked; 1 when nothing was found."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Marked spans that were found; 1 when nothing was marked."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class ResidentMetrics:
    """The figures of one run over a resident set."""

    n: int
    type_accuracy: float | None
    first_level_accuracy: float
    entities: dict[str, EntityCounts]
    type_confusions: list[tuple[str, str, int]]
    class_confusions: list[tuple[str, str, int]]
    latency_ms_p50: float
    latency_ms_p99: float
    by_language: dict[str, dict[str, float | None]] = field(default_factory=dict)
    first_level_any_intent: float | None = None
    misses: list[str] = field(default_factory=list)
    type_top_accuracy: float | None = None  # a right type among the first TOP_TYPES offered

    def to_dict(self) -> dict:
        """A JSON-ready dict (entity counts with their precision and recall)."""
        out = asdict(self)
        out["entities"] = {k: {**asdict(v), "precision": v.precision, "recall": v.recall}
                           for k, v in self.entities.items()}
        return out

    def report(self, top: int = 10) -> str:
        """The figures as text."""
        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.3f}"

        lines = [f"messages: {self.n}",
                 f"problem type accuracy: {pct(self.type_accuracy)} (top-1)",
                 f"problem type among the first {TOP_TYPES} offered: "
                 f"{pct(self.type_top_accuracy)} (top-{TOP_TYPES})",
                 f"first-level accuracy: {pct(self.first_level_accuracy)}"]
        if self.first_level_any_intent is not None:
            lines.append("first-level accuracy, category model whatever the intent: "
                         f"{pct(self.first_level_any_intent)}")
        for lang, f in self.by_language.items():
            lines.append(f"  {lang}: n={int(f['n'] or 0)} type={pct(f['type'])} "
                         f"first-level={pct(f['first_level'])}")
        lines.append(f"latency per message: p50={self.latency_ms_p50:.3f}ms "
                     f"p99={self.latency_ms_p99:.3f}ms")
        lines.append("entities (span-exact):  precision  recall  values-right  tp/fp/fn")
        total = EntityCounts(*(sum(getattr(c, k) for c in self.entities.values())
                               for k in ("tp", "fp", "fn", "value_ok")))
        for etype, c in [*sorted(self.entities.items()), ("all", total)]:
            lines.append(f"  {etype:<10} {c.precision:9.3f} {c.recall:7.3f} "
                         f"{c.value_ok:8d}/{c.tp:<4d} {c.tp}/{c.fp}/{c.fn}")
        for title, pairs in (("problem type", self.type_confusions),
                             ("first-level", self.class_confusions)):
            if pairs:
                lines.append(f"main {title} confusions (true → predicted: count):")
                lines += [f"  {g} → {p}: {k}" for g, p, k in pairs[:top]]
        return "\n".join(lines)


def _entities(gold: tuple[GoldEntity, ...], found: tuple[Entity, ...],
              counts: dict[str, EntityCounts], text: str, misses: list[str]) -> None:
    wanted = {(g.type, g.start, g.end): g.value for g in gold}
    got = {(e.type, e.start, e.end): compact(e.type, e.normalized) for e in found}
    for key, value in got.items():
        c = counts.setdefault(key[0], EntityCounts())
        if key in wanted:
            c.tp += 1
            c.value_ok += value == wanted[key]
        else:
            c.fp += 1
            misses.append(f"entity FP {key[0]} {text[key[1]:key[2]]!r} in {text!r}")
    for key in wanted.keys() - got.keys():
        counts.setdefault(key[0], EntityCounts()).fn += 1
        misses.append(f"entity FN {key[0]} {text[key[1]:key[2]]!r} in {text!r}")


def _offered(reading: Reading) -> list[str]:
    """The first ``TOP_TYPES`` distinct types a reading offers, its first guess first."""
    types = [t for t in (reading.problem_type, *reading.problem_types) if t]
    return list(dict.fromkeys(types))[:TOP_TYPES]


def _accuracy(hits: list[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def evaluate_residents(read: Callable[[str, datetime], Reading],
                       messages: list[ResidentMessage], now: datetime, *,
                       any_intent: Callable[[str], str | None] | None = None,
                       warmup: int = 5) -> ResidentMetrics:
    """Runs ``read`` on every message (timed one by one) and scores what it read."""
    for message in messages[:warmup]:
        read(message.text, now)
    timings, readings = [], []
    for message in messages:
        t0 = time.perf_counter()
        readings.append(read(message.text, now))
        timings.append(time.perf_counter() - t0)
    counts: dict[str, EntityCounts] = {}
    misses: list[str] = []
    types, classes = Counter(), Counter()
    hits: dict[str, list[list[bool]]] = {"all": [[], []], "zh": [[], []], "en": [[], []]}
    has_types = any(r.problem_type for r in readings)
    for message, reading in zip(messages, readings, strict=True):
        lang = "zh" if _CJK.search(message.text) else "en"
        type_ok = reading.problem_type in message.types
        class_ok = reading.first_level in message.classes
        for key in ("all", lang):
            hits[key][0].append(type_ok)
            hits[key][1].append(class_ok)
        if has_types and not type_ok:
            types[(message.types[0], reading.problem_type or NONE)] += 1
            misses.append(f"type {message.types[0]} → {reading.problem_type}: {message.text}")
        if not class_ok:
            classes[(message.classes[0], reading.first_level or NONE)] += 1
        _entities(message.entities, reading.entities, counts, message.text, misses)
    any_hits = ([any_intent(m.text) in m.classes for m in messages]
                if any_intent is not None else [])
    top_hits = [bool(set(_offered(r)) & set(m.types))
                for r, m in zip(readings, messages, strict=True)]
    return ResidentMetrics(
        n=len(messages),
        type_accuracy=_accuracy(hits["all"][0]) if has_types else None,
        first_level_accuracy=_accuracy(hits["all"][1]) or 0.0,
        entities=counts,
        type_confusions=[(g, p, k) for (g, p), k in types.most_common()],
        class_confusions=[(g, p, k) for (g, p), k in classes.most_common()],
        latency_ms_p50=percentile_ms(timings, 50), latency_ms_p99=percentile_ms(timings, 99),
        by_language={lang: {"n": float(len(hits[lang][1])),
                            "type": _accuracy(hits[lang][0]) if has_types else None,
                            "first_level": _accuracy(hits[lang][1])}
                     for lang in ("zh", "en") if hits[lang][1]},
        first_level_any_intent=_accuracy(any_hits),
        misses=misses,
        type_top_accuracy=_accuracy(top_hits) if has_types else None,
    )
