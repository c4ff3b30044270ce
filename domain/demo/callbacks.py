"""The two callbacks of one resolve cycle, for the reporter and every resident who joined.

Odd rounds ask "solved?" then "satisfied?", even rounds (``Timing.round2_after`` later) "did it
come back?" then "satisfied?". Unanswered rounds expire after ``Timing.expire_after`` (no
answer, never counted as satisfied); a few sends end ``uncertain``. "Not solved",
"dissatisfied" or "it came back" reopen the ticket, and the recurrence checks of a reopened
cycle are cancelled, as in ``domain/surveys``.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from domain.demo.rows import Batch, Row, event, survey
from domain.demo.texts import Texts
from domain.surveys import Timing, reopens

ANSWER_RATE = 0.82
UNCERTAIN_RATE = 0.004
SOLVED = (("yes", 0.88), ("partly", 0.08), ("no", 0.04))
RECURRED = ((False, 0.96), (True, 0.04))
# satisfaction given a good, middling or bad first answer: satisfied, basic, dissatisfied
SATISFACTION = {"good": (0.90, 0.09, 0.01), "partly": (0.35, 0.45, 0.20),
                "bad": (0.05, 0.25, 0.70)}
LEVELS = ("satisfied", "basic", "dissatisfied")


@dataclass
class Clock:
    """What a cycle needs to know: randomness, the end of the window, survey timing."""

    rng: random.Random
    until: datetime
    timing: Timing
    texts: Texts
    next_survey_id: int


@dataclass(frozen=True)
class Reopen:
    """Who reopened the ticket with which survey, and when."""

    at: datetime
    resident_id: int
    survey_id: int
    round: int


@dataclass(frozen=True)
class Outcome:
    """How a cycle ended by the end of the window."""

    reopen: Reopen | None
    closed_at: datetime | None


def _table(options: tuple) -> tuple[tuple, list[float]]:
    """(values, cumulative weights) of ((value, weight), ...)."""
    return tuple(o for o, _ in options), list(accumulate(w for _, w in options))


def _draw(rng: random.Random, table: tuple[tuple, list[float]]):
    """One weighted draw, as ``rng.choices(values, cum_weights=cum)[0]``."""
    values, cum = table
    return values[bisect(cum, rng.random() * cum[-1])]


_SOLVED, _RECURRED = _table(SOLVED), _table(RECURRED)
_SATISFACTION = {mood: _table(tuple(zip(LEVELS, weights, strict=True)))
                 for mood, weights in SATISFACTION.items()}


def _answer(clock: Clock, row: Row, at: datetime, may_reopen: bool, out: Batch) -> Reopen | None:
    """Fills in the resident's answers (and audit events); a Reopen if they reopen it."""
    rng, odd = clock.rng, row["round"] % 2 == 1
    if odd:
        first = _draw(rng, _SOLVED)
        mood = {"yes": "good", "partly": "partly", "no": "bad"}[first]
        question, value = "s", first
    else:
        came_back = _draw(rng, _RECURRED)
        mood, question, value = ("bad" if came_back else "good"), "r", \
            ("yes" if came_back else "no")
    level = _draw(rng, _SATISFACTION[mood])
    if not may_reopen:  # the third cycle is the last one: residents are content by then
        value = {"no": "partly"}.get(value, value) if odd else "no"
        level = "basic" if level == "dissatisfied" else level
    unhappy = level == "dissatisfied" or reopens(question, value)
    comment = None
    if rng.random() < (0.6 if unhappy else 0.08):
        comment = clock.texts.pick(rng, "bad" if unhappy else "good")
    row.update(status="answered", answered_at=at, reminder_due_at=None, satisfaction=level,
               comment=comment)
    row["reminded_at"] = row["sent_at"] + clock.timing.remind_after \
        if at > row["sent_at"] + clock.timing.remind_after else None
    if odd:
        row["solved"] = value
    else:
        row["recurred"] = value == "yes"
    ids = {"survey": row["id"], "round": row["round"]}
    rated = at + timedelta(seconds=rng.uniform(5, 60))
    out.events += [event(row["ticket_id"], at, "survey_answer", "resident", row["resident_id"],
                         {**ids, "question": question, "answer": value}),
                   event(row["ticket_id"], rated, "survey_answer", "resident",
                         row["resident_id"], {**ids, "question": "f", "answer": level})]
    if comment:
        out.events.append(event(row["ticket_id"], rated + timedelta(seconds=30),
                                "survey_comment", "resident", row["resident_id"],
                                {"survey": row["id"], "text": comment}))
    if reopens(question, value):
        return Reopen(at, row["resident_id"], row["id"], row["round"])
    if level == "dissatisfied":
        return Reopen(rated, row["resident_id"], row["id"], row["round"])
    return None


