"""The aiohttp request the bot uses (bot/http_request.py), against the local Bot API."""

import asyncio

import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut

from bot.http_request import AiohttpRequest
from tests.localapi.conftest import RESIDENT, TOKEN

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _bot(api, request=None) -> Bot:
    return Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url,
               request=request or AiohttpRequest(), get_updates_request=AiohttpRequest(1))


async def test_text_buttons_and_an_uploaded_photo_arrive_as_sent(api, control):
    async with _bot(api) as bot:
        sent = await bot.send_message(RESIDENT, "你好 <b>张阿姨</b>", parse_mode="HTML")
        photo = await bot.send_photo(RESIDENT, PNG, caption="现场照片")
    [text, picture] = await control.messages(RESIDENT)
    assert (text["message_id"], text["text"]) == (sent.message_id, "你好 张阿姨")
    assert picture["caption"] == "现场照片" and photo.photo


async def test_an_unanswered_call_times_out():
    async def silent(reader, writer):  # reads the request, never answers
        await reader.read()
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    request = AiohttpRequest(read_timeout=0.3)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
        server.close()


async def test_a_refused_connection_is_a_network_error():
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    server.close()
    await server.wait_closed()  # nothing listens on the port any more
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
    with pytest.raises(NetworkError, match="not initialized"):  # PTB wraps the RuntimeError
        await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
