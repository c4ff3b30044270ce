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


def test_a_reply_to_a_user_who_just_wrote_is_not_bulk():
    clock = Clock()
    limiter = RateLimiter(Limits(overall_per_second=2, per_chat_burst=100, reply_window=60),
                          clock)
    heard = clock.now
    assert limiter.is_reply(False, heard) and not limiter.is_reply(True, heard)
    assert not limiter.is_reply(False, None)
    assert [limiter.acquire(chat, False) for chat in (1, 2, 3)] == [0, 0, 1]
    assert all(limiter.acquire(chat, False, reply=True) == 0 for chat in range(10, 20))
    clock.now += 61
    assert not limiter.is_reply(False, heard)  # a minute later it is a notification again
    limiter.limits.reply_window = 0
    assert not limiter.is_reply(False, clock.now)


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


async def test_answers_to_users_who_wrote_skip_the_bulk_window(bot, control, api):
    await control.set_limits(enabled=True, overall_per_second=2, per_chat_burst=3)
    users = [RESIDENT + n for n in range(1, 6)]
    for user in users:
        await control.create_user(user, f"居民{user}")
        await control.send_text(user, "你好")
    for user in users:  # five replies in one second: none of them is bulk
        await bot.send_message(user, "收到")
    await control.create_user(9001, "没说过话")
    await control.create_user(9002, "也没说过话")
    await bot.send_message(9001, "通知")
    await bot.send_message(9002, "通知")
    with pytest.raises(RetryAfter):  # a third notification in the second is refused
        await bot.send_message(9001, "再一条通知")
    stats = await control.stats()
    assert (stats["replies"], stats["rate_limited"]) == (5, 1)
