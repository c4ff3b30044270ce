"""The local Bot API server: an aiohttp app speaking Telegram's Bot API on loopback."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from aiohttp import web

from bot.localapi import control, methods
from bot.localapi.errors import ApiError
from bot.localapi.limits import Limits, RateLimiter
from bot.localapi.media import find_by_path
from bot.localapi.params import read_params
from bot.localapi.state import State
from bot.localapi.updates import WebhookSender

logger = logging.getLogger(__name__)
TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
PLAYGROUND = Path(__file__).with_name("playground")
STATIC = {"app.js": "text/javascript", "render.js": "text/javascript", "style.css": "text/css"}


class LocalBotAPI:
    """A stand-in for Telegram that unmodified python-telegram-bot talks to over HTTP.

    Args:
        host: Address to bind (loopback only).
        port: Port to bind; 0 picks a free one (see ``port`` after ``start``).
        limits: Size and rate limits; ``Limits()`` by default.
        token: The one bot token accepted.
        bot_username: The bot's username (without @).
        staff_chat_id: Id of the staff forum supergroup.
        bot_name: The bot's first name.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, limits: Limits | None = None,
                 token: str = "123456:LOCAL-playground", bot_username: str = "frontdoor_bot",
                 staff_chat_id: int = -1001000000001, bot_name: str = "Frontdoor") -> None:
        if not TOKEN_SHAPE.fullmatch(token):
            raise ValueError("token must look like <digits>:<chars>")
        self.host, self.port, self.token = host, port, token
        self.limits = limits if limits is not None else Limits()
        self.rate = RateLimiter(self.limits)
        bot_user = {"id": int(token.split(":")[0]), "is_bot": True, "first_name": bot_name,
                    "username": bot_username}
        self.state = State(bot_user, staff_chat_id)
        self.webhooks = WebhookSender(self.state)
        self.poll_generation = 0
        self.closing = False
        self.faults: dict[str, int] = {}  # method -> how many next calls fail
        self.fault_codes: dict[str, int] = {}  # method -> 502 (default) or 429
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The server's root URL."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder.base_url``: PTB appends the token and the method."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder.base_file_url``."""
        return f"{self.url}/file/bot"

    @property
    def playground_url(self) -> str:
        """The browser playground."""
        return f"{self.url}/"

    def make_app(self) -> web.Application:
        """The aiohttp application with Bot API, file, control and playground routes."""
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._bot_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        control.add_routes(app, self)
        app.router.add_get("/", self._index)
        app.router.add_get("/playground/{name}", self._static)
        return app

    async def start(self) -> None:
        """Binds and serves; with port 0 the chosen port is in ``port`` afterwards."""
        self.closing = False
        self._runner = web.AppRunner(self.make_app(), shutdown_timeout=1.0,
                                     handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        self.webhooks.start()
        logger.info("local Bot API on %s", self.url)

    async def stop(self) -> None:
        """Wakes long polls, stops webhook delivery and closes the server."""
        self.closing = True
        self.state.wake()
        await self.webhooks.stop()
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _check_token(self, token: str) -> None:
        if not TOKEN_SHAPE.fullmatch(token):
            raise ApiError(404, "Not Found")
        if token != self.token:
            raise ApiError(401, "Unauthorized")

    async def _bot_api(self, request: web.Request) -> web.Response:
        try:
            self._check_token(request.match_info["token"])
            found = methods.find(request.match_info["method"])
            if found is None:
                raise ApiError(404, "Not Found: method not found")
            name, method = found
            params = await read_params(request)
            if self.faults.get(name, 0) > 0:  # a test's injected outage (POST /control/faults)
                self.faults[name] -= 1
                if self.fault_codes.get(name) == 429:
                    raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
                raise ApiError(502, "Bad Gateway")
            self.state.count_method(name)
            result = await method(self, params)
        except ApiError as error:
            if error.code == 429:
                self.state.rate_limited += 1
            logger.debug("%s -> %s", request.path, error.description)
            return web.json_response(error.to_json(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _file(self, request: web.Request) -> web.Response:
        try:
            self._check_token(request.match_info["token"])
        except ApiError as error:
            return web.json_response(error.to_json(), status=error.code)
        stored = find_by_path(self.state, request.match_info["path"])
        if stored is None:
            return web.json_response(ApiError(404, "Not Found").to_json(), status=404)
        return web.Response(body=stored.content, content_type=stored.mime_type)

    async def _index(self, request: web.Request) -> web.Response:
        return web.FileResponse(PLAYGROUND / "index.html")

    async def _static(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        return web.FileResponse(PLAYGROUND / name, headers={"Content-Type": STATIC[name]})
