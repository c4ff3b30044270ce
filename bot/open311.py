"""Starts the Open311 GeoReport v2 API beside the bot (``FRONTDOOR_OPEN311_PORT``)."""

from __future__ import annotations

from aiohttp import web

from bot.settings import Settings
from handlers.open311.app import BASE, Api, build_app


class Open311Server:
    """The API's aiohttp site; ``url`` is its base URL once started."""

    def __init__(self, settings: Settings, uow_factory) -> None:
        self.settings = settings
        self.api = Api(uow_factory, settings.staff_chat_id, settings.community_name,
                       lang=settings.default_language)
        self._runner: web.AppRunner | None = None
        self.url: str | None = None

    async def start(self) -> str:
        """Binds the port (0 in settings means no API: not called) and returns the base URL."""
        self._runner = web.AppRunner(build_app(self.api), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.open311_host, self.settings.open311_port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://{self.settings.open311_host}:{port}{BASE}"
        return self.url

    async def stop(self) -> None:
        """Closes the site."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
