"""The inbox's pure rules: conversations, backoff, what a failure means, staff notices."""

from datetime import timedelta

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.inbox.failures import Outcome, classify
from domain.inbox import MAX_ATTEMPTS, backoff, conversation_of
from handlers.callback_ids import parse_id
from handlers.errors import StaffNotices
from storage.errors import ConcurrentUpdate, Conflict


def test_a_private_chat_is_one_conversation_a_forum_topic_another():
    assert conversation_of(42, "private", None, 42) == "c:42"
    assert conversation_of(-100, "supergroup", 7, 1) == "c:-100:t:7"
    assert conversation_of(-100, "supergroup", 8, 1) != conversation_of(-100, "supergroup", 7, 1)
    assert conversation_of(-100, "supergroup", None, 1) == "c:-100"
    assert conversation_of(None, None, None, 5) == "u:5"


def test_backoff_doubles_up_to_a_minute_and_gives_up_after_about_five():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff(20) == timedelta(seconds=60)
    total = sum((backoff(n) for n in range(1, MAX_ATTEMPTS)), timedelta())
    assert timedelta(minutes=2) < total < timedelta(minutes=10)


def _wrapped_db_error():
    try:
        try:
            raise ConnectionRefusedError(111, "refused")
        except ConnectionRefusedError as cause:
            raise RuntimeError("while handling") from cause
    except RuntimeError as error:
        return error


def test_database_and_network_errors_are_retried():
    assert classify(OperationalError("select 1", {}, Exception("down"))) is Outcome.RETRY
    assert classify(NetworkError("Bad Gateway")) is Outcome.RETRY
    assert classify(TimedOut()) is Outcome.RETRY
    assert classify(RetryAfter(3)) is Outcome.RETRY
    assert classify(_wrapped_db_error()) is Outcome.RETRY


def test_a_row_changed_meanwhile_is_tried_again():
    """The crash bench saw a claim parked: the outbox recorded the card's message id on the
    ticket between the claim's read and its flush (StaleDataError at autoflush)."""
    assert classify(StaleDataError("UPDATE statement on table 'tickets' expected to update "
                                   "1 row(s); 0 were matched.")) is Outcome.RETRY
    assert classify(ConcurrentUpdate("tickets")) is Outcome.RETRY


def test_a_repeated_edit_is_done_and_bugs_or_refusals_are_parked():
    assert classify(BadRequest("Message is not modified: x")) is Outcome.DONE
    assert classify(BadRequest("Query is too old and response timeout expired")) is Outcome.DONE
    assert classify(BadRequest("Chat not found")) is Outcome.PARK
    assert classify(Forbidden("bot was blocked by the user")) is Outcome.PARK
    assert classify(KeyError("x")) is Outcome.PARK
    assert classify(Conflict("unique")) is Outcome.PARK
    assert classify(IntegrityError("insert", {}, Exception("dup"))) is Outcome.PARK


def test_staff_hear_of_an_error_kind_once_per_window_with_the_count():
    now = [0.0]
    notices = StaffNotices(window=300, clock=lambda: now[0])
    assert notices.admit("DataError") == 0
    assert [notices.admit("DataError") for _ in range(29)] == [None] * 29
    assert notices.admit("KeyError") == 0  # another kind is told at once
    now[0] = 301
    assert notices.admit("DataError") == 29
    assert notices.admit("DataError") is None


def test_button_ids_are_ascii_digits_that_fit_a_bigint():
    assert parse_id("42") == 42
    assert parse_id("0") == 0  # a list index
    for bad in ("", "-1", "²", "١٢", "1e3", " 1", "9" * 19, "abc"):
        assert parse_id(bad) is None, bad
    assert parse_id("9" * 18) == int("9" * 18)
