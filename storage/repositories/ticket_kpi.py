"""Each ticket's survey summary, kept on its row so the three rates scan one table.

``tickets.kpi_*`` hold, per ticket: the residents' latest answered rounds (``answers``),
how many of those confirm it solved (``confirmed``: an odd round "solved", an even round
"it has not come back"), their satisfaction answers, and the expired (no answer) and
uncertain surveys. No rule is decided here beyond that tally: ``domain.rates`` owns the
formulas.

The unit of work keeps the summary exact: every flush that writes a survey, and every
claim that changes surveys in bulk, notes the survey's ticket (``touch``); ``commit()``
recomputes the noted tickets from their surveys in the same transaction (``refresh``).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from storage.models import Survey, Ticket

KEY = "kpi_tickets"


def _n(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


def _tally(ticket_ids: list[int] | None):
    """Per ticket with surveys: the summary columns, in one grouped pass over surveys."""
    s, latest = Survey, Survey.is_latest.is_(True)
    confirmed = or_(and_(s.round % 2 == 1, s.solved == "yes"),
                    and_(s.round % 2 == 0, s.recurred.is_(False)))
    stmt = select(
        s.ticket_id.label("ticket_id"),
        _n(latest).label("kpi_answers"),
        _n(and_(latest, confirmed)).label("kpi_confirmed"),
        _n(and_(latest, s.satisfaction == "satisfied")).label("kpi_satisfied"),
        _n(and_(latest, s.satisfaction == "basic")).label("kpi_basic"),
        _n(and_(latest, s.satisfaction == "dissatisfied")).label("kpi_dissatisfied"),
        _n(s.status == "expired").label("kpi_no_answer"),
        _n(s.status == "uncertain").label("kpi_uncertain"),
    )
    if ticket_ids is not None:
        stmt = stmt.where(s.ticket_id.in_(ticket_ids))
    return stmt.group_by(s.ticket_id).subquery("tally")


COLUMNS = ("kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic", "kpi_dissatisfied",
           "kpi_no_answer", "kpi_uncertain")


def touch(session: Session | AsyncSession, ticket_ids: Iterable[int]) -> None:
    """Notes tickets whose surveys changed in this session."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    sync.info.setdefault(KEY, set()).update(ticket_ids)


def note_flushed_surveys(session: Session, _flush_context: object) -> None:
    """``after_flush`` listener: the tickets of surveys added, changed or deleted."""
    touch(session, {obj.ticket_id for obj in chain(session.new, session.dirty, session.deleted)
                    if isinstance(obj, Survey)})


async def refresh(session: AsyncSession, ticket_ids: Iterable[int] | None = None) -> None:
    """Recomputes the summary of the given tickets (all tickets with surveys if None).

    One ``UPDATE … FROM`` (PostgreSQL; SQLite 3.33+) joined with one grouped pass over the
    surveys. Surveys are never deleted, so a ticket that had surveys always has a row here.
    """
    ids = sorted(ticket_ids) if ticket_ids is not None else None
    if ids == []:
        return
    tally = _tally(ids)
    stmt = (update(Ticket).where(Ticket.id == tally.c.ticket_id)
            .values({name: tally.c[name] for name in COLUMNS})
            .execution_options(synchronize_session=False))
    await session.execute(stmt)


async def refresh_touched(session: AsyncSession) -> None:
    """Flushes, then recomputes the summaries of every ticket noted since the last call."""
    await session.flush()
    ids = session.sync_session.info.pop(KEY, None)
    if ids:
        await refresh(session, ids)
