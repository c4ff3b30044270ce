"""The ticket life cycle: states, actions and which action is allowed in which state."""

from __future__ import annotations

from enum import StrEnum

from domain.errors import DomainError


class TicketStatus(StrEnum):
    """Where a ticket is in its life."""

    NEW = "new"  # opened, nobody has claimed it
    CLAIMED = "claimed"  # a worker holds it
    RESOLVED = "resolved"  # the worker says it is done; callbacks pending
    CLOSED = "closed"  # callbacks done (or expired) without a reopen
    REOPENED = "reopened"  # the resident said it is not solved / it came back
    WITHDRAWN = "withdrawn"  # the resident withdrew it


class Action(StrEnum):
    """What someone can do to a ticket."""

    CLAIM = "claim"
    REPLY = "reply"
    RESOLVE = "resolve"
    TRANSFER = "transfer"
    EXCLUDE = "exclude"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    CLOSE = "close"


class InvalidTransition(DomainError):
    """The action is not allowed in the ticket's current state."""

    code = "invalid_transition"


S = TicketStatus
OPEN_STATES = frozenset({S.NEW, S.CLAIMED, S.REOPENED})

# action -> {from state: to state}; a state absent from the map refuses the action.
_TRANSITIONS: dict[Action, dict[TicketStatus, TicketStatus]] = {
    Action.CLAIM: {S.NEW: S.CLAIMED, S.REOPENED: S.CLAIMED},
    Action.REPLY: {S.NEW: S.NEW, S.CLAIMED: S.CLAIMED, S.REOPENED: S.REOPENED},
    Action.RESOLVE: {S.CLAIMED: S.RESOLVED},
    Action.TRANSFER: {S.NEW: S.NEW, S.CLAIMED: S.CLAIMED, S.REOPENED: S.REOPENED},
    Action.EXCLUDE: {s: s for s in S if s is not S.WITHDRAWN},
    Action.REOPEN: {S.RESOLVED: S.REOPENED, S.CLOSED: S.REOPENED},
    Action.WITHDRAW: {S.NEW: S.WITHDRAWN, S.CLAIMED: S.WITHDRAWN, S.REOPENED: S.WITHDRAWN},
    Action.CLOSE: {S.RESOLVED: S.CLOSED},
}


def next_status(current: TicketStatus | str, action: Action) -> TicketStatus:
    """The state after ``action``; raises InvalidTransition when it is not allowed."""
    status = TicketStatus(current)
    target = _TRANSITIONS[action].get(status)
    if target is None:
        raise InvalidTransition(f"cannot {action.value} a ticket that is {status.value}")
    return target


class Withdrawn(InvalidTransition):
    """The resident withdrew the ticket: staff can no longer act on it."""

    code = "staff_ticket_withdrawn"

    def __init__(self, at) -> None:
        super().__init__(f"withdrawn at {at}")
        self.at = at


def check_action(status: TicketStatus | str, action: Action, withdrawn_at=None) -> TicketStatus:
    """``next_status``, but a withdrawn ticket raises ``Withdrawn`` (it says when)."""
    if TicketStatus(status) is TicketStatus.WITHDRAWN:
        raise Withdrawn(withdrawn_at)
    return next_status(status, action)


def allowed_actions(current: TicketStatus | str) -> list[Action]:
    """The actions a ticket in ``current`` accepts, in a stable order (for buttons)."""
    status = TicketStatus(current)
    return [action for action in Action if status in _TRANSITIONS[action]]


def is_open(current: TicketStatus | str) -> bool:
    """True while somebody still has to act on the ticket."""
    return TicketStatus(current) in OPEN_STATES
