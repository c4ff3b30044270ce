"""The embedded NLU engine: intent, category and entities in well under a millisecond."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from pathlib import Path

import numpy as np

from nlu.categories import Taxonomy, display_name, first_level, is_under, load_taxonomy
from nlu.embedded import cache
from nlu.embedded.data import (
    NLU_DIR,
    nlu_files,
    read_examples,
    read_history,
    read_thresholds,
    read_type_examples,
)
from nlu.embedded.features import prepare
from nlu.embedded.model import Bundle, top, train_bundle
from nlu.entities import extract_entities
from nlu.problem_guess import type_extras
from nlu.problem_model import TypeModel, default_type_model, other_examples
from nlu.problem_types import load_problem_types
from nlu.type_training import types_file
from nlu.types import Alternative, ParseResult

log = logging.getLogger(__name__)

FALLBACK = "nlu_fallback"
CATEGORY_INTENTS = frozenset({"report_problem", "emergency", "correct_detail"})
PROBLEM_INTENTS = ("report_problem", "emergency")
# A message of another intent (a question, a call for a person, thanks) gets a category when
# it also describes a problem: one of its clauses alone is a report or an emergency (by the
# fallback rule of config.yml), or the message is understood (not a fallback: "asdkjh" is
# no problem) and the intent model gives the problem intents at least PROBLEM_MASS_MIN;
# and the category model, read on that clause, is at least CATEGORY_MIN_ANY_INTENT sure.
# Calibrated by `python -m benchmarks.nlu_thresholds` (docs/nlu.md, "Thresholds").
PROBLEM_MASS_MIN = 0.2
CATEGORY_MIN_ANY_INTENT = 0.5
MAX_CLAUSES = 8  # clauses of another intent's message read for a problem
# Clauses: split at punctuation, and at spaces between Chinese characters ("我要找人 灯坏了").
_CLAUSES = re.compile(r"[，,。.!！？?；;、\n]+|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
MAX_MESSAGE = 1000  # longer messages are cut and always answered with a fallback
LEAF_MIN = 0.5  # a leaf is named only when it holds half of its first-level class
# A problem type the type model (nlu/problem_model.py) is at least this sure of decides the
# category when its leaf lies in another first-level class than the category model's
# ("小区里丢了好几辆自行车" is 政法 by its type). Chosen by 5-fold cross-validation on the
# types' examples (docs/nlu.md): first level 0.945 → 0.954 at 0.5 (0.951-0.953 at 0.3-0.9);
# not used when the engine has history (below).
TYPE_DECIDES = 0.5
DEFAULT_CACHE_DIR = Path("var/nlu-cache")
PLACE_ENTITIES = frozenset({"address", "datetime", "phone", "landline"})
TYPED_PER_TYPE = 12  # ticket descriptions kept a type (the most recent; as many as shipped)


_LATIN_WORD = re.compile(r"[a-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every Latin word of the shipped examples and problem types (read once, lower case)."""
    types = load_problem_types().types
    texts = [e.text for e in read_examples(nlu_files(NLU_DIR))]
    texts += [s for t in types for s in (t.zh, t.en, *t.examples)]
    return frozenset(w for text in texts for w in _LATIN_WORD.findall(text.lower()))


def unknown_words(text: str) -> bool:
    """True for a message without Chinese whose Latin words are none of the data's words.

    The character n-gram models read something into any string of letters ("asdkjh" came
    out as a confident report of a gas problem); a real English message shares at least one
    word with the examples ("the", "my", "lift" …).
    """
    if not isinstance(text, str) or _CJK.search(text):
        return False
    words = _LATIN_WORD.findall(text.lower())
    return bool(words) and not any(w in known_words() or w.rstrip("s") in known_words()
                                   for w in words)


def without_places(text: str) -> str:
    """A ticket's words without its addresses, dates and phones.

    Learnt as they are, "5号楼" and "3单元" would pull every message that gives an address
    to the tickets' type.
    """
    cut = sorted((e.start, e.end) for e in extract_entities(text, datetime.now(UTC))
                 if e.type in PLACE_ENTITIES)
    kept, at = [], 0
    for start, end in cut:
        if start >= at:
            kept.append(text[at:start])
            at = end
    return "".join([*kept, text[at:]]).strip(" ，,")


def training_files(root: Path) -> list[Path]:
    """The files of a Rasa project the model is trained from (data, ``config.yml``)."""
    return [f for f in [*nlu_files(root), root / "config.yml"] if f.exists()]


