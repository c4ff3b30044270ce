"""The web view on aiohttp, mounted at ``/web`` beside the Open311 API.

Thin, like a Telegram handler: read the session (``domain.web.auth``), call a page
function, wrap it in the layout. Read-only: the only POSTs log in, log out, and reveal one
ticket's full contact (audited). Every form carries a CSRF token; nothing personal is
logged; every answer says ``no-store`` and sends no Referer (login links are in URLs).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

from domain.errors import database_unavailable
from domain.web import auth
from domain.web.tickets import NotVisible, photo_file
from handlers.texts import LANGUAGES, text
from handlers.web import layout
from handlers.web.page import Page
from handlers.web.pages import pages as default_pages
from handlers.web.pages import ticket, tickets

logger = logging.getLogger(__name__)
BASE = "/web"
SESSION_COOKIE, PRE_COOKIE, LANG_COOKIE = "fd_session", "fd_pre", "fd_lang"
CSS = Path(__file__).with_name("web.css")
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Inline styles: the charts are inline SVG whose colours are style attributes. No script.
    "Content-Security-Policy": ("default-src 'none'; style-src 'self' 'unsafe-inline'; "
                                "img-src 'self' data:; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
}
PageFn = Callable[..., Awaitable[Page]]


@dataclass(frozen=True)
class Web:
    """What the pages need: the database, the zone, the timeouts, the cookie key."""

    uow_factory: object
    tz: ZoneInfo
    lang: str = "zh"
    idle: timedelta = timedelta(minutes=30)
    secure_cookies: bool = False  # set when the public URL is https
    cookie_key: str | None = None  # None: the database's key, read at the first request
    files: dict = field(default_factory=dict)  # "bot": the running bot, to fetch photos
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


WEB = web.AppKey("web", Web)
KEY = web.AppKey("web_cookie_key", dict)


def build_app(config: Web, pages: dict[str, PageFn] | None = None) -> web.Application:
    """The ``/web`` sub-application.

    ``pages`` maps more paths to page functions (None: the overview, the analysis and the
    buildings, ``handlers.web.pages.pages``).
    """
    app = web.Application(middlewares=[_headers], client_max_size=16 * 1024)
    app[WEB] = config
    app[KEY] = {}
    app.router.add_get("/static/web.css", _css)
    app.router.add_get("/healthz", _healthz)  # the balancer's check (deploy/haproxy.cfg)
    app.router.add_get("/lang/{lang}", _language)
    app.router.add_get("/login/{token}", _login_page)
    app.router.add_post("/login/{token}", _login)
    app.router.add_post("/logout", _logout)
    app.router.add_get("/tickets", _page(tickets.page))
    app.router.add_get("/tickets/{code}", _ticket)
    app.router.add_post("/tickets/{code}/contact", _ticket)
    app.router.add_get("/tickets/{code}/photos/{photo:\\d+}", _photo)
    for path, function in (default_pages() if pages is None else pages).items():
        app.router.add_get(path, _page(function))
    if pages is not None and "/" not in pages:
        app.router.add_get("/", _home)
    return app


@web.middleware
async def _headers(request: web.Request, handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as http:
        if http.status >= 400 and http.status != 405:
            response = _message(request, http.status, "web_page_missing")
        else:
            http.headers.update(HEADERS)
            raise
    except Exception as error:
        where = request.rel_url.path.split("/")[1:3]
        if database_unavailable(error):  # the database is down or restarting: say so, keep nothing
            logger.warning("web: %s %s: database unavailable (%s)", request.method, where,
                           type(error).__name__)
            response = _message(request, 503, "web_unavailable")
            response.headers["Retry-After"] = "10"
        else:
            logger.exception("web: %s %s failed", request.method, where)
            response = _message(request, 500, "web_failed")
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _lang(request: web.Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else request.app[WEB].lang


async def _key(request: web.Request) -> str:
    cached = request.app[KEY]
    if "key" not in cached:
        config = request.app[WEB]
        cached["key"] = await auth.cookie_key(config.uow_factory, config.cookie_key)
    return cached["key"]


def _html(request: web.Request, page: Page, status: int = 200,
          current: auth.Current | None = None) -> web.Response:
    body = layout.render(page, _lang(request), current, request.path_qs)
    return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")


def _message(request: web.Request, status: int, key: str, **values) -> web.Response:
    lang = _lang(request)
    page = Page(title=text(lang, "web_brand"),
                body=f'<p class="notice">{layout.esc(text(lang, key, **values))}</p>')
    return _html(request, page, status)


async def _current(request: web.Request) -> auth.Current | None:
    config = request.app[WEB]
    token = auth.unsign(await _key(request), request.cookies.get(SESSION_COOKIE))
    return await auth.current(config.uow_factory, token, config.clock(), config.idle)


def _needs_login(request: web.Request) -> web.Response:
    key = "web_session_ended" if request.cookies.get(SESSION_COOKIE) else "web_login_needed"
    response = _message(request, 401, key)
    response.del_cookie(SESSION_COOKIE, path=BASE)
    return response


def _page(function: PageFn):
    async def handle(request: web.Request) -> web.Response:
        current = await _current(request)
        if current is None:
            return _needs_login(request)
        config = request.app[WEB]
        page = await function(config.uow_factory, current.viewer, _lang(request),
                              request.query, config.clock(), config.tz)
        return _html(request, page, current=current)
    return handle


def _redirect(url: str) -> web.Response:
    return web.Response(status=303, headers={"Location": url})


async def _home(request: web.Request) -> web.StreamResponse:
    return _redirect(f"{BASE}/tickets")


async def _ticket(request: web.Request) -> web.Response:
    current = await _current(request)
    if current is None:
        return _needs_login(request)
    reveal = request.method == "POST"
    if reveal and not await _csrf_ok(request, current.csrf):
        return _message(request, 403, "web_csrf")
    config = request.app[WEB]
    try:
        page = await ticket.page(config.uow_factory, current.viewer, _lang(request),
                                 request.match_info["code"], config.clock(), config.tz,
                                 reveal=reveal, csrf=current.csrf)
    except NotVisible:
        return _message(request, 404, "web_not_found")
    if reveal:
        logger.info("web: staff %s viewed a ticket's full contact", current.viewer.staff_id)
    return _html(request, page, current=current)


async def _photo(request: web.Request) -> web.StreamResponse:
    """A visible ticket's photo, fetched from the Bot API by the running bot."""
    current = await _current(request)
    if current is None:
        return _needs_login(request)
    config = request.app[WEB]
    bot = config.files.get("bot")
    if len(request.match_info["photo"]) > 18:
        return _message(request, 404, "web_not_found")
    try:
        file_id = await photo_file(config.uow_factory, current.viewer,
                                   request.match_info["code"], int(request.match_info["photo"]))
    except NotVisible:
        return _message(request, 404, "web_not_found")
    if bot is None:
        return _message(request, 404, "web_page_missing")
    data = bytes(await (await bot.get_file(file_id)).download_as_bytearray())
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return web.Response(body=data, content_type=kind)


