"""Rate limits: the limiter alone on a fake clock, then 429s through PTB's real Bot."""

import pytest
from telegram.error import RetryAfter

from bot.localapi import Limits
from bot.localapi.client import ControlError
from bot.localapi.limits import RateLimiter
from tests.localapi.conftest import RESIDENT, STAFF, seconds

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_per_chat_bucket_allows_a_burst_then_one_per_second():
    clock = Clock()
    limiter = RateLimiter(Limits(per_chat_burst=3, per_chat_per_second=1), clock)
    assert [limiter.acquire(1, False) for _ in range(3)] == [0, 0, 0]
    assert limiter.acquire(1, False) == 1
    assert limiter.acquire(2, False) == 0  # other chats are independent
    clock.now += 1.0
    assert limiter.acquire(1, False) == 0
    assert limiter.acquire(1, False) == 1


def test_overall_window_is_a_sliding_second():
    clock = Clock()
    limiter = RateLimiter(Limits(overall_per_second=5, per_chat_burst=100), clock)
    assert all(limiter.acquire(chat, False) == 0 for chat in range(5))
    assert limiter.acquire(99, False) == 1
    clock.now += 1.01
    assert limiter.acquire(99, False) == 0


def test_group_minute_window_reports_whole_seconds():
    clock = Clock()
    limiter = RateLimiter(Limits(group_per_minute=2, per_chat_burst=100,
                                 per_chat_per_second=100), clock)
    assert limiter.acquire(-5, True) == 0
    clock.now += 10
    assert limiter.acquire(-5, True) == 0
    assert limiter.acquire(-5, True) == 50  # the first send leaves the window at +60 s
    assert limiter.acquire(-5, False) == 0  # not a group: no minute window


def test_disabled_limits_never_refuse():
    limiter = RateLimiter(Limits.off())
    assert all(limiter.acquire(1, True) == 0 for _ in range(500))


async def test_too_many_messages_raise_retry_after(bot, control):
    await control.set_limits(enabled=True, per_chat_burst=2, per_chat_per_second=0.5)
    await bot.send_message(RESIDENT, "1")
    await bot.send_message(RESIDENT, "2")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(RESIDENT, "3")
    assert seconds(caught.value.retry_after) == 2
    stats = await control.stats()
    assert stats["rate_limited"] == 1 and stats["sent_per_chat"] == {str(RESIDENT): 2}
    assert stats["methods"]["sendMessage"] == 3


async def test_group_limit_and_edits_count(bot, control):
    await control.set_limits(enabled=True, group_per_minute=2, per_chat_burst=10,
                             per_chat_per_second=10)
    first = await bot.send_message(STAFF, "a")
    await bot.edit_message_text("b", STAFF, first.message_id)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(STAFF, "c")
    assert seconds(caught.value.retry_after) >= 59
    limits = await control.set_limits(enabled=False)
    assert limits["enabled"] is False
    await bot.send_message(STAFF, "c")


async def test_limits_endpoint_rejects_unknown_names(control):
    with pytest.raises(ControlError, match="unknown limit"):
        await control.set_limits(speed_of_light=1)
    assert (await control.limits())["max_text"] == 4096
