"""Figures for ``benchmarks.intake``: percentiles, a server-side clock, the summary tables."""

from __future__ import annotations

import math
import statistics
import time

from bot.localapi import LocalBotAPI


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (0 < p <= 100), NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(seconds: float) -> float:
    """Seconds as milliseconds."""
    return seconds * 1000


class ServerClock:
    """Times each update inside the local Bot API: queued → the bot's next message in that chat.

    This excludes the residents' own HTTP round trips and long polls (the control API), so it
    is the bot's reply time as Telegram's servers would see it. It wraps two methods of the
    in-process ``State`` object; nothing in ``bot/localapi`` changes.
    """

    def __init__(self, api: LocalBotAPI) -> None:
        self.replies: list[tuple[float, float]] = []  # (at, latency)
        self._pending: dict[int, float] = {}
        state = api.state
        enqueue, new_message = state.enqueue, state.new_message

        def timed_enqueue(kind: str, payload: dict) -> int:
            update_id = enqueue(kind, payload)
            sender = payload.get("from") or {}
            if "id" in sender:
                self._pending[sender["id"]] = time.perf_counter()
            return update_id

        def timed_new_message(*args, **kwargs):
            record = new_message(*args, **kwargs)
            chat_id = record.message["chat"]["id"]
            if record.from_bot and chat_id in self._pending:
                now = time.perf_counter()
                self.replies.append((now, now - self._pending.pop(chat_id)))
            return record

        state.enqueue, state.new_message = timed_enqueue, timed_new_message


def median_of(runs: list[dict]) -> dict:
    """Per key, the median over repeats of numeric figures (the first value otherwise)."""
    merged = {}
    for key in runs[0]:
        values = [run[key] for run in runs]
        numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        merged[key] = statistics.median(values) if numeric else values[0]
    if len(runs) > 1 and "target" in merged:  # the verdict on the median, not on run 1
        met = sum(run["target"] == "met" for run in runs)
        merged["target"] = (f"met in {met} of {len(runs)} runs" if met else
                            f"missed in all {len(runs)} runs (median {merged['p99']:.0f} ms)")
    return merged


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:.0f}" if abs(value) >= 100 else f"{value:.2f}" if abs(value) < 10 \
            else f"{value:.1f}"
    return str(value)


def table(title: str, columns: dict[str, dict], labels: list[tuple[str, str]]) -> str:
    """A plain-text table: one row per (key, label), one column per run name."""
    names = list(columns)
    rows = [[label, *(_cell(columns[n].get(key, "")) for n in names)] for key, label in labels]
    widths = [max(len(r[i]) for r in [["", *names], *rows]) for i in range(len(names) + 1)]
    lines = [title, "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                              for i, (h, w) in enumerate(zip(["", *names], widths,
                                                             strict=True)))]
    for row in rows:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    return "\n".join(lines)


REALISTIC_ROWS = [
    ("residents", "residents"), ("think", "thinking between actions (s)"),
    ("limits", "rate limits: local API, bot's limiter"),
    ("done", "intakes completed"), ("wall_s", "wall time, first send to last reply (s)"),
    ("intakes_per_s", "completed intakes per second"), ("replies", "bot replies timed"),
    ("p50", "reply latency p50, resident (ms)"), ("p90", "reply latency p90, resident (ms)"),
    ("p99", "reply latency p99, resident (ms)"), ("max", "reply latency max, resident (ms)"),
    ("srv_p50", "reply latency p50, in the API (ms)"),
    ("srv_p99", "reply latency p99, in the API (ms)"),
    ("rate_limited", "429s sent by the local API"),
    ("failures", "actions without the expected reply"),
    ("reached", "429 reached a resident (429s and a missing reply)"),
    ("target", "p99 < 250 ms"),
    ("bot_cpu", "bot process CPU (% of one core)"),
    ("driver_cpu", "API + residents CPU (% of one core)"),
]
STRESS_ROWS = [
    ("residents", "residents (no thinking)"), ("window_s", "measured window (s)"),
    ("limits", "rate limits: local API, bot's limiter"),
    ("updates_per_s", "updates handled per second"),
    ("intakes_per_s", "intakes completed in the window per second"),
    ("intakes_rate", "intakes per second (updates/s / updates per intake)"),
    ("p50", "reply latency p50, resident (ms)"), ("p99", "reply latency p99, resident (ms)"),
    ("srv_p50", "reply latency p50, in the API (ms)"),
    ("srv_p99", "reply latency p99, in the API (ms)"),
    ("echo_updates_per_s", "echo bot: updates per second (ceiling)"),
    ("echo_p50", "echo bot: reply p50, resident (ms)"),
    ("echo_p99", "echo bot: reply p99, resident (ms)"),
    ("ratio", "frontdoor / echo updates per second"),
    ("failures", "actions without the expected reply"),
    ("bot_cpu", "bot process CPU (% of one core)"),
    ("echo_cpu", "echo process CPU (% of one core)"),
    ("driver_cpu", "API + residents CPU (% of one core)"),
    ("echo_driver_cpu", "API + residents CPU, echo run (% of one core)"),
]