async def _csrf_ok(request: web.Request, expected: str) -> bool:
    form = await request.post()
    given = form.get("csrf")
    return isinstance(given, str) and secrets.compare_digest(given, expected)


async def _login_page(request: web.Request) -> web.Response:
    """GET of a login link: checks it, shows one button; never uses the link up."""
    config, lang = request.app[WEB], _lang(request)
    token = request.match_info["token"]
    try:
        await auth.check_link(config.uow_factory, token[:64], config.clock())
    except auth.LinkRefused:
        return _message(request, 410, "web_link_refused")
    pre = secrets.token_urlsafe(24)
    page = Page(title=text(lang, "web_login_title"), body=layout.login_form(
        lang, f"{BASE}/login/{token}", pre, auth.LINK_MINUTES))
    response = _html(request, page)
    response.set_cookie(PRE_COOKIE, pre, path=f"{BASE}/login", httponly=True,
                        samesite="Strict", secure=config.secure_cookies, max_age=900)
    return response


async def _login(request: web.Request) -> web.StreamResponse:
    """POST of the login button: the CSRF pair must match; then the link is used up."""
    config = request.app[WEB]
    token = request.match_info["token"][:64]
    try:
        await auth.check_link(config.uow_factory, token, config.clock())
    except auth.LinkRefused:
        return _message(request, 410, "web_link_refused")
    if not await _csrf_ok(request, request.cookies.get(PRE_COOKIE) or secrets.token_hex(16)):
        return _message(request, 403, "web_csrf")
    try:
        session = await auth.log_in(config.uow_factory, token, config.clock())
    except auth.LinkRefused:
        return _message(request, 410, "web_link_refused")
    logger.info("web: a staff member logged in")
    response = _redirect(f"{BASE}/")
    response.set_cookie(SESSION_COOKIE, auth.sign(await _key(request), session.token),
                        path=BASE, httponly=True, samesite="Lax",
                        secure=config.secure_cookies)
    response.del_cookie(PRE_COOKIE, path=f"{BASE}/login")
    return response


async def _logout(request: web.Request) -> web.StreamResponse:
    current = await _current(request)
    if current is None:
        return _needs_login(request)
    if not await _csrf_ok(request, current.csrf):
        return _message(request, 403, "web_csrf")
    await auth.log_out(request.app[WEB].uow_factory, current.token_hash,
                       request.app[WEB].clock())
    response = _message(request, 200, "web_logged_out")
    response.del_cookie(SESSION_COOKIE, path=BASE)
    return response


async def _language(request: web.Request) -> web.StreamResponse:
    lang = request.match_info["lang"]
    back = request.query.get("next") or f"{BASE}/"
    if not back.startswith(f"{BASE}/") or back.startswith("//"):  # only our own pages
        back = f"{BASE}/"
    response = _redirect(back)
    if lang in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, path=BASE, samesite="Lax",
                            max_age=365 * 86400, secure=request.app[WEB].secure_cookies)
    return response


async def _healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _css(request: web.Request) -> web.StreamResponse:
    return web.Response(body=CSS.read_bytes(), content_type="text/css", charset="utf-8",
                        headers={"Cache-Control": "max-age=3600"})
