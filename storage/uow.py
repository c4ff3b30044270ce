"""The unit of work: one transaction, repositories as attributes, rollback unless committed."""

from __future__ import annotations

from typing import Self

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from storage.errors import ConcurrentUpdate, Conflict
from storage.repositories import (
    Attachments,
    ConversationStates,
    Counters,
    Deliveries,
    Digests,
    HandoffSessions,
    Inbox,
    NoticeHistoryQueries,
    Notices,
    Reminders,
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
from storage.repositories.rates import RateQueries

# Every session notes the tickets whose surveys it flushed; ``commit()`` below refreshes them.
event.listen(Session, "after_flush", ticket_kpi.note_flushed_surveys)


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

    def __init__(self, session_factory: async_sessionmaker) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> Self:
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
        return self

    async def __aexit__(self, *exc: object) -> None:
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
            await self.session.commit()
        except StaleDataError as error:
            raise ConcurrentUpdate(str(error)) from error
        except IntegrityError as error:
            raise Conflict(str(error.orig)) from error

    async def rollback(self) -> None:
        """Discards everything not committed (a no-op after ``commit()``)."""
        await self.session.rollback()
