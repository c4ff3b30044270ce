"""Webhook mode: the local Bot API pushes updates; the secret header is checked; dedup."""

import socket

import httpx
import pytest

from tests.helpers.botharness import running_bot

SECRET = "s3cret-token_1"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def webhook_settings(bot_settings):
    port = _free_port()
    return bot_settings.model_copy(update={
        "webhook_url": f"http://127.0.0.1:{port}/telegram", "webhook_secret": SECRET,
        "webhook_listen": "127.0.0.1", "webhook_port": port,
    })


def _update(update_id, user_id, text):
    return {
        "update_id": update_id,
        "message": {
            "message_id": 900000 + update_id, "date": 1_780_000_000, "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "W"},
            "from": {"id": user_id, "is_bot": False, "first_name": "W", "language_code": "zh"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_updates_arrive_by_webhook(local_api, control, webhook_settings):
    async with running_bot(local_api, webhook_settings):
        await control.create_user(3201, "周", language_code="zh")
        sent = await control.send_text(3201, "/start")
        reply = await control.wait_for_bot_messages(3201, after=sent["message"]["message_id"])
        assert reply[0]["text"].startswith("您好，周")


async def test_wrong_secret_is_refused(local_api, control, webhook_settings):
    async with running_bot(local_api, webhook_settings):
        await control.create_user(3202, "W", language_code="zh")
        async with httpx.AsyncClient() as http:
            bad = await http.post(webhook_settings.webhook_url, json=_update(7001, 3202, "/start"),
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            missing = await http.post(webhook_settings.webhook_url,
                                      json=_update(7002, 3202, "/start"))
        assert bad.status_code == 403 and missing.status_code == 403
        assert await control.messages(3202) == []


async def test_same_update_twice_is_handled_once(local_api, control, webhook_settings):
    async with running_bot(local_api, webhook_settings):
        await control.create_user(3203, "W", language_code="zh")
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient() as http:
            for _ in range(2):
                response = await http.post(webhook_settings.webhook_url,
                                           json=_update(7003, 3203, "/start"), headers=headers)
                assert response.status_code == 200
        await control.wait_for_bot_messages(3203, count=1)
        # A later update proves the bot is done with both copies of the first one.
        sent = await control.send_text(3203, "/help")
        await control.wait_for_bot_messages(3203, after=sent["message"]["message_id"])
        bot_replies = [m for m in await control.messages(3203) if m["from"]["is_bot"]]
        assert [m["text"][:3] for m in bot_replies] == ["您好，", "我可以"]
