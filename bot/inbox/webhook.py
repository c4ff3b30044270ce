"""The webhook endpoint: 200 only after the update is stored, 5xx otherwise (Telegram retries).

Every request must carry the secret in ``X-Telegram-Bot-Api-Secret-Token`` (403 without).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable

from aiohttp import web
from telegram import Bot, Update

from bot.inbox.received import received
from domain import inbox
from domain.inbox import Pending
from domain.ports import UowFactory
from storage.errors import is_transient
from storage.models import utcnow

logger = logging.getLogger(__name__)
PATH = "/telegram"
HEALTH = "/healthz"  # the load balancer's check: 200 while this process takes updates
MAX_BODY = 1 << 20


class WebhookReceiver:
    """An aiohttp server on ``listen:port`` taking updates at ``/telegram``."""

    def __init__(self, bot: Bot, uow_factory: UowFactory,
                 on_stored: Callable[[dict[str, Pending | None]], None], *,
                 listen: str, port: int, url: str, secret: str) -> None:
        self.bot, self.uow_factory, self.on_stored = bot, uow_factory, on_stored
        self.listen, self.port, self.url, self.secret = listen, port, url, secret
        self._runner: web.AppRunner | None = None
        self.draining = False
        self.describe: Callable[[], str] | None = None  # more for the health check's body

    async def start(self) -> None:
        """Serves the endpoint, then tells Telegram where it is."""
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(PATH, self._post)
        app.router.add_get(HEALTH, self._health)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.listen, self.port).start()
        await self.bot.set_webhook(self.url, secret_token=self.secret,
                                   allowed_updates=Update.ALL_TYPES)

    async def stop(self) -> None:
        """Stops serving; Telegram keeps undelivered updates until the bot is back."""
        if self._runner:
            await self._runner.cleanup()

    async def _health(self, request: web.Request) -> web.Response:
        text = "draining" if self.draining else "ok"
        if self.describe is not None:
            text = f"{text} {self.describe()}"
        return web.Response(status=503 if self.draining else 200, text=text)

    def drain(self) -> None:
        """Fails the health check from now on: the balancer sends new updates elsewhere."""
        self.draining = True

    async def _post(self, request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("no update_id")
            update = Update.de_json(data, self.bot)
        except Exception:
            logger.warning("webhook: malformed update refused")
            return web.Response(status=400)
        try:
            fresh = await inbox.store(self.uow_factory, [received(update, data)], utcnow())
        except Exception as error:
            if not is_transient(error):
                logger.exception("webhook: update %s not stored", data["update_id"])
            else:
                logger.warning("webhook: update %s not stored (%s); Telegram will retry",
                               data["update_id"], type(error).__name__)
            return web.Response(status=503)
        self.on_stored(fresh)
        return web.Response(status=200)
