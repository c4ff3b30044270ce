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
    _common(train)
    train.set_defaults(handler=_train)

    evaluate = nlu_sub.add_parser(
        "eval", help="score routing on a labelled TSV",
        description="Prints accuracy, macro-F1, a per-class report, the confusion matrix and "
                    "latency p50/p99 of first-level routing on FILE (columns text, label).")
    evaluate.add_argument("file", type=Path, help="TSV with columns text and label")
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
    try:
        engine = _engine(args)
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    state = "trained" if engine.trained else "already cached"
    print(f"{state}: {engine.cache_path}")
    print(json.dumps(engine.bundle.stats, ensure_ascii=False))
    return 0


def _eval(args: argparse.Namespace) -> int:
    """Scores first-level routing on a labelled TSV."""
    from nlu.evaluate import evaluate_predictor, first_levels, read_labelled_tsv

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
