"""每月一题 against a baseline on generated seasonal histories (``-m benchmarks.monthly_topic``).

Each history is ``--years`` of monthly ticket counts for the demo community's kinds of
request (``domain/demo/data/categories.tsv``: their weights and monthly factors), with
noise a real office sees: Poisson counts, a level that drifts from year to year per
kind, and seasons that come up to a month early or late (each year's factors blend with
the neighbouring month's). For every month from the second year on, three picks are
compared with the truth, the kind with the largest surge that month (tickets minus its
mean of the 12 months before):

- **ours**: ``domain.notices.proposal.pick`` (same month blended over two years, times the
  recent trend, minus the monthly mean);
- **baseline**: the top kind of the same month last year;
- **excess only**: same month last year minus the monthly mean (ours without the blend
  and the trend; shows what those two add).

Prints hit rates side by side, per calendar month and overall, and the paired comparison
(months where exactly one of ours and the baseline hit, with an exact sign-test p-value).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace

import numpy as np

from domain.demo.seasons import Kind, load_kinds
from domain.notices.proposal import HISTORY, pick

FLAT = "城乡建设/住房保障与房地产/物业服务"  # property service: large and flat all year
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def simulate(rng: np.random.Generator, kinds: tuple[Kind, ...], years: int, volume: float,
             drift: float, jitter: float) -> dict[str, np.ndarray]:
    """Monthly counts per kind over ``years`` years (January of year 1 first)."""
    base = volume / sum(k.weight * sum(k.months) / 12 for k in kinds)
    counts = {}
    for kind in kinds:
        factors = np.array(kind.months)
        trend = rng.normal(0.0, drift)
        series = []
        for year in range(years):
            level = math.exp(trend * year + rng.normal(0.0, drift / 2))
            shifted = np.roll(factors, int(rng.choice([-1, 1])))  # a month early or late
            blend = rng.uniform(0.0, jitter)
            expected = base * kind.weight * level * ((1 - blend) * factors + blend * shifted)
            series.extend(rng.poisson(expected))
        counts[kind.category] = np.array(series)
    return counts


def window(counts: dict[str, np.ndarray], t: int) -> dict[str, list[int]]:
    """The ``HISTORY`` months before month ``t``, zeros before the history began."""
    return {c: [0] * max(0, HISTORY - t) + [int(v) for v in s[max(0, t - HISTORY):t]]
            for c, s in counts.items()}


def surge(counts: dict[str, np.ndarray], t: int) -> str:
    """The kind with the largest excess over its mean of the 12 months before ``t``."""
    return max(sorted(counts), key=lambda c: counts[c][t] - counts[c][t - 12:t].mean())


def picks(history: dict[str, list[int]]) -> tuple[str | None, str, str]:
    """(ours, baseline, excess only) from the 24 months before the target."""
    best = pick(history)
    baseline = max(sorted(history), key=lambda c: history[c][12])
    excess = max(sorted(history), key=lambda c: history[c][12] - sum(history[c][12:]) / 12)
    return (best.category if best else None), baseline, excess


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact binomial p-value of ``wins`` against ``losses`` (p = 1/2)."""
    n, k = wins + losses, min(wins, losses)
    if n == 0:
        return 1.0
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def evaluate(histories: int, years: int, volume: float, drift: float, jitter: float,
             seed: int, flat: float = 1.0) -> None:
    """Runs the comparison and prints it (``flat`` multiplies property service's weight)."""
    kinds = tuple(replace(k, weight=k.weight * flat) if k.category == FLAT else k
                  for k in load_kinds())
    rng = np.random.default_rng(seed)
    hits = np.zeros((12, 3))  # per calendar month: ours, baseline, excess only
    trials = np.zeros(12)
    by_depth = {1: np.zeros(4), 2: np.zeros(4)}  # years of history: hits ×3, trials
    wins = losses = 0
    for _ in range(histories):
        counts = simulate(rng, kinds, years, volume, drift, jitter)
        for t in range(12, 12 * years):
            truth = surge(counts, t)
            hit = [p == truth for p in picks(window(counts, t))]
            hits[t % 12] += hit
            trials[t % 12] += 1
            by_depth[1 if t < 24 else 2] += [*hit, 1]
            wins += hit[0] and not hit[1]
            losses += hit[1] and not hit[0]
    print(f"{histories} histories × {years} years, ~{volume:.0f} tickets a month, "
          f"{len(kinds)} kinds, level drift σ={drift}, season jitter ≤{jitter:.0%}, "
          f"property service ×{flat:g}, seed {seed}")
    print(f"{'month':<8}{'ours':>8}{'baseline':>10}{'excess only':>13}")
    for m in range(12):
        ours, base, excess = hits[m] / trials[m]
        print(f"{MONTHS[m]:<8}{ours:>8.0%}{base:>10.0%}{excess:>13.0%}")
    ours, base, excess = hits.sum(axis=0) / trials.sum()
    print(f"{'all':<8}{ours:>8.1%}{base:>10.1%}{excess:>13.1%}   ({int(trials.sum())} months)")
    for depth, row in by_depth.items():
        if row[3]:
            print(f"  with {depth} year(s) of history: ours {row[0] / row[3]:.1%}, "
                  f"baseline {row[1] / row[3]:.1%}, excess only {row[2] / row[3]:.1%} "
                  f"({int(row[3])} months)")
    print(f"paired: ours right and baseline wrong {wins}, the reverse {losses}; "
          f"sign test p = {sign_test(wins, losses):.2g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--histories", type=int, default=50)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--volume", type=float, default=400.0, help="tickets a month")
    parser.add_argument("--drift", type=float, default=0.15, help="yearly level drift σ")
    parser.add_argument("--jitter", type=float, default=0.4, help="max season shift blend")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--flat", type=float, default=1.0,
                        help="multiply the weight of property service (large, flat) by this")
    options = parser.parse_args()
    evaluate(options.histories, options.years, options.volume, options.drift,
             options.jitter, options.seed, options.flat)
