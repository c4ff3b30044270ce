"""Learning from staff: train on confirmed tickets, score old vs new, serve only if not worse.

Wires ``domain.learning`` (which tickets, the held-out slice, the rule, the serving model in
the database) to the NLU (training, scoring). Used by ``frontdoor nlu train --from-tickets``
and by the optional weekly job (``FRONTDOOR_NLU_LEARN_WEEKLY``).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from domain import learning
from domain.ports import UowFactory
from nlu.compare import RESIDENTS_FILE, Scores, residents_set, score
from nlu.embedded import EmbeddedEngine

logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a training did: its decision, both models' scores, and the stored model."""

    status: str  # "accepted", "refused" or "too_few"
    tickets: int
    trained_on: int = 0
    held_out: int = 0
    old: Scores | None = None
    new: Scores | None = None
    model_id: int | None = None
    reasons: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Both models side by side, and the decision."""
        lines = [f"confirmed tickets: {self.tickets} (trained on {self.trained_on}, "
                 f"held out {self.held_out}, the most recent)"]
        if self.old and self.new:
            lines.append("                                  old     new")
            for name, key in (("held-out tickets, category", "held_out_category"),
                              ("held-out tickets, first level", "held_out_first_level"),
                              ("held-out tickets, problem type", "held_out_type"),
                              ("residents.yml, first level", "residents_first_level"),
                              ("residents.yml, problem type", "residents_type")):
                old, new = getattr(self.old, key), getattr(self.new, key)
                lines.append(f"{name:<33} {_pct(old)}  {_pct(new)}")
        verdict = {"accepted": f"accepted: model {self.model_id} now serves every process",
                   "refused": f"refused (model {self.model_id} kept for the record): "
                              + "; ".join(self.reasons),
                   "too_few": f"nothing learnt: fewer than {learning.MIN_TICKETS} confirmed "
                              "tickets"}
        lines.append(verdict[self.status])
        return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "  n/a " if value is None else f"{value:.4f}"


def serving_engine(settings, serving: learning.Serving | None) -> EmbeddedEngine:
    """The embedded engine of the serving model (the shipped data alone when None)."""
    history = Path(settings.nlu_history) if settings.nlu_history else None
    engine = EmbeddedEngine.load(cache_dir=Path(settings.nlu_cache_dir), history=history,
                                 tz=settings.tz, rows=serving.rows if serving else None)
    return engine.learn_types(serving.typed if serving else [])


GATES = (("held_out_category", "held-out tickets, category"),
         ("held_out_type", "held-out tickets, problem type"),
         ("residents_first_level", "residents.yml, first level"),
         ("residents_type", "residents.yml, problem type"))


def decide(old: Scores, new: Scores) -> list[str]:
    """Why the new model may not serve (empty: it may).

    Worse by more than half a point on the held-out tickets or on the resident set, in
    category or in problem type.
    """
    reasons = []
    for key, name in GATES:
        before, after = getattr(old, key), getattr(new, key)
        if before is not None and not learning.better_enough(before, after or 0.0):
            reasons.append(f"{name} {before:.4f} → {after or 0.0:.4f}")
    return [f"worse by more than {learning.TOLERANCE * 100:.1f} point on {r}" for r in reasons]


async def learn(uow_factory: UowFactory, settings, *, now: datetime,
                residents: Path | str = RESIDENTS_FILE) -> Outcome:
    """Trains from confirmed tickets, scores old and new, and serves the new one if not worse."""
    tickets = await learning.confirmed_tickets(uow_factory)
    if len(tickets) < learning.MIN_TICKETS:
        return Outcome("too_few", len(tickets))
    train, held = learning.split(tickets)
    serving = await learning.serving(uow_factory)
    held_rows = [(t.text, t.label) for t in held]
    held_types = [(t.text, t.problem_type) for t in held]
    evaluation = residents_set(residents)

    def build_and_score() -> tuple[Scores, Scores, str]:
        old_engine = serving_engine(settings, serving)
        new_engine = serving_engine(settings, learning.Serving(
            0, [(t.text, t.label) for t in train], (), "",
            [(t.text, t.problem_type) for t in train]))
        history = settings.nlu_history or None
        return (score(old_engine, held_rows, evaluation, held_types),
                score(new_engine, held_rows, evaluation, held_types),
                EmbeddedEngine.base_key(history=history))

    old, new, base_key = await asyncio.to_thread(build_and_score)
    reasons = decide(old, new)
    metrics = {"old": old.to_dict(), "new": new.to_dict(), "reasons": reasons,
               "old_model": serving.id if serving else None}
    model_id = await learning.record(uow_factory, train=train, held_out=held, metrics=metrics,
                                     accepted=not reasons, base_key=base_key, now=now)
    outcome = Outcome("refused" if reasons else "accepted", len(tickets), len(train), len(held),
                      old, new, model_id, reasons)
    logger.info("learning: model %s %s (%d tickets)", model_id, outcome.status, len(tickets))
    return outcome


JOB_NAME = "nlu-learn-weekly"
_HOLDER = f"learn-{uuid.uuid4().hex[:12]}"  # this process, for the weekly turn


async def weekly(uow_factory: UowFactory, settings, *, now: datetime,
                 holder: str = _HOLDER) -> Outcome | None:
    """The weekly training, by one process only (None in the others)."""
    if not await learning.take_turn(uow_factory, holder, now):
        return None
    outcome = await learn(uow_factory, settings, now=now)
    logger.info("learning: weekly training %s", outcome.status)
    return outcome


async def weekly_job(context) -> None:
    """The scheduled job: a thin wrapper of ``weekly`` (the job queue's clock)."""
    from storage.models import utcnow

    svc = context.application.bot_data["services"]
    await weekly(svc.uow_factory, svc.settings, now=utcnow())


def schedule(application, settings) -> None:
    """Registers the weekly job when ``FRONTDOOR_NLU_LEARN_WEEKLY`` is on."""
    if not settings.nlu_learn_weekly:
        return
    at = settings.nlu_learn_at.replace(tzinfo=settings.tz)
    application.job_queue.run_daily(weekly_job, time=at, days=(settings.nlu_learn_weekday % 7,),
                                    name=JOB_NAME)
