"""One repository per aggregate; each takes an AsyncSession and never commits."""

from storage.repositories.audit import Attachments, TicketEvents
from storage.repositories.base import Repository
from storage.repositories.bookkeeping import Counters, Digests
from storage.repositories.claims import claim_due, claim_one, release
from storage.repositories.conversations import ConversationStates, HandoffSessions
from storage.repositories.followup import Reminders, Surveys
from storage.repositories.inbox import Inbox
from storage.repositories.notice_history import NoticeHistoryQueries
from storage.repositories.notices import Deliveries, Notices
from storage.repositories.open311 import ApiKeys, RequestQueries
from storage.repositories.outbox import Outbox
from storage.repositories.people import Residents, StaffMembers, Subscriptions
from storage.repositories.tickets import TicketFollowers, Tickets

__all__ = [
    "Attachments",
    "ConversationStates",
    "Counters",
    "Deliveries",
    "Digests",
    "HandoffSessions",
    "Inbox",
    "NoticeHistoryQueries",
    "Notices",
    "Outbox",
    "ApiKeys",
    "RequestQueries",
    "Reminders",
    "Repository",
    "Residents",
    "StaffMembers",
    "Subscriptions",
    "Surveys",
    "TicketEvents",
    "TicketFollowers",
    "Tickets",
    "claim_due",
    "claim_one",
    "release",
]