def train_from(root: Path, history_rows: list[tuple[str, str]], rows: list[tuple[str, str]],
               taxonomy: Taxonomy, **options: bool) -> Bundle:
    """Trains a bundle from a Rasa project, a city's history and tickets learnt from staff.

    ``options`` override ``train_bundle``'s (``benchmarks.nlu_routing`` trains the first
    level as it was before issue 20's routing work with them).
    """
    examples = read_examples(nlu_files(root)) + read_type_examples(root)
    city = bool(history_rows)
    # Tickets learnt from staff cover few classes: weighed evenly, the classes they lack keep
    # their say (unweighed, 1,274 titles of seven classes moved resident messages of
    # 民政 and 政法 to 城乡建设; benchmarks.nlu_flywheel, docs/nlu.md).
    settings = {"names": not city, "types": not city, "defer": city,
                "coarse_balanced": bool(rows) and not city, **options}
    bundle = train_bundle(examples, history_rows + rows, read_thresholds(root / "config.yml"),
                          taxonomy, **settings)
    bundle.stats["city_history_rows"] = len(history_rows)
    return bundle


@dataclass(frozen=True)
class CategoryGuess:
    """The most specific category the engine can name, and the runners-up."""

    category: str | None
    confidence: float
    first_level: str | None
    alternatives: tuple[Alternative, ...] = ()


