"""``frontdoor nlu eval --residents FILE``: how well the NLU reads resident messages."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlu.embedded import EmbeddedEngine
    from nlu.residents_eval import Reading


def eval_residents(args: argparse.Namespace,
                   load_engine: Callable[[argparse.Namespace], EmbeddedEngine]) -> int:
    """Prints problem-type and first-level accuracy, entities, confusions and latency."""
    from nlu.residents_eval import evaluate_residents
    from nlu.residents_set import read_resident_set

    try:
        now, messages = read_resident_set(args.residents)
        engine = load_engine(args)
        read = _reader(engine, guess=args.guess_types)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    metrics = evaluate_residents(read, messages, now,
                                 any_intent=lambda t: engine.classify_category(t).first_level)
    if args.json:
        print(json.dumps(metrics.to_dict(), ensure_ascii=False, indent=1))
        return 0
    source = "example guesser (nlu/problem_guess.py)" if args.guess_types else "engine"
    print(f"{args.residents}: engine {engine.name}, problem types from the {source}")
    print(metrics.report())
    if args.misses:
        print("\n".join(["misses:", *metrics.misses]))
    return 0


def _reader(engine: EmbeddedEngine, *, guess: bool) -> Callable[[str, datetime], Reading]:
    """``(text, now) -> Reading`` from a full parse (and the example guesser when asked)."""
    from nlu.residents_eval import Reading

    guesser = None
    if guess:
        from nlu.problem_guess import ProblemGuesser
        from nlu.problem_types import load_problem_types

        guesser = ProblemGuesser(load_problem_types())

    def read(text: str, now: datetime) -> Reading:
        result = engine.parse_sync(text, now=now)
        problem_type = result.extras.get("problem_type")
        if problem_type is None and guesser is not None:
            problem_type = guesser.guess(text)
        offered = tuple(str(t) for t, _ in result.extras.get("problem_types") or ())
        return Reading(problem_type=problem_type, first_level=result.extras.get("first_level"),
                       entities=result.entities, problem_types=offered)

    return read