def _round(clock: Clock, out: Batch, row: Row, may_reopen: bool
           ) -> tuple[Reopen | None, datetime | None]:
    """Sends, answers or expires one survey row; returns (reopen, when it became final)."""
    rng, until, timing = clock.rng, clock.until, clock.timing
    out.surveys.append(row)
    ticket_id, due = row["ticket_id"], row["due_at"]
    sent = due + timedelta(seconds=rng.uniform(5, 90))
    if sent >= until:
        return None, None  # still scheduled
    if rng.random() < UNCERTAIN_RATE and due + timedelta(minutes=10) < until:
        row["status"] = "uncertain"
        at = due + timedelta(minutes=10)
        out.events.append(event(ticket_id, at, "survey_uncertain", "system", None,
                                {"survey": row["id"]}))
        return None, at
    row.update(status="sent", sent_at=sent, reminder_due_at=sent + timing.remind_after,
               expires_at=sent + timing.expire_after)
    out.events.append(event(ticket_id, sent, "survey_sent", "system", None,
                            {"survey": row["id"], "round": row["round"]}))
    if rng.random() < ANSWER_RATE:
        hours = min(rng.expovariate(1 / 5), timing.expire_after.total_seconds() / 3600 * 0.95)
        at = sent + timedelta(hours=hours)
        if at < until:
            return _answer(clock, row, at, may_reopen, out), at
    if row["reminder_due_at"] < until:
        row["reminded_at"] = row["reminder_due_at"]
    if row["expires_at"] < until and row["status"] == "sent":
        row["status"] = "expired"
        out.events.append(event(ticket_id, row["expires_at"], "survey_expired", "system", None,
                                {"survey": row["id"]}))
        return None, row["expires_at"]
    return None, None


def _rows(clock: Clock, ticket_id: int, residents: list[int], round_: int, due: datetime,
          created: datetime) -> list[Row]:
    rows = []
    for resident_id in residents:
        rows.append(survey(clock.next_survey_id, ticket_id, resident_id, round_, due, created))
        clock.next_survey_id += 1
    return rows


def cycle(clock: Clock, out: Batch, *, ticket_id: int, residents: list[int], first_round: int,
          resolved_at: datetime, may_reopen: bool) -> Outcome:
    """Both rounds of a cycle: rows, answers, events; how the cycle ended."""
    finals: list[datetime | None] = []
    reopen: Reopen | None = None
    for row in _rows(clock, ticket_id, residents, first_round, resolved_at, resolved_at):
        again, final = _round(clock, out, row, may_reopen)
        finals.append(final)
        reopen = min((r for r in (reopen, again) if r), key=lambda r: r.at, default=None)
    second = _rows(clock, ticket_id, residents, first_round + 1,
                   resolved_at + clock.timing.round2_after, resolved_at)
    if reopen is not None:
        for row in second:
            row["status"] = "cancelled"
        out.surveys += second
        return Outcome(reopen, None)
    for row in second:
        again, final = _round(clock, out, row, may_reopen)
        finals.append(final)
        reopen = min((r for r in (reopen, again) if r), key=lambda r: r.at, default=None)
    if reopen is not None:
        return Outcome(reopen, None)
    closed = max(finals) if finals and all(finals) else None
    return Outcome(None, closed)
