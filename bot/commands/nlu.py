"""``frontdoor nlu``: train, evaluate and try the embedded NLU engine."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nlu.embedded import EmbeddedEngine


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``nlu train``, ``nlu eval``, ``nlu parse`` (and ``nlu rasa …`` when present)."""
    parser = sub.add_parser("nlu", help="natural-language understanding",
                            description="Train, evaluate and try the embedded NLU engine.")
    nlu_sub = parser.add_subparsers(dest="nlu_command", metavar="ACTION")

    train = nlu_sub.add_parser(
        "train", help="train (or refresh the cache of) the embedded model",
        description="Trains the embedded model from nlu/ and, with --history, from a TSV "
                    "of past tickets (columns text, label; label = a first-level class or "
                    "a '/'-joined taxonomy path). The model is cached by a hash of its inputs.")
    train.add_argument(
        "--from-tickets", action="store_true",
        help="learn from staff-confirmed tickets in the database: score the new model against "
             "the serving one on the most recent of them (held out) and on "
             "nlu/eval/residents.yml; serve it only if it is not worse by more than half a "
             "point on either (exit 0 served, 3 refused, 4 too few tickets)")
    train.add_argument("--residents", type=Path, metavar="FILE",
                       help="with --from-tickets: the fixed evaluation file "
                            "(default: nlu/eval/residents.yml)")
    _common(train)
    train.set_defaults(handler=_train)

    evaluate = nlu_sub.add_parser(
        "eval", help="score routing on a labelled TSV, or reading on a resident set",
        description="Prints accuracy, macro-F1, a per-class report, the confusion matrix and "
                    "latency p50/p99 of first-level routing on FILE (columns text, label). "
                    "With --residents: problem-type and first-level accuracy, entity "
                    "precision and recall per type, the main confusions and latency on a "
                    "resident set (nlu/eval/residents.yml).")
    evaluate.add_argument("file", type=Path, nargs="?", help="TSV with columns text and label")
    evaluate.add_argument("--residents", type=Path, metavar="FILE",
                          help="a resident set (YAML, as nlu/eval/residents.yml)")
    evaluate.add_argument("--guess-types", action="store_true",
                          help="with --residents: name problem types with the example guesser "
                               "(nlu/problem_guess.py) where the engine names none")
    evaluate.add_argument("--misses", action="store_true",
                          help="with --residents: also list every miss")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    _common(evaluate)
    evaluate.set_defaults(handler=_eval)

    parse = nlu_sub.add_parser("parse", help="parse one message and print the JSON result",
                               description="Parses TEXT and prints the full result as JSON.")
    parse.add_argument("text", help="the message, e.g. '3号楼2单元502暖气不热'")
    parse.add_argument("--now", help="ISO datetime that relative dates are resolved against")
    _common(parse)
    parse.set_defaults(handler=_parse)

    reload = nlu_sub.add_parser(
        "reload", help="make every running bot process load the model again",
        description="Raises the model's version in the database; every running process "
                    "reloads the NLU within a few seconds (after `nlu train`, or a new "
                    "--history). Needs no restart.")
    reload.set_defaults(handler=_reload)

    try:
        from bot.commands import rasa as rasa_cmd
    except ImportError:
        rasa_cmd = None
    if rasa_cmd is not None:
        rasa_cmd.register(nlu_sub)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _reload(_args: argparse.Namespace) -> int:
    from bot.commands.inbox import _run
    from domain import runtime
    from storage.models import utcnow

    version = _run(lambda uow: runtime.bump(uow, runtime.NLU, utcnow()))
    print(f"NLU version {version}: running processes reload within "
          f"{runtime.RELOAD_EVERY:.0f} s")
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--history", type=Path, help="ticket history TSV (text, label)")
    parser.add_argument("--nlu-dir", type=Path, help="the Rasa project (default: nlu/)")
    parser.add_argument("--cache-dir", type=Path, default=Path("var/nlu-cache"),
                        help="model cache directory (default: var/nlu-cache)")


def _engine(args: argparse.Namespace) -> EmbeddedEngine:
    """Loads the engine the arguments describe."""
    from bot.settings import load_settings
    from nlu.embedded import EmbeddedEngine

    return EmbeddedEngine.load(nlu_dir=args.nlu_dir, history=args.history,
                               cache_dir=args.cache_dir, tz=load_settings().tz)


def _train(args: argparse.Namespace) -> int:
    """Trains the model (or finds it in the cache) and says where it is."""
    if args.from_tickets:
        return _from_tickets(args)
    try:
        engine = _engine(args)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    state = "trained" if engine.trained else "already cached"
    print(f"{state}: {engine.cache_path}")
    print(json.dumps(engine.bundle.stats, ensure_ascii=False))
    return 0


def _from_tickets(args: argparse.Namespace) -> int:
    """Learns from confirmed tickets; prints old vs new and the decision."""
    from bot.commands.inbox import _run
    from bot.learning import learn
    from bot.settings import load_settings
    from nlu.compare import RESIDENTS_FILE
    from storage.models import utcnow

    settings = load_settings()
    updates = ({} if args.cache_dir == Path("var/nlu-cache")
               else {"nlu_cache_dir": str(args.cache_dir)})
    if args.history is not None:
        updates["nlu_history"] = str(args.history)
    settings = settings.model_copy(update=updates)
    outcome = _run(lambda uow: learn(uow, settings, now=utcnow(),
                                     residents=args.residents or RESIDENTS_FILE))
    print(outcome.report())
    return {"accepted": 0, "refused": 3, "too_few": 4}[outcome.status]


def _eval(args: argparse.Namespace) -> int:
    """Scores first-level routing on a labelled TSV, or reading on a resident set."""
    from nlu.evaluate import evaluate_predictor, first_levels, read_labelled_tsv

    if (args.file is None) == (args.residents is None):
        print("error: give a TSV FILE or --residents FILE (one of them)", file=sys.stderr)
        return 2
    if args.residents is not None:
        from bot.commands.nlu_residents import eval_residents

        return eval_residents(args, _engine)
    try:
        engine = _engine(args)
        texts, labels = read_labelled_tsv(args.file)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    metrics = evaluate_predictor(lambda t: engine.classify_category(t).first_level,
                                 texts, first_levels(labels))
    if args.json:
        print(json.dumps(metrics.to_dict(), ensure_ascii=False, indent=1))
    else:
        print(metrics.summary())
        print(metrics.report())
    return 0


def _parse(args: argparse.Namespace) -> int:
    """Prints the full parse result as JSON."""
    try:
        engine = _engine(args)
        now = datetime.fromisoformat(args.now) if args.now else None
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    result = engine.parse_sync(args.text, now=now)
    print(json.dumps(result.to_dict(), ensure_ascii=False, indent=1))
    return 0
