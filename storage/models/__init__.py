"""All models; importing this module registers every table on ``Base.metadata``."""

from storage.models.base import NAMING_CONVENTION, Base
from storage.models.bookkeeping import Counter, Digest
from storage.models.chat import ConversationState, HandoffSession
from storage.models.escalations import OrderEscalation
from storage.models.followup import Reminder, Survey
from storage.models.inbox import InboxUpdate
from storage.models.nlu_models import NluModel
from storage.models.notices import Delivery, Notice
from storage.models.open311 import ApiKey
from storage.models.outbox import OutboxMessage, OutboxSender
from storage.models.people import Resident, StaffMember, Subscription
from storage.models.runtime import Lease, Version
from storage.models.tickets import (
    AppendOnlyViolation,
    Attachment,
    Ticket,
    TicketEvent,
    TicketFollower,
)
from storage.models.types import BigId, UtcDateTime, utcnow
from storage.models.units import Unit, UnitMember, UnitRoute, WorkOrder
from storage.models.web import WebKey, WebLink, WebSession

__all__ = [
    "NAMING_CONVENTION",
    "ApiKey",
    "AppendOnlyViolation",
    "Attachment",
    "Base",
    "BigId",
    "Counter",
    "ConversationState",
    "Delivery",
    "Digest",
    "HandoffSession",
    "InboxUpdate",
    "Lease",
    "NluModel",
    "Notice",
    "OrderEscalation",
    "OutboxMessage",
    "OutboxSender",
    "Reminder",
    "Resident",
    "StaffMember",
    "Subscription",
    "Survey",
    "Ticket",
    "TicketEvent",
    "TicketFollower",
    "Unit",
    "UnitMember",
    "UnitRoute",
    "UtcDateTime",
    "Version",
    "WebKey",
    "WebLink",
    "WebSession",
    "WorkOrder",
    "utcnow",
]
