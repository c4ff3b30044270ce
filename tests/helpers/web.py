"""The web view served on a free port beside a test's bot, and staff's /web links."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator

from bot.http_server import HttpServer
from bot.localapi.client import ControlClient

LINK = re.compile(r"(http://\S+/web/login/\S+)")


@contextlib.asynccontextmanager
async def serving_web(app) -> AsyncIterator[str]:
    """Starts the HTTP server (Open311 + web) for the running bot; yields the web URL."""
    services = app.bot_data["services"]
    settings = services.settings.model_copy(update={"open311_port": 0})
    server = HttpServer(settings, services.uow_factory)
    await server.start()
    server.web.files["bot"] = app.bot
    services.extras["web_url"] = server.web_url
    try:
        yield server.web_url
    finally:
        services.extras.pop("web_url", None)
        await server.stop()


async def web_link(control: ControlClient, user_id: int) -> tuple[str | None, dict]:
    """Someone sends /web in private; returns the link (None if none) and the bot's answer."""
    sent = await control.send_text(user_id, "/web")
    [answer] = await control.wait_for_bot_messages(user_id, after=sent["message"]["message_id"])
    found = LINK.search(answer["text"])
    return (found.group(1) if found else None), answer
