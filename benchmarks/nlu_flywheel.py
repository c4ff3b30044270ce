"""The flywheel: does the NLU get better as staff correct tickets month after month?

Run ``.venv/bin/python -m benchmarks.nlu_flywheel`` (reads ``../shared/data/routing``; the
titles are read at run time, never copied). Starts from the shipped data alone, then feeds
``--months`` months of tickets — real citizen titles of ``train.tsv``, shuffled, labelled
with their first-level class — through the loop the bot runs:

1. the serving model guesses each new ticket's category (what the resident is offered);
2. staff correct a wrong guess with probability ``--correct`` (else the wrong label stays,
   and the resolved ticket counts as confirmed all the same — the noise of real work);
3. at the end of the month, ``frontdoor nlu train --from-tickets``'s rule: train on the
   confirmed tickets but the most recent 20% (``domain.learning.split``), score old and new
   on those and on ``nlu/eval/residents.yml``, serve the new model only if it is not worse
   by more than half a point on either (``bot.learning.decide``).

Prints per month: the share of new tickets the serving model guessed right (what staff did
not have to correct), the decision, and the serving model's first-level accuracy on the
fixed ``dev.tsv`` (held out, never fed) and on ``residents.yml``; then the median training
time and parse latency.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bot.learning import decide
from domain.learning import Confirmed, split
from nlu.compare import residents_set, score, score_tickets
from nlu.embedded import EmbeddedEngine
from nlu.evaluate import read_labelled_tsv, time_calls

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "routing"


def _train(rows: list[tuple[str, str]]) -> tuple[EmbeddedEngine, float]:
    started = time.perf_counter()
    engine = EmbeddedEngine.load(cache_dir=None, rows=rows or None)
    return engine, time.perf_counter() - started


Rows = list[tuple[str, str]]


def titles_stream(args: argparse.Namespace) -> tuple[list[Rows], Rows, str]:
    """Months of real titles (first-level labels) and the fixed dev set."""
    texts, labels = read_labelled_tsv(args.data / "train.tsv")
    dev_texts, dev_labels = read_labelled_tsv(args.data / "dev.tsv")
    tickets = list(zip(texts, labels, strict=True))
    random.Random(args.seed).shuffle(tickets)
    per = args.per_month or len(tickets) // args.months
    months = [tickets[m * per:(m + 1) * per] for m in range(args.months)]
    return months, list(zip(dev_texts, dev_labels, strict=True)), "real titles, first level"


def demo_stream(args: argparse.Namespace) -> tuple[list[Rows], Rows, str]:
    """Months of the demo community's tickets and a dev set drawn the same way.

    ``domain/demo``: its seasons, its templates and the history titles its keywords pick,
    labelled with its leaves; the dev set's titles come from ``dev.tsv`` (the templates are
    shared).
    """
    from domain.demo.seasons import load_kinds
    from domain.demo.texts import Texts, read_history

    kinds = load_kinds()
    rng = random.Random(args.seed)

    def draw(texts: Texts, month: int, n: int) -> Rows:
        weights = [k.share(month) for k in kinds]
        picked = rng.choices(kinds, weights, k=n)
        return [(texts.description(rng, k, "zh", str(rng.randint(1, 30)),
                                   str(rng.randint(1, 6))), k.category) for k in picked]

    stream = Texts.build(kinds, read_history(args.data / "train.tsv"))
    held = Texts.build(kinds, read_history(args.data / "dev.tsv"))
    per = args.per_month or 500
    months = [draw(stream, m % 12 + 1, per) for m in range(args.months)]
    dev = [row for m in range(1, 13) for row in draw(held, m, 100)]
    return months, dev, "demo tickets, leaves"


def run(args: argparse.Namespace) -> None:
    """Replays the months and prints one line each."""
    months, dev, what = (demo_stream if args.source == "demo" else titles_stream)(args)
    if args.dev_limit:
        dev = dev[:args.dev_limit]
    dev_texts = [t for t, _ in dev]
    per_month = len(months[0])
    rng = random.Random(args.seed + 1)
    evaluation = residents_set()
    serving, seconds = _train([])
    train_times, latencies, pool = [seconds], [], []
    print(f"tickets: {per_month} a month for {args.months} months ({what}); "
          f"staff correct a wrong guess with p={args.correct}; dev n={len(dev)}, "
          f"residents.yml n={len(evaluation[1])}")
    print("month  tickets  right-on-arrival  corrected  decision   dev      residents  "
          "gate: held-out old → new  residents old → new  train s")
    print(f"{0:>5}  {0:>7}  {'—':>16}  {'—':>9}  {'shipped':<9}  "
          f"{score_tickets(serving, dev)[0]:.4f}   "
          f"{score(serving, [], evaluation).residents_first_level:.4f}  {'—':>16}  {'—':>17}  "
          f"{seconds:7.2f}")
    for month in range(1, args.months + 1):
        batch = months[month - 1]
        right = corrected = 0
        for text, truth in batch:
            guess = serving.classify_category(text).category
            # the category the ticket keeps, at the depth staff would file it
            label = "/".join(guess.split("/")[:truth.count("/") + 1]) if guess else None
            if label == truth:
                right += 1
            elif rng.random() < args.correct:
                label, corrected = truth, corrected + 1
            label = label or truth  # no guess at all: staff file it
            pool.append(Confirmed(len(pool) + 1, text, "", label))
        train, held = split(pool)
        candidate, seconds = _train([(t.text, t.label) for t in train])
        train_times.append(seconds)
        held_rows = [(t.text, t.label) for t in held]
        old, new = score(serving, held_rows, evaluation), score(candidate, held_rows, evaluation)
        reasons = decide(old, new)
        if args.gate == "held-out":  # what the held-out slice alone would decide
            reasons = [r for r in reasons if "residents.yml" not in r]
        if not reasons:
            serving = candidate
        latencies.append(time_calls(serving.parse_sync, dev_texts[:300])[0])
        print(f"{month:>5}  {len(pool):>7}  {right / len(batch):16.4f}  {corrected:>9}  "
              f"{'refused' if reasons else 'accepted':<9}  "
              f"{score_tickets(serving, dev)[0]:.4f}   "
              f"{score(serving, [], evaluation).residents_first_level:.4f}  "
              f"{old.held_out_category:.4f} → {new.held_out_category:.4f}  "
              f"{old.residents_first_level:.4f} → {new.residents_first_level:.4f}  "
              f"{seconds:7.2f}")
    print(f"median training {statistics.median(train_times):.2f} s; median of the monthly "
          f"parse p50 {statistics.median(latencies):.3f} ms (full parse, 300 dev messages)")


def main() -> None:
    """Parses the arguments and runs the replay."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder with train.tsv and dev.tsv (text, label)")
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--per-month", type=int, default=0,
                        help="tickets a month (default: train.tsv spread over the months)")
    parser.add_argument("--correct", type=float, default=0.9,
                        help="probability that staff correct a wrong guess")
    parser.add_argument("--dev-limit", type=int, default=0, help="score on the first N dev titles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--source", choices=("titles", "demo"), default="titles",
                        help="titles: real titles of train.tsv; demo: the demo community's "
                             "tickets (domain/demo)")
    parser.add_argument("--gate", choices=("both", "held-out"), default="both",
                        help="both: the product's rule; held-out: ignore residents.yml "
                             "(to see what that gate costs)")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
