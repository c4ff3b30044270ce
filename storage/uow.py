"""The unit of work: one transaction, repositories as attributes, rollback unless committed.

Inside ``one_transaction`` (the inbox handling one update, a scheduled job) every unit of
work joins that one transaction as a savepoint: its ``commit`` keeps its work and its
rollback undoes only its own, and nothing is durable until the surrounding transaction
commits. So an update's state changes and the messages that report them (the outbox) are
committed together, or not at all.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import AsyncIterator
from typing import Self

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from storage.errors import ConcurrentUpdate, Conflict
from storage.repositories import (
    ApiKeys,
    Attachments,
    ConversationStates,
    Counters,
    Deliveries,
    Digests,
    HandoffSessions,
    Inbox,
    NoticeHistoryQueries,
    Notices,
    Outbox,
    Reminders,
    RequestQueries,
    Residents,
    StaffMembers,
    Subscriptions,
    Surveys,
    TicketEvents,
    TicketFollowers,
    Tickets,
    ticket_kpi,
)
from storage.repositories.analysis import AnalysisQueries
from storage.repositories.audience import AudienceQueries
from storage.repositories.digest_queries import DigestQueries
from storage.repositories.erasure import Erasure
from storage.repositories.escalations import OrderEscalations
from storage.repositories.nlu_models import NluModels
from storage.repositories.rates import RateQueries
from storage.repositories.runtime import Runtime
from storage.repositories.unit_rates import UnitRateQueries
from storage.repositories.units import Units, WorkOrders
from storage.repositories.web_auth import WebAuth
from storage.repositories.web_buildings import WebBuildingQueries
from storage.repositories.web_overview import WebOverviewQueries
from storage.repositories.web_tickets import WebTicketQueries

# Every session notes the tickets whose surveys it flushed; ``commit()`` below refreshes them.
event.listen(Session, "after_flush", ticket_kpi.note_flushed_surveys)

# The session of the surrounding transaction, while one is open (``one_transaction``).
AMBIENT: contextvars.ContextVar[AsyncSession | None] = contextvars.ContextVar(
    "frontdoor_ambient_session", default=None)


class Transaction:
    """The transaction every unit of work in this task joins until ``commit``."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.committed = False

    async def commit(self) -> None:
        """Makes everything the joined units of work kept durable.

        Raises:
            ConcurrentUpdate, Conflict: As ``SqlUnitOfWork.commit``.
        """
        try:
            await ticket_kpi.refresh_touched(self.session)
            await self.session.commit()
        except StaleDataError as error:
            raise ConcurrentUpdate(str(error)) from error
        except IntegrityError as error:
            raise Conflict(str(error.orig)) from error
        self.committed = True


@contextlib.asynccontextmanager
async def one_transaction(session_factory: async_sessionmaker) -> AsyncIterator[Transaction]:
    """Opens a transaction that the units of work of this task join.

    Rolled back unless committed. Tasks started inside inherit it: start none that touch
    the database.
    """
    session = session_factory()
    token = AMBIENT.set(session)
    try:
        yield Transaction(session)
    finally:
        AMBIENT.reset(token)
        try:
            await session.rollback()
        finally:
            await session.close()


class SqlUnitOfWork:
    """``async with SqlUnitOfWork(factory) as uow: ...; await uow.commit()``.

    Leaving the block without ``commit()`` (or with an exception) rolls everything back.
    Repositories never commit; services do, through this object.
    """

    session: AsyncSession
    residents: Residents
    staff: StaffMembers
    subscriptions: Subscriptions
    tickets: Tickets
    followers: TicketFollowers
    events: TicketEvents
    attachments: Attachments
    surveys: Surveys
    reminders: Reminders
    notices: Notices
    deliveries: Deliveries
    conversations: ConversationStates
    handoffs: HandoffSessions
    inbox: Inbox
    erasure: Erasure
    digests: Digests
    counters: Counters
    rates: RateQueries
    digest_queries: DigestQueries
    analysis: AnalysisQueries
    audience: AudienceQueries
    notice_history: NoticeHistoryQueries
    outbox: Outbox
    runtime: Runtime
    nlu_models: NluModels
    units: Units
    unit_rates: UnitRateQueries
    orders: WorkOrders
    escalations: OrderEscalations
    web_overview: WebOverviewQueries
    web_buildings: WebBuildingQueries

    def __init__(self, session_factory: async_sessionmaker) -> None:
        self._session_factory = session_factory
        self._savepoint = None
        self._joined = False  # inside ``one_transaction``: this unit is a savepoint

    async def __aenter__(self) -> Self:
        ambient = AMBIENT.get()
        if ambient is not None:
            self.session = session = ambient
            self._joined = True
            self._savepoint = await session.begin_nested()
        else:
            self.session = session = self._session_factory()
        self.residents = Residents(session)
        self.staff = StaffMembers(session)
        self.subscriptions = Subscriptions(session)
        self.tickets = Tickets(session)
        self.followers = TicketFollowers(session)
        self.events = TicketEvents(session)
        self.attachments = Attachments(session)
        self.surveys = Surveys(session)
        self.reminders = Reminders(session)
        self.notices = Notices(session)
        self.deliveries = Deliveries(session)
        self.conversations = ConversationStates(session)
        self.handoffs = HandoffSessions(session)
        self.inbox = Inbox(session)
        self.erasure = Erasure(session)
        self.digests = Digests(session)
        self.counters = Counters(session)
        self.rates = RateQueries(session)
        self.digest_queries = DigestQueries(session)
        self.analysis = AnalysisQueries(session)
        self.audience = AudienceQueries(session)
        self.notice_history = NoticeHistoryQueries(session)
        self.outbox = Outbox(session)
        self.runtime = Runtime(session)
        self.nlu_models = NluModels(session)
        self.units = Units(session)
        self.unit_rates = UnitRateQueries(session)
        self.orders = WorkOrders(session)
        self.escalations = OrderEscalations(session)
        self.web_overview = WebOverviewQueries(session)
        self.web_buildings = WebBuildingQueries(session)
        self.api_keys = ApiKeys(session)
        self.requests = RequestQueries(session)
        self.web_auth = WebAuth(session)
        self.web_tickets = WebTicketQueries(session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._joined:
            await self._undo_savepoint()  # this unit's own, not the work it kept
            return
        try:
            await self.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Makes the work durable.

        Raises:
            ConcurrentUpdate: A versioned row was changed by someone else meanwhile.
            Conflict: A unique or foreign-key constraint refused the write.
        """
        try:
            await ticket_kpi.refresh_touched(self.session)  # tickets.kpi_* follow their surveys
            if not self._joined:
                await self.session.commit()
            else:
                # Kept within the surrounding transaction. No new savepoint (two round trips
                # saved per unit): work after this commit joins the surrounding one directly.
                if self._savepoint is not None:
                    await self._savepoint.commit()  # on a failed flush it stays, rolled back
                    self._savepoint = None
        except StaleDataError as error:
            raise ConcurrentUpdate(str(error)) from error
        except IntegrityError as error:
            raise Conflict(str(error.orig)) from error

    async def rollback(self) -> None:
        """Discards everything not committed (a no-op after ``commit()``)."""
        if self._joined:
            await self._undo_savepoint()
            self._savepoint = await self.session.begin_nested()
            return
        await self.session.rollback()

    async def _undo_savepoint(self) -> None:
        """Rolls back this unit's savepoint, also after a failed flush left it inactive."""
        savepoint, self._savepoint = self._savepoint, None
        if savepoint is not None and not savepoint.sync_transaction._transaction_is_closed():
            await savepoint.rollback()
