"""Calibrates the embedded engine's intent and category thresholds on held-out data.

    python -m benchmarks.nlu_thresholds [--residents nlu/eval/residents.yml]

Intent: accuracy of the accepted top intent and the share accepted at each threshold
(``nlu/tests/test_nlu.yml`` + ``tests/nlu/data/intents_fresh.yml``).

Category whatever the intent: for messages that describe a problem (the report examples
of both test files and, for measurement only, the resident set) the first-level accuracy
of the category model and the share it names at each threshold, over all of them and over
those whose intent is not a report; for messages that describe none (greetings, thanks,
yes/no, cancel, a call for a person, subscriptions, out of scope) the share that would get
a category anyway. Nothing here trains on any of these files.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import yaml

from nlu.categories import first_level
from nlu.embedded import EmbeddedEngine
from nlu.embedded.engine import (
    CATEGORY_INTENTS,
    CATEGORY_MIN_ANY_INTENT,
    PROBLEM_MASS_MIN,
)
from nlu.evaluate import read_intent_tests, slug_categories
from nlu.problem_guess import ProblemGuesser
from nlu.problem_types import load_problem_types
from nlu.residents_set import read_resident_set

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "benchmarks/data/mixed_messages.yml"
INTENT_FILES = (ROOT / "nlu/tests/test_nlu.yml", ROOT / "tests/nlu/data/intents_fresh.yml")
NO_PROBLEM = frozenset({"greet", "thanks_goodbye", "affirm", "deny", "cancel", "ask_human",
                        "subscribe_notices", "unsubscribe_notices", "out_of_scope"})
INTENT_STEPS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
CATEGORY_STEPS = (0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7)


@dataclass(frozen=True)
class Row:
    """One scored message: gold and what the engine read."""

    source: str
    text: str
    gold_intent: str | None
    gold_classes: tuple[str, ...]  # first-level classes; empty when no problem is described
    intent: str
    intent_confidence: float
    first_level: str | None
    category_confidence: float
    report_mass: float  # the intent model's probability of report_problem + emergency
    clause_mass: float  # the same for the clause that most reads as a report
    part_confidence: float  # the category model's confidence on that clause (or message)
    type_score: float  # the example guesser's best similarity to a problem type
    named: bool  # the full parse names a category (the engine's own rule)
    part_first_level: str | None  # the first level named on that clause (before the rule)
    understood: bool  # the intent is not a fallback
    has_clause: bool  # a clause alone reads as a report (the engine's problem_clause)


def read_rows(engine: EmbeddedEngine, residents: Path | None) -> list[Row]:
    """Every message of the test files (and the resident set), read by the engine."""
    slugs = slug_categories(ROOT / "nlu")
    items: list[tuple[str, str, str | None, tuple[str, ...]]] = []
    for path in INTENT_FILES:
        for text, intent, slug in read_intent_tests(path):
            classes = (first_level(slugs[slug]),) if slug and slug in slugs else ()
            items.append((path.stem, text, intent, classes))
    mixed = yaml.safe_load(MIXED.read_text(encoding="utf-8"))
    items += [("mixed", m["t"], None, (m["c"],)) for m in mixed["problem"]]
    items += [("mixed", m["t"], m["i"], ()) for m in mixed["none"]]
    if residents is not None:
        _, messages = read_resident_set(residents)
        items += [("residents", m.text, None, m.classes) for m in messages]
    guesser = ProblemGuesser(load_problem_types())
    rows = []
    for source, text, intent, classes in items:
        parsed = engine.parse_sync(text)
        guess = engine.classify_category(text)
        mass = parsed.extras.get("problem_mass", 0.0)
        ranked = guesser.rank(text, 1)
        rows.append(Row(source, text, intent, classes, parsed.extras.get("raw_intent")
                        or parsed.intent, parsed.confidence, guess.first_level,
                        guess.confidence, mass, parsed.extras.get("clause_mass", 0.0),
                        parsed.extras.get("category_any_intent", 0.0),
                        ranked[0][1] if ranked else 0.0,
                        parsed.category is not None,
                        first_level(parsed.category) if parsed.category
                        else parsed.extras.get("first_level_any_intent"),
                        parsed.extras.get("fallback_reason") is None,
                        parsed.extras.get("problem_clause") is not None))
    return rows


def intent_table(rows: list[Row]) -> list[str]:
    """Accepted share and accuracy of the accepted top intent per threshold."""
    gold = [r for r in rows if r.gold_intent]
    lines = [f"intent (n={len(gold)}, test_nlu + intents_fresh): threshold  accepted  "
             "accuracy-of-accepted  wrong-accepted  right-refused"]
    for t in INTENT_STEPS:
        accepted = [r for r in gold if r.intent_confidence >= t]
        right = sum(r.intent == r.gold_intent for r in accepted)
        refused_right = sum(r.intent == r.gold_intent for r in gold
                            if r.intent_confidence < t)
        lines.append(f"  {t:4.2f}  {len(accepted) / len(gold):6.3f}  "
                     f"{right / max(1, len(accepted)):6.3f}  {len(accepted) - right:4d}  "
                     f"{refused_right:4d}")
    return lines


def category_table(rows: list[Row]) -> list[str]:
    """The category model whatever the intent, per confidence threshold."""
    problems = [r for r in rows if r.gold_classes]
    others = [r for r in problems if r.intent not in CATEGORY_INTENTS]
    clean = [r for r in rows if not r.gold_classes and r.gold_intent in NO_PROBLEM]
    status = [r for r in rows if r.gold_intent == "check_status"]
    lines = [f"category: problems n={len(problems)} (intent not a report: {len(others)}), "
             f"no-problem messages n={len(clean)}, status questions n={len(status)}",
             "  threshold  problems: named right-of-named  | intent not a report: named "
             "right  | no-problem: named  | status: named"]
    for t in CATEGORY_STEPS:
        named = [r for r in problems if r.category_confidence >= t]
        right = sum(r.first_level in r.gold_classes for r in named)
        o_named = [r for r in others if r.category_confidence >= t]
        o_right = sum(r.first_level in r.gold_classes for r in o_named)
        false = sum(r.category_confidence >= t for r in clean)
        s_named = sum(r.category_confidence >= t for r in status)
        lines.append(f"  {t:4.2f}  {len(named) / len(problems):6.3f} "
                     f"{right / max(1, len(named)):6.3f}  |  {len(o_named):3d}/{len(others)} "
                     f"{o_right:3d}  |  {false:3d}/{len(clean)} ({false / len(clean):.3f})  |  "
                     f"{s_named:3d}/{len(status)}")
    return lines


def signal_table(rows: list[Row], name: str, value, steps) -> list[str]:
    """Does a signal tell a message that describes a problem from one that does not?"""
    problems = [r for r in rows if r.gold_classes]
    others = [r for r in problems if r.intent not in CATEGORY_INTENTS]
    clean = [r for r in rows if not r.gold_classes and r.gold_intent in NO_PROBLEM]
    status = [r for r in rows if r.gold_intent == "check_status"]
    lines = [f"{name}: threshold  problems named  | intent not a report: named right "
             "| no-problem named | status named"]
    for t in steps:
        o_named = [r for r in others if value(r) >= t]
        o_right = sum(r.first_level in r.gold_classes for r in o_named)
        lines.append(f"  {t:4.2f}  {sum(value(r) >= t for r in problems) / len(problems):6.3f}"
                     f"  |  {len(o_named):3d}/{len(others)} {o_right:3d}  |  "
                     f"{sum(value(r) >= t for r in clean):3d}/{len(clean)}  |  "
                     f"{sum(value(r) >= t for r in status):3d}/{len(status)}")
    return lines


def combined_table(rows: list[Row]) -> list[str]:
    """The engine's rule for another intent's message, over a grid of its thresholds.

    A category when a clause alone reads as a report (``problem_clause``), or the intent is
    understood (no fallback) and the mass is at least m; and the category model, on that
    clause, is at least c sure.
    """
    others = [r for r in rows if r.gold_classes and r.intent not in CATEGORY_INTENTS]
    clean = [r for r in rows if r.gold_intent in NO_PROBLEM and r.intent not in CATEGORY_INTENTS]
    status = [r for r in rows if r.gold_intent == "check_status"
              and r.intent not in CATEGORY_INTENTS]
    lines = ["intent not a report: (a clause alone a report, or understood and mass ≥ m) "
             "and category ≥ c",
             "  m     c     problems named/right  | no-problem named | status named"]
    for m in (0.05, 0.1, 0.2, 0.3, 1.01):
        for c in (0.0, 0.3, 0.5, 0.6, 0.7):
            def rule(r: Row, m=m, c=c) -> bool:
                return (r.has_clause or (r.understood and r.report_mass >= m)) \
                    and r.part_confidence >= c
            hit = [r for r in others if rule(r)]
            right = sum(r.part_first_level in r.gold_classes for r in hit)
            lines.append(f"  {m:4.2f}  {c:3.1f}  {len(hit):3d}/{len(others)} {right:3d}  |  "
                         f"{sum(map(rule, clean)):3d}/{len(clean)}  |  "
                         f"{sum(map(rule, status)):3d}/{len(status)}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Prints the tables (and, with ``--misses``, the engine's wrong calls)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=Path, default=ROOT / "nlu/eval/residents.yml")
    parser.add_argument("--misses", action="store_true",
                        help="list the engine's wrong calls (resident set messages not shown)")
    args = parser.parse_args(argv)
    engine = EmbeddedEngine.load(cache_dir=None)
    rows = read_rows(engine, args.residents if args.residents.exists() else None)
    print("\n".join(intent_table(rows)))
    print("\n".join(category_table(rows)))
    print("\n".join(signal_table(rows, "intent mass on report_problem + emergency",
                                  lambda r: r.report_mass, (0.05, 0.1, 0.15, 0.2, 0.3, 0.5))))
    print("\n".join(signal_table(rows, "problem-type guesser score",
                                  lambda r: r.type_score, (0.1, 0.15, 0.2, 0.25, 0.3, 0.4))))
    print("\n".join(combined_table(rows)))
    print(f"engine: PROBLEM_MASS_MIN={PROBLEM_MASS_MIN} "
          f"CATEGORY_MIN_ANY_INTENT={CATEGORY_MIN_ANY_INTENT}")
    for r in rows:
        other = r.gold_classes and r.intent not in CATEGORY_INTENTS
        wrong = (r.named and r.gold_intent in NO_PROBLEM) or (other and not r.named) or (
            other and r.named and r.part_first_level not in r.gold_classes)
        if args.misses and wrong and r.source != "residents":
            print(f"  {'named' if r.named else 'missed'}: {r.gold_intent or r.gold_classes} "
                  f"mass={r.report_mass:.3f} clause={r.clause_mass:.3f} "
                  f"category={r.part_confidence:.2f} {r.text}")


if __name__ == "__main__":
    main()
