"""python-telegram-bot's HTTP requests made with aiohttp instead of httpx.

Every update costs the bot two or three Bot API calls (fetching it, answering, often
answering a button). Through PTB's ``Bot`` against the local Bot API, one ``sendMessage``
costs about a fifth less CPU with aiohttp than with PTB's default httpx client
(``python -m benchmarks.bot_api_client``: 1.21x, client and server together), and aiohttp
is already a dependency (the local Bot API is served with it). Semantics follow
``HTTPXRequest``: form fields, ``multipart/form-data`` when files are sent, the same default
timeouts, time-outs raised as ``TimedOut`` and connection failures as ``NetworkError``,
proxies from the usual environment variables.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` on one ``aiohttp.ClientSession``.

    Args:
        connection_pool_size: Connections kept open at most (1 for ``getUpdates``).
        read_timeout, write_timeout, connect_timeout, pool_timeout: Defaults in seconds, as
            in ``HTTPXRequest`` (a call may pass its own).
        media_write_timeout: The write timeout when files are uploaded.
    """

    def __init__(self, connection_pool_size: int = 256, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0
                 ) -> None:
        self._pool_size = connection_pool_size
        self._defaults = {"read": read_timeout, "write": write_timeout,
                          "connect": connect_timeout, "pool": pool_timeout}
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout."""
        return self._defaults["read"]

    async def initialize(self) -> None:
        """Opens the session (again, after a shutdown)."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT}, trust_env=True)

    async def shutdown(self) -> None:
        """Closes the session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        write_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | None | DefaultValue = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Sends one request; returns the status code and the body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data and request_data.contains_files \
            else None
        read = self._given(read_timeout, "read")
        write = self._media_write_timeout if files and isinstance(write_timeout, DefaultValue) \
            else self._given(write_timeout, "write")
        connect, pool = self._given(connect_timeout, "connect"), self._given(pool_timeout, "pool")
        # aiohttp has no write timeout of its own: a whole request may take the longest of
        # the phases plus the read (the read timeout alone bounds a long poll's wait).
        phases = [t for t in (write, connect, pool) if t is not None]
        total = None if read is None or not phases else read + sum(phases)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        try:
            async with self._session.request(method, url, data=_body(request_data, files),
                                             timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _given(self, value: float | None | DefaultValue, name: str) -> float | None:
        return self._defaults[name] if isinstance(value, DefaultValue) else value


def _body(request_data: RequestData | None, files: dict | None):
    """Form fields, or a multipart form when files are uploaded (as ``HTTPXRequest``)."""
    if request_data is None:
        return None
    fields = request_data.json_parameters
    if not files:
        return fields
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, mime) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime)
    return form

