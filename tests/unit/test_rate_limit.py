"""The sliding-window rate limiter: never more than the limit in any window, retries a 429."""

import asyncio
import random

from telegram.error import RetryAfter

from bot.rate_limit import REPLYING_TO, SlidingWindow, SlidingWindowRateLimiter


def _most_in_any_window(stamps: list[float], period: float) -> int:
    return max(sum(1 for t in stamps if s <= t < s + period) for s in stamps)


async def test_a_window_admits_a_burst_then_never_more_than_its_limit():
    window, loop, stamps = SlidingWindow(5, 0.2), asyncio.get_running_loop(), []

    async def one():
        await window.wait()
        stamps.append(loop.time())

    await asyncio.gather(*(one() for _ in range(16)))
    stamps.sort()
    assert stamps[4] - stamps[0] < 0.05  # the first five at once
    assert _most_in_any_window(stamps, 0.2) == 5
    assert stamps[-1] - stamps[0] >= 0.6  # 16 admissions need three full windows after the first


async def test_group_messages_share_a_window_and_other_calls_pass_freely():
    limiter = SlidingWindowRateLimiter(overall_per_second=1000, group_per_minute=3, margin=0)
    limiter._group_period = 0.3  # a short "minute" for the test  # noqa: SLF001
    loop, sent = asyncio.get_running_loop(), []

    async def call(endpoint, chat_id):
        async def callback():
            sent.append((endpoint, chat_id, loop.time()))
            return True
        return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": chat_id},
                                             None)

    await asyncio.gather(*(call("sendMessage", -100) for _ in range(6)),
                         *(call("editMessageText", -100) for _ in range(2)),
                         *(call("answerCallbackQuery", -100) for _ in range(5)),
                         *(call("sendMessage", 42 + n) for n in range(5)))
    group = sorted(t for e, c, t in sent if c == -100 and e != "answerCallbackQuery")
    assert len(group) == 8 and _most_in_any_window(group, 0.3) == 3
    free = [t for e, c, t in sent if e == "answerCallbackQuery" or c > 0]
    assert max(free) - min(free) < 0.1  # not held up by the group's window


async def test_a_429_pauses_then_retries_and_gives_up_after_max_retries():
    limiter = SlidingWindowRateLimiter(max_retries=1)
    calls = []

    async def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RetryAfter(1)
        return {"ok": True}

    assert await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 1},
                                         None) == {"ok": True}
    assert len(calls) == 2

    async def always():
        calls.append(1)
        raise RetryAfter(1)

    calls.clear()
    try:
        await limiter.process_request(always, (), {}, "sendMessage", {"chat_id": 1}, -1)
    except RetryAfter:
        pass
    else:
        raise AssertionError("a 429 after the last retry must be raised")
    assert len(calls) == 1


async def test_a_429_in_a_group_pauses_that_group_only_and_callers_may_fail_fast():
    limiter = SlidingWindowRateLimiter()
    loop, calls = asyncio.get_running_loop(), []

    async def group_429():
        calls.append("group")
        raise RetryAfter(2)

    async def private():
        calls.append("private")
        return True

    started = loop.time()
    try:
        await limiter.process_request(group_429, (), {}, "sendMessage", {"chat_id": -100}, -1)
    except RetryAfter:
        pass
    assert await limiter.process_request(private, (), {}, "sendMessage", {"chat_id": 7}, None)
    assert loop.time() - started < 0.5  # the private chat did not wait for the group
    try:  # the group is paused: a fail-fast caller is told at once, nothing is sent
        await limiter.process_request(group_429, (), {}, "sendMessage", {"chat_id": -100}, -1)
    except RetryAfter as error:
        assert 1 <= error._retry_after.total_seconds() <= 3  # noqa: SLF001
    else:
        raise AssertionError("a paused group must refuse a fail-fast caller")
    assert calls == ["group", "private"]


async def test_the_server_never_counts_more_than_the_limit_whatever_the_round_trip():
    limiter = SlidingWindowRateLimiter(overall_per_second=20, margin=0)
    loop, stamps, jitter = asyncio.get_running_loop(), [], random.Random(7)

    async def call(chat_id):
        before, after = jitter.uniform(0, 0.08), jitter.uniform(0, 0.08)

        async def callback():  # the server stamps the message somewhere in the round trip
            await asyncio.sleep(before)
            stamps.append(loop.time())
            await asyncio.sleep(after)
            return True
        return await limiter.process_request(callback, (), {}, "sendMessage",
                                             {"chat_id": chat_id}, None)

    started = loop.time()
    await asyncio.gather(*(call(1000 + n) for n in range(50)))
    stamps.sort()
    assert _most_in_any_window(stamps, 1.0) <= 20
    assert sum(t - started < 0.2 for t in stamps) == 20  # the whole limit at once, then paced


