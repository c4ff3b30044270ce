import asyncio

from telegram import Chat, Message, Update

from bot.rate_limit import REPLYING_TO
from bot.update_processor import PerChatUpdateProcessor


def _update(update_id, chat_id, kind=Chat.PRIVATE):
    chat = Chat(chat_id, kind)
    return Update(update_id, message=Message(update_id, None, chat, text="x"))


async def test_one_chat_in_order_other_chats_not_blocked():
    processor = PerChatUpdateProcessor()
    release, order = asyncio.Event(), []

    async def slow(tag):
        await release.wait()
        order.append(tag)

    async def fast(tag):
        order.append(tag)

    blocked = asyncio.create_task(processor.process_update(_update(1, 100), slow("a1")))
    behind = asyncio.create_task(processor.process_update(_update(2, 100), fast("a2")))
    other = asyncio.create_task(processor.process_update(_update(3, 200), fast("b1")))
    await asyncio.wait_for(other, 1)  # chat 200 is not held up by chat 100
    assert order == ["b1"]
    release.set()
    await asyncio.gather(blocked, behind)
    assert order == ["b1", "a1", "a2"]
    assert processor._locks == {}  # nothing kept once the chats are idle


async def test_a_private_chat_update_marks_its_chat_as_the_one_being_answered():
    processor, seen = PerChatUpdateProcessor(), []

    async def look():
        seen.append(REPLYING_TO.get())

    await processor.process_update(_update(1, 100), look())
    await processor.process_update(_update(2, -100200, Chat.SUPERGROUP), look())
    assert seen == [100, None]
    assert REPLYING_TO.get() is None  # reset once the update is done
