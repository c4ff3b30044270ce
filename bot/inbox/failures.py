"""What a failed try at an update means: try again later, let it be, or park it."""

from __future__ import annotations

from enum import Enum

from sqlalchemy.orm.exc import StaleDataError
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from storage.errors import ConcurrentUpdate, is_transient

HARMLESS = ("message is not modified", "query is too old", "query id is invalid")


class Outcome(Enum):
    """What the inbox does with an update whose handling raised."""

    RETRY = "retry"  # the database or the network: may pass by itself
    DONE = "done"  # Telegram refused something that needs no doing (a repeated edit)
    PARK = "park"  # a bug or a refusal: retrying would fail the same way


def classify(error: BaseException) -> Outcome:
    """Sorts an error raised while handling an update."""
    if isinstance(error, BadRequest):  # BadRequest is a NetworkError in python-telegram-bot
        message = str(error).lower()
        return Outcome.DONE if any(h in message for h in HARMLESS) else Outcome.PARK
    if isinstance(error, RetryAfter | TimedOut | NetworkError) or is_transient(error):
        return Outcome.RETRY
    if isinstance(error, StaleDataError | ConcurrentUpdate):
        # A row the update read was changed meanwhile (e.g. the outbox recording a card's
        # message id on the ticket): its transaction was rolled back, so try it again.
        return Outcome.RETRY
    return Outcome.PARK