async def test_paid_broadcasts_have_a_window_of_their_own():
    limiter = SlidingWindowRateLimiter(overall_per_second=2, paid_per_second=1000)
    loop, stamps = asyncio.get_running_loop(), {"paid": [], "free": []}

    async def call(kind, chat_id):
        async def callback():
            stamps[kind].append(loop.time())
            return True
        data = {"chat_id": chat_id, "allow_paid_broadcast": True if kind == "paid" else None}
        return await limiter.process_request(callback, (), {}, "sendMessage", data, None)

    started = loop.time()
    await asyncio.gather(*(call("free", 10 + n) for n in range(3)),
                         *(call("paid", 100 + n) for n in range(20)))
    assert max(stamps["paid"]) - started < 0.5  # not held by the free limit of 2 a second
    assert max(stamps["free"]) - started >= 1.0  # the third free message waited its second


async def _send(limiter, chat_id, callback, replying_to=None):
    """One sendMessage through the limiter, as if handling an update from ``replying_to``."""
    token = REPLYING_TO.set(replying_to)
    try:
        return await limiter.process_request(callback, (), {}, "sendMessage",
                                             {"chat_id": chat_id}, None)
    finally:
        REPLYING_TO.reset(token)


async def test_a_reply_to_the_chat_being_handled_is_not_held_by_the_bulk_limit():
    limiter = SlidingWindowRateLimiter(overall_per_second=1)
    answered, hold = asyncio.Event(), asyncio.Event()

    async def slow():  # a bulk message that holds the only overall slot
        await hold.wait()
        return True

    async def quick():
        answered.set()
        return True

    bulk = asyncio.create_task(_send(limiter, 7, slow))
    await asyncio.sleep(0)
    await asyncio.wait_for(_send(limiter, 8, quick, replying_to=8), 0.5)
    assert answered.is_set()  # the reply went while the bulk message held the slot
    answered.clear()
    other = asyncio.create_task(_send(limiter, 9, quick, replying_to=8))  # not its chat: bulk
    await asyncio.sleep(0.3)
    assert not answered.is_set()
    hold.set()
    await asyncio.wait_for(asyncio.gather(bulk, other), 3)
    assert answered.is_set()


async def test_a_private_chat_gets_a_burst_then_one_message_a_second():
    limiter = SlidingWindowRateLimiter(chat_burst=2, chat_per_second=4)
    loop, stamps = asyncio.get_running_loop(), []

    async def record():
        stamps.append(loop.time())
        return True

    started = loop.time()
    await asyncio.gather(*(_send(limiter, 5, record, replying_to=5) for _ in range(4)),
                         _send(limiter, 6, record, replying_to=6))
    stamps.sort()
    assert stamps[2] - started < 0.1  # two into chat 5 and one into chat 6 at once
    assert stamps[3] - started >= 0.2 and stamps[4] - started >= 0.45  # then 4 a second


async def test_a_429_on_a_reply_pauses_that_chat_only():
    limiter = SlidingWindowRateLimiter(max_retries=0)
    loop, calls = asyncio.get_running_loop(), []

    async def refused():
        calls.append("refused")
        raise RetryAfter(3)

    async def other():
        calls.append("other")
        return True

    started = loop.time()
    try:
        await _send(limiter, 5, refused, replying_to=5)
    except RetryAfter:
        pass
    assert await _send(limiter, 6, other, replying_to=6)  # another resident's reply
    assert await _send(limiter, 7, other)  # and a bulk message
    assert loop.time() - started < 0.5
    assert calls == ["refused", "other", "other"]


async def test_a_group_keeps_a_chats_pace_inside_its_minute_window():
    limiter = SlidingWindowRateLimiter(group_per_minute=20, chat_burst=2, chat_per_second=4)
    loop, stamps = asyncio.get_running_loop(), []

    async def record():
        stamps.append(loop.time())
        return True

    started = loop.time()
    await asyncio.gather(*(_send(limiter, -100, record) for _ in range(4)))
    stamps.sort()
    assert stamps[1] - started < 0.1  # the burst, although the minute window has room for 20
    assert stamps[2] - started >= 0.2 and stamps[3] - started >= 0.45