class EmbeddedEngine:
    """NLU without a server: char n-gram linear models trained from the Rasa files."""

    name = "embedded"

    def __init__(self, bundle: Bundle, *, taxonomy: Taxonomy | None = None,
                 trained: bool = False, cache_path: Path | None = None,
                 tz: tzinfo | None = None) -> None:
        self.bundle = bundle
        self.taxonomy = taxonomy or load_taxonomy()
        self.trained = trained  # True when this instance trained rather than read the cache
        self.cache_path = cache_path
        self.tz = tz
        # A confident problem type decides the category only when the engine learnt no city
        # history: a city's own labelled tickets know its categories better than the types'
        # default leaves (on the shared routing set the rule costs 3 points; docs/nlu.md).
        # Tickets learnt from staff (``rows``) are not a city history.
        self.types_decide = not bundle.stats.get("city_history_rows",
                                                 bundle.stats.get("history_rows"))
        self.type_model: TypeModel | None = None  # learnt from tickets; None: the shipped
        default_type_model()  # trained once per process (~0.5 s): here, not in a first parse

    def learn_types(self, typed: list[tuple[str, str]]) -> EmbeddedEngine:
        """Adds ticket descriptions ``(text, type id)``, oldest first, to the type model.

        Each type keeps its ``TYPED_PER_TYPE`` most recent, so training stays under a second
        however many tickets there are.
        """
        kept: dict[str, list[str]] = {}
        for text, type_id in typed:
            kept.setdefault(type_id, []).append(without_places(text))
        extra = [(t, text) for t, texts in kept.items() for text in texts[-TYPED_PER_TYPE:]]
        types = load_problem_types()
        self.type_model = TypeModel(types, other_examples(types), extra) if extra else None
        return self

    def problem_type(self, text: str) -> str | None:
        """The problem type of a message whatever its intent (benchmarks, held-out scores)."""
        found = type_extras(text, None, self.type_model)["problem_type"]
        return str(found) if found else None

    @classmethod
    def load(cls, nlu_dir: Path | str | None = None, history: Path | str | None = None,
             cache_dir: Path | str | None = DEFAULT_CACHE_DIR, *,
             tz: tzinfo | None = None,
             rows: list[tuple[str, str]] | None = None) -> EmbeddedEngine:
        """Reads the cached model for these inputs, or trains and caches it.

        ``rows`` are labelled tickets ``(text, taxonomy path)`` learnt on top of the
        shipped data and the history (``frontdoor nlu train --from-tickets``).
        ``cache_dir=None`` trains in memory and writes nothing.
        """
        root = Path(nlu_dir) if nlu_dir else NLU_DIR
        history_path = Path(history) if history else None
        taxonomy = load_taxonomy()
        rows = [(without_places(t), c) for t, c in rows or []
                if c in taxonomy.nodes]  # unknown labels: left out
        files = [*training_files(root), types_file(root)]
        key = cache.cache_key([f for f in files if f.exists()], root, history_path, rows)
        directory = Path(cache_dir) if cache_dir is not None else None
        if directory is not None and (bundle := cache.load(directory, key)) is not None:
            return cls(bundle, taxonomy=taxonomy, cache_path=directory / f"{key}.npz", tz=tz)
        history_rows = read_history(history_path, taxonomy) if history_path else []
        bundle = train_from(root, history_rows, rows, taxonomy)
        bundle.stats["key"] = key
        log.info("trained the embedded NLU model %s in %.2fs", key, bundle.stats["train_seconds"])
        path = cache.save(bundle, directory, key) if directory is not None else None
        return cls(bundle, taxonomy=taxonomy, trained=True, cache_path=path, tz=tz)

    @staticmethod
    def base_key(nlu_dir: Path | str | None = None, history: Path | str | None = None) -> str:
        """The cache key of the shipped data (and history) alone: what ticket rows add to."""
        root = Path(nlu_dir) if nlu_dir else NLU_DIR
        return cache.cache_key(training_files(root), root, Path(history) if history else None)

    async def parse(self, text: str) -> ParseResult:
        """Parses one message; never raises on bad input."""
        return self.parse_sync(text)

    def parse_sync(self, text: str, now: datetime | None = None) -> ParseResult:
        """Parses one message synchronously; ``now`` anchors relative dates."""
        text = text if isinstance(text, str) else ""
        now = now or datetime.now(self.tz).astimezone(self.tz)
        prepared = prepare(text)
        ids, vals = self.bundle.intent_features.vector(prepared)
        entities = extract_entities(text, now)
        if unknown_words(text):  # "asdkjh": letters, but not one word of the data
            return ParseResult(text=text, intent=FALLBACK, confidence=0.0, entities=entities,
                               engine=self.name, extras={"fallback_reason": "unknown_words"})
        if len(ids) == 0:
            return ParseResult(text=text, intent=FALLBACK, confidence=0.0, entities=entities,
                               engine=self.name, extras={"fallback_reason": "no_features"})
        proba = self.bundle.intents.proba(ids, vals)
        ranking = top(self.bundle.intents, proba, 5)
        raw_intent, confidence = ranking[0]
        reason = self._fallback_reason(ranking, len(text) > MAX_MESSAGE)
        if reason == "too_long":
            confidence = min(confidence, self.bundle.thresholds.threshold / 2)
        mass = self._problem_mass(proba)
        clause_mass, part, clause = mass, prepared, None
        if raw_intent not in CATEGORY_INTENTS:
            clause_mass, part, clause = self._problem_part(text, mass, prepared)
        cat_ids, cat_vals = self.bundle.features.vector(part)
        guess = self._category(cat_ids, cat_vals) \
            if raw_intent in CATEGORY_INTENTS or len(cat_ids) else None
        guess = guess and self._by_type(guess, clause or text)
        any_intent = (guess.confidence, guess.first_level) if guess else (0.0, None)
        describes = clause is not None or (reason is None and mass >= PROBLEM_MASS_MIN)
        if guess and raw_intent not in CATEGORY_INTENTS and not (
                describes and guess.confidence >= CATEGORY_MIN_ANY_INTENT):
            guess = None
        return ParseResult(
            text=text,
            intent=FALLBACK if reason else raw_intent,
            confidence=round(confidence, 4),
            category=guess.category if guess else None,
            category_confidence=round(guess.confidence, 4) if guess else 0.0,
            entities=entities,
            intent_alternatives=tuple(Alternative(n, round(p, 4)) for n, p in ranking),
            category_alternatives=guess.alternatives if guess else (),
            engine=self.name,
            extras={"raw_intent": raw_intent, "fallback_reason": reason,
                    "problem_mass": round(mass, 4), "clause_mass": round(clause_mass, 4),
                    "problem_clause": clause, "category_any_intent": round(any_intent[0], 4),
                    "first_level_any_intent": any_intent[1],
                    "first_level": guess.first_level if guess else None,
                    "category_display": display_name(guess.category)
                    if guess and guess.category else None,
                    **(type_extras(text, guess.category, self.type_model)
                       if guess else {"problem_type": None, "problem_types": []})},
        )

    def classify_category(self, text: str) -> CategoryGuess:
        """The category of a message whatever its intent (used for routing and benchmarks)."""
        text = text if isinstance(text, str) else ""
        ids, vals = self.bundle.features.vector(prepare(text))
        if len(ids) == 0:
            return CategoryGuess(None, 0.0, None)
        return self._by_type(self._category(ids, vals), text)

    def memory_bytes(self) -> int:
        """Approximate memory held by the loaded model."""
        return self.bundle.memory_bytes()

    def _problem_mass(self, proba: np.ndarray) -> float:
        """The intent model's probability that a message reports a problem."""
        return sum(float(p) for c, p in zip(self.bundle.intents.classes, proba, strict=True)
                   if c in PROBLEM_INTENTS)

    def _problem_part(self, text: str, mass: float,
                      prepared: str) -> tuple[float, str, str | None]:
        """The clause that alone reads as a report ("谢谢上次… 这次是水管漏了"), and its mass.

        A message of another intent may carry a problem in one of its clauses: a clause
        whose own top intent is a report or an emergency, by the same fallback rule as a
        whole message. The whole message is kept when no clause does.
        """
        best: tuple[float, str, str | None] = (mass, prepared, None)
        parts = [p for p in _CLAUSES.split(text[:MAX_MESSAGE]) if p.strip()]
        for clause in parts[:MAX_CLAUSES] if len(parts) > 1 else ():
            clause_prepared = prepare(clause)
            ids, vals = self.bundle.intent_features.vector(clause_prepared)
            if not len(ids):
                continue
            proba = self.bundle.intents.proba(ids, vals)
            ranking = top(self.bundle.intents, proba, 2)
            if ranking[0][0] in PROBLEM_INTENTS and self._fallback_reason(ranking, False) is None:
                clause_mass = self._problem_mass(proba)
                if best[2] is None or clause_mass > best[0]:
                    best = (clause_mass, clause_prepared, clause.strip())
        return best

    def _fallback_reason(self, ranking: list[tuple[str, float]], too_long: bool) -> str | None:
        """Why the top intent is not trusted, or ``None``."""
        limits = self.bundle.thresholds
        if too_long:
            return "too_long"
        if ranking[0][1] < limits.threshold:
            return "low_confidence"
        if len(ranking) > 1 and ranking[0][1] - ranking[1][1] < limits.ambiguity_threshold:
            return "ambiguous"
        return None

    def _category(self, ids: np.ndarray, vals: np.ndarray) -> CategoryGuess:
        """First level from both models (weighted by their data), then a leaf if it is clear."""
        coarse_model, fine = self.bundle.coarse, self.bundle.fine
        first = dict(zip(coarse_model.classes, coarse_model.proba(ids, vals), strict=True))
        fine_p: dict[str, float] = {}
        if fine is not None:
            fine_p = dict(zip(fine.classes, map(float, fine.proba(ids, vals)), strict=True))
            weight = self._fine_weight()
            first = {c: (1 - weight) * p for c, p in first.items()}
            for leaf, p in fine_p.items():
                root = first_level(leaf)
                first[root] = first.get(root, 0.0) + weight * p
        coarse = sorted(((c, float(p)) for c, p in first.items()), key=lambda x: -x[1])[:4]
        best, p_best = coarse[0]
        chosen, confidence = best, p_best
        inside = {c: p for c, p in fine_p.items() if is_under(c, best)}
        mass = sum(inside.values())
        leaves: list[tuple[str, float]] = []
        if inside and mass > 0:
            leaves = sorted(((c, p_best * p / mass) for c, p in inside.items()),
                            key=lambda x: -x[1])
            leaf = max(fine_p, key=fine_p.get)
            if leaf in inside and inside[leaf] / mass >= LEAF_MIN:
                chosen, confidence = leaf, p_best * inside[leaf] / mass
        ranked = [x for x in leaves[:3] if x[0] != chosen] + [x for x in coarse if x[0] != best]
        ranked = sorted((x for x in ranked if not is_under(chosen, x[0])), key=lambda x: -x[1])
        return CategoryGuess(
            category=chosen, confidence=confidence, first_level=best,
            alternatives=tuple(Alternative(c, round(p, 4))
                               for c, p in [(chosen, confidence), *ranked[:4]]),
        )

    def _by_type(self, guess: CategoryGuess, text: str) -> CategoryGuess:
        """The category of a confident problem type whose class is not the guessed one."""
        if not self.types_decide:
            return guess
        model = self.type_model or default_type_model()
        ranking = model.rank(text, None, 1)
        if ranking.top_type is None or ranking.top_probability < TYPE_DECIDES:
            return guess
        leaf = model.leaf[ranking.top_type]
        if first_level(leaf) == guess.first_level:
            return guess
        confidence = round(ranking.top_probability, 4)
        rest = [a for a in guess.alternatives if a.name != leaf]
        return CategoryGuess(category=leaf, confidence=confidence, first_level=first_level(leaf),
                             alternatives=(Alternative(leaf, confidence), *rest[:4]))

    def _fine_weight(self) -> float:
        """The fine model's share of the first-level vote: its share of the training rows."""
        stats = self.bundle.stats
        if not stats.get("fine_votes", True):  # a city history decides the first level
            return 0.0
        total = stats.get("category_examples", 0)  # history rows are counted in it
        return min(1.0, stats.get("fine_examples", 0) / total) if total else 0.0
