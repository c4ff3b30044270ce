"""The GeoReport v2 endpoints on aiohttp: services, requests, and the OpenAPI document.

Thin, as a Telegram handler: parse the call once (``parse``), call a domain function,
render JSON or XML by the path's suffix (``render``). Every error is a GeoReport error
list with its HTTP status; nothing personal is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from domain.open311 import keys
from domain.open311.requests import RequestView, find_requests, get_request, open_request
from domain.ports import UowFactory
from handlers.open311 import parse, render, services
from handlers.texts import text

logger = logging.getLogger(__name__)
BASE = "/open311/v2"
OPENAPI = Path(__file__).with_name("openapi.yaml")
_FMT = "{format:(json|xml)}"
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass(frozen=True)
class Api:
    """What the endpoints need: the database, the staff chat, the community's name."""

    uow_factory: UowFactory
    staff_chat_id: int | None
    community: str
    lang: str = "zh"
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)


API = web.AppKey("open311", Api)


def build_app(api: Api) -> web.Application:
    """The aiohttp application serving ``BASE``."""
    app = web.Application(middlewares=[_errors], client_max_size=64 * 1024)
    app[API] = api
    app.router.add_get(f"{BASE}/services.{_FMT}", _services)
    app.router.add_get(f"{BASE}/services/{{service_code}}.{_FMT}", _service)
    app.router.add_post(f"{BASE}/requests.{_FMT}", _post_request)
    app.router.add_get(f"{BASE}/requests.{_FMT}", _requests)
    app.router.add_get(f"{BASE}/requests/{{service_request_id}}.{_FMT}", _request)
    app.router.add_get(f"{BASE}/openapi.yaml", _openapi)
    return app


def _fmt(request: web.Request) -> str:
    return "xml" if request.path.endswith(".xml") else "json"


@web.middleware
async def _errors(request: web.Request, handler) -> web.StreamResponse:
    """Errors as GeoReport error lists: bad parameters, unknown paths, the unexpected.

    The web view mounted beside (``/web``) answers its own errors as pages.
    """
    if request.path == "/web" or request.path.startswith("/web/"):
        return await handler(request)
    fmt = _fmt(request)
    try:
        return await handler(request)
    except parse.BadRequest as bad:
        return render.error(fmt, bad.status, bad.description)
    except web.HTTPException as http:
        if http.status < 400:
            raise
        allow = {"Allow": http.headers["Allow"]} if "Allow" in http.headers else None
        return render.error(fmt, http.status, http.reason, allow)
    except Exception:
        logger.exception("open311: %s %s failed", request.method, request.path)
        return render.error(fmt, 500, "internal error")


async def _services(request: web.Request) -> web.Response:
    """``GET services``: the problem types."""
    api = request.app[API]
    return render.respond(request.match_info["format"], "services",
                          services.service_list(api.lang))


async def _service(request: web.Request) -> web.Response:
    """``GET services/{code}``: a type's attributes."""
    problem = services.find(request.match_info["service_code"])
    if problem is None:
        raise parse.BadRequest("service_code not found", 404)
    return render.respond(request.match_info["format"], "service_definition",
                          services.definition(problem, request.app[API].lang))


async def _client(request: web.Request, key: str | None, required: bool) -> str | None:
    """The client of a valid key; a missing key when required, or a bad one, is a 403."""
    if key is None and not required:
        return None
    client = await keys.client_of(request.app[API].uow_factory, key)
    if client is None:
        raise parse.BadRequest("api_key is missing or not valid", 403)
    return client


async def _post_request(request: web.Request) -> web.Response:
    """``POST requests``: opens a ticket; answers its code and the resident's link code."""
    api = request.app[API]
    fields = await _form(request)
    client = await _client(request, fields.get("api_key"), required=True)
    new = parse.new_request(fields)
    accepted = await open_request(api.uow_factory, new, now=api.clock(),
                                  staff_chat_id=api.staff_chat_id)
    logger.info("open311: %s opened %s", client, accepted.code)
    body = [{"service_request_id": accepted.code,
             "service_notice": text(api.lang, "open311_notice", code=accepted.link_code),
             "account_id": None, "link_code": accepted.link_code}]
    return render.respond(request.match_info["format"], "service_requests", body, status=201)


async def _form(request: web.Request) -> dict[str, str]:
    """The posted form's text fields: url-encoded (as the spec) or multipart, else refused."""
    if request.content_type not in FORMS:
        raise parse.BadRequest("post a form: application/x-www-form-urlencoded", 415)
    try:
        form = await request.post()
    except ValueError as bad:  # a multipart body without its boundary, undecodable text
        raise parse.BadRequest("the form could not be read") from bad
    return {k: v for k, v in form.items() if isinstance(v, str)}


async def _requests(request: web.Request) -> web.Response:
    """``GET requests``: by ids, or by service, date span and status (masked without a key)."""
    api, query = request.app[API], request.query
    full = await _client(request, query.get("api_key"), required=False) is not None
    try:
        found = await find_requests(
            api.uow_factory, community=api.community, full=full, now=api.clock(),
            codes=parse.codes(query), types=parse.service_codes(query),
            start=parse.when(query, "start_date"), end=parse.when(query, "end_date"),
            states=parse.states(query))
    except ValueError as bad:
        raise parse.BadRequest(str(bad)) from None
    return render.respond(request.match_info["format"], "service_requests",
                          [_shown(v, api.lang) for v in found])


async def _request(request: web.Request) -> web.Response:
    """``GET requests/{id}``: one request (a list of one, as the spec says)."""
    api = request.app[API]
    full = await _client(request, request.query.get("api_key"), required=False) is not None
    code = request.match_info["service_request_id"]
    found = None
    if len(code) <= 32:
        found = await get_request(api.uow_factory, code, community=api.community, full=full)
    if found is None:
        raise parse.BadRequest("service_request_id not found", 404)
    return render.respond(request.match_info["format"], "service_requests",
                          [_shown(found, api.lang)])


async def _openapi(request: web.Request) -> web.Response:
    """The committed OpenAPI document of these endpoints."""
    return web.Response(text=OPENAPI.read_text(encoding="utf-8"),
                        content_type="application/yaml", charset="utf-8")


def _shown(view: RequestView, lang: str) -> dict:
    """A request as GeoReport names its fields."""
    problem = services.find(view.problem_type or "")
    return {
        "service_request_id": view.code, "status": view.status,
        "status_notes": view.status_notes,
        "service_name": problem.name(lang) if problem else None,
        "service_code": view.problem_type, "description": view.description,
        "agency_responsible": view.agency, "service_notice": None,
        "requested_datetime": _w3c(view.requested_at),
        "updated_datetime": _w3c(view.updated_at), "expected_datetime": _w3c(view.expected_at),
        "address": view.address, "address_id": None, "zipcode": None,
        "lat": view.latitude, "long": view.longitude, "media_url": None,
    }


def _w3c(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
