"""What the NLU learns from staff: confirmed tickets, the held-out slice, the serving model.

A ticket is **confirmed** when it is resolved (or closed after resolution) and its problem
type was set by staff or left as the resident's by the staff who resolved it: its
description is then labelled with its category (the type's taxonomy leaf). The most recent
of them are held out to score a new model against the serving one (category and type);
the rule that decides is ``better_enough``. The serving model is the newest accepted one;
accepting a model bumps the ``nlu`` version so every running process loads it
(``domain/runtime``). Plain values only: training and scoring are the NLU's business
(``bot/learning.py`` wires them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from domain import runtime
from domain.ports import UowFactory
from domain.tickets import TicketStatus
from storage.models import NluModel

CONFIRMED_STATES = (TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value)
CONFIRMED_BY = ("staff", "resident")  # set by staff, or the resident's left unchanged
HELD_OUT_SHARE = 0.2
HELD_OUT_MAX = 500
MIN_TICKETS = 10  # fewer confirmed tickets: nothing to learn yet
TOLERANCE = 0.005  # half a point: a new model may be this much worse, not more
TURN = "nlu-learn"  # the lease of the process that trains this week (one of them)
TURN_FOR = timedelta(hours=2)


@dataclass(frozen=True)
class Confirmed:
    """One confirmed ticket: its id, description, type and category (the label)."""

    id: int
    text: str
    problem_type: str
    label: str


@dataclass(frozen=True)
class Serving:
    """The model every process serves.

    Its id, its training rows ``(text, label)`` and ``(text, problem type)``.
    """

    id: int
    rows: list[tuple[str, str]]
    ticket_ids: tuple[int, ...]
    base_key: str
    typed: list[tuple[str, str]] = field(default_factory=list)


async def confirmed_tickets(uow_factory: UowFactory) -> list[Confirmed]:
    """Every confirmed ticket with a description, oldest resolution first."""
    async with uow_factory() as uow:
        rows = await uow.nlu_models.confirmed(CONFIRMED_STATES, CONFIRMED_BY)
    return [Confirmed(i, text.strip(), kind, label) for i, text, kind, label in rows
            if (text or "").strip()]


def split(tickets: list[Confirmed], share: float = HELD_OUT_SHARE,
          cap: int = HELD_OUT_MAX) -> tuple[list[Confirmed], list[Confirmed]]:
    """``(train, held out)``: the most recent ``share`` (at most ``cap``, at least one) held."""
    if len(tickets) < 2:
        return list(tickets), []
    held = min(cap, max(1, round(len(tickets) * share)))
    return tickets[:-held], tickets[-held:]


def better_enough(old: float, new: float, tolerance: float = TOLERANCE) -> bool:
    """True unless ``new`` is worse than ``old`` by more than ``tolerance``."""
    return new >= old - tolerance - 1e-12


async def serving(uow_factory: UowFactory) -> Serving | None:
    """The newest accepted model with the current descriptions of its tickets, or None.

    A ticket whose description was erased since (``/mydata``) is left out.
    """
    async with uow_factory() as uow:
        model = await uow.nlu_models.serving()
        if model is None:
            return None
        stored = [(int(row[0]), str(row[1]), str(row[2]) if len(row) > 2 else "")
                  for row in model.rows]
        model_id, base_key = model.id, model.base_key
        texts = await uow.nlu_models.descriptions([i for i, _, _ in stored])
    kept = [(texts[i].strip(), label, kind) for i, label, kind in stored
            if texts.get(i, "").strip()]
    return Serving(model_id, [(t, label) for t, label, _ in kept],
                   tuple(i for i, _, _ in stored), base_key,
                   [(t, kind) for t, _, kind in kept if kind])


async def record(uow_factory: UowFactory, *, train: list[Confirmed], held_out: list[Confirmed],
                 metrics: dict, accepted: bool, base_key: str, now: datetime) -> int:
    """Stores a training's outcome; an accepted model becomes the serving one at once."""
    async with uow_factory() as uow:
        row = await uow.nlu_models.add(NluModel(
            created_at=now, accepted=accepted, base_key=base_key,
            rows=[[t.id, t.label, t.problem_type] for t in train],
            held_out=[t.id for t in held_out],
            metrics=metrics))
        model_id = row.id  # set by the flush of ``add``
        if accepted:
            await uow.runtime.bump(runtime.NLU, now)
        await uow.commit()
        return model_id


async def take_turn(uow_factory: UowFactory, holder: str, now: datetime) -> bool:
    """True for the one process that trains now.

    Every process's weekly job fires; one takes the lease for ``TURN_FOR``, the others
    do nothing.
    """
    async with uow_factory() as uow:
        mine = await uow.runtime.hold(TURN, holder, now, now + TURN_FOR)
        await uow.commit()
        return mine
