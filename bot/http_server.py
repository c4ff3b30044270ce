"""The product's HTTP server beside the bot (``FRONTDOOR_OPEN311_PORT``, 0: none).

It serves the Open311 GeoReport v2 API at ``/open311/v2`` and the read-only web view for
supervisors at ``/web``. Links the bot sends use ``FRONTDOOR_PUBLIC_URL`` when set (the
address people reach through a proxy), else this server's own address.
"""

from __future__ import annotations

from datetime import timedelta

from aiohttp import web

from bot.settings import Settings
from handlers.open311.app import BASE, Api, build_app
from handlers.web import app as web_app
from handlers.web.pages import pages


class HttpServer:
    """The aiohttp site; ``open311_url`` and ``web_url`` once started."""

    def __init__(self, settings: Settings, uow_factory) -> None:
        self.settings = settings
        self.api = Api(uow_factory, settings.staff_chat_id, settings.community_name,
                       lang=settings.default_language)
        public = (settings.public_url or "").rstrip("/")
        self.web = web_app.Web(uow_factory, settings.tz, lang=settings.default_language,
                               idle=timedelta(minutes=settings.web_idle_minutes),
                               secure_cookies=public.startswith("https://"),
                               cookie_key=settings.web_secret or None)
        self._runner: web.AppRunner | None = None
        self.open311_url: str | None = None
        self.web_url: str | None = None

    def application(self) -> web.Application:
        """Open311 at its base, the web view mounted at ``/web``."""
        root = build_app(self.api)
        root.add_subapp(web_app.BASE, web_app.build_app(
            self.web, pages(self.settings.kpi_basic_weight)))
        return root

    async def start(self) -> str:
        """Binds the port and returns the Open311 base URL."""
        self._runner = web.AppRunner(self.application(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.open311_host, self.settings.open311_port)
        await site.start()
        port = self._runner.addresses[0][1]
        own = f"http://{self.settings.open311_host}:{port}"
        self.open311_url = f"{own}{BASE}"
        self.web_url = f"{(self.settings.public_url or own).rstrip('/')}{web_app.BASE}"
        return self.open311_url

    async def stop(self) -> None:
        """Closes the site."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
