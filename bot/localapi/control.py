"""The control API: JSON routes under /control/ that play residents and staff for tests."""

from __future__ import annotations

import json

from aiohttp import web

from bot.localapi import methods, people
from bot.localapi.errors import ApiError
from bot.localapi.state import Chat, Record

CONTENT = ("text", "photo", "contact", "location", "sticker", "voice", "video", "document",
           "caption")


def add_routes(app: web.Application, api) -> None:
    """Registers every control route for ``api`` (a LocalBotAPI)."""
    routes = Control(api)
    app.middlewares.append(_errors)
    r = app.router
    r.add_get("/control/info", routes.info)
    r.add_get("/control/users", routes.list_users)
    r.add_post("/control/users", routes.add_user)
    r.add_get("/control/users/{user_id}", routes.get_user)
    r.add_post("/control/send", routes.send)
    r.add_post("/control/groups", routes.add_group)
    r.add_post("/control/edit", routes.edit)
    r.add_post("/control/press", routes.press)
    r.add_get("/control/history", routes.history)
    r.add_get("/control/wait", routes.wait)
    r.add_get("/control/changes", routes.changes)
    r.add_get("/control/stats", routes.stats)
    r.add_post("/control/reset", routes.reset)
    r.add_post("/control/block", routes.block)
    r.add_get("/control/file/{file_id}", routes.file)
    r.add_get("/control/limits", routes.get_limits)
    r.add_patch("/control/limits", routes.patch_limits)
    r.add_post("/control/faults", routes.faults)


def _json(data, status: int = 200) -> web.Response:
    return web.json_response(data, status=status,
                             dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


class _Error(Exception):
    """A control request that cannot be done: answered as ``{"error": ...}``."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


@web.middleware
async def _errors(request: web.Request, handler):
    try:
        return await handler(request)
    except _Error as exc:
        return _json({"error": exc.error}, status=exc.status)


async def _body(request: web.Request) -> dict:
    if not request.can_read_body:
        return {}
    try:
        body = await request.json()
    except ValueError as exc:
        raise _Error(400, "the body must be a JSON object") from exc
    if not isinstance(body, dict):
        raise _Error(400, "the body must be a JSON object")
    return body


def _number(request: web.Request, name: str, default=None, kind=int):
    value = request.query.get(name)
    if value in (None, ""):
        if default is None:
            raise _Error(400, f"{name} is required")
        return default
    try:
        return kind(value)
    except ValueError as exc:
        raise _Error(400, f"{name} must be a number") from exc


def is_service(record: Record) -> bool:
    """True for service messages such as "topic created"."""
    return not any(key in record.message for key in CONTENT)


class Control:
    """Handlers of the control routes."""

    def __init__(self, api) -> None:
        self.api = api
        self.state = api.state

    def _call(self, action, *args):
        try:
            return action(*args)
        except ApiError as error:
            raise _Error(400, error.description.removeprefix("Bad Request: ")) from error

    def _chat(self, request: web.Request) -> Chat:
        raw = request.query.get("chat_id", "")
        chat_id = self.state.staff_chat_id if raw == "staff" else _number(request, "chat_id")
        chat = self.state.chats.get(chat_id)
        if chat is None:
            raise _Error(404, "chat not found")
        return chat

    async def info(self, request: web.Request) -> web.Response:
        """GET /control/info: the bot, the staff group and the supported methods."""
        staff = self.state.chats[self.state.staff_chat_id].data
        groups = [self.state.chats[g].data for g in self.state.groups]
        return _json({"bot": self.state.bot_user, "staff_chat": staff, "groups": groups,
                      "methods": methods.names(), "limits": self.api.limits.to_dict()})

    async def list_users(self, request: web.Request) -> web.Response:
        """GET /control/users."""
        return _json([people.user_view(self.state, uid) for uid in self.state.users])

    async def add_user(self, request: web.Request) -> web.Response:
        """POST /control/users: create or update a user."""
        return _json(self._call(people.add_user, self.state, await _body(request)))

    async def get_user(self, request: web.Request) -> web.Response:
        """GET /control/users/{user_id}."""
        try:
            user_id = int(request.match_info["user_id"])
        except ValueError as exc:
            raise _Error(400, "user_id must be a number") from exc
        if user_id not in self.state.users:
            raise _Error(404, "user not found")
        return _json(people.user_view(self.state, user_id))

    async def add_group(self, request: web.Request) -> web.Response:
        """POST /control/groups: another staff forum supergroup (``chat_id``, ``title``)."""
        body = await _body(request)
        try:
            chat_id = int(body.get("chat_id"))
        except (TypeError, ValueError) as exc:
            raise _Error(400, "chat_id must be a number") from exc
        return _json(self._call(self.state.add_group, chat_id, str(body.get("title") or "")))

    async def send(self, request: web.Request) -> web.Response:
        """POST /control/send: a user sends a message."""
        return _json(self._call(people.send, self.state, await _body(request)))

    async def edit(self, request: web.Request) -> web.Response:
        """POST /control/edit: a user edits a message."""
        return _json(self._call(people.edit, self.state, await _body(request)))

    async def press(self, request: web.Request) -> web.Response:
        """POST /control/press: a user presses an inline button."""
        return _json(self._call(people.press, self.state, await _body(request)))

    async def history(self, request: web.Request) -> web.Response:
        """GET /control/history?chat_id=&after=: the chat as a client would show it."""
        chat = self._chat(request)
        after = _number(request, "after", 0)
        messages = [r.view() | {"service": is_service(r)} for r in chat.messages.values()
                    if r.message_id > after]
        return _json({"chat": chat.data, "messages": messages,
                      "reply_keyboard": chat.reply_keyboard,
                      "topics": list(chat.topics.values()), "actions": chat.actions[-20:],
                      "blocked": chat.id in self.state.blocked, "seq": self.state.seq})

    async def wait(self, request: web.Request) -> web.Response:
        """GET /control/wait: long-poll for ``count`` new bot messages (or a change)."""
        chat = self._chat(request)
        after, count = _number(request, "after", 0), _number(request, "count", 1)
        timeout = _number(request, "timeout", 10.0, float)
        since = request.query.get("since")
        since = int(since) if since not in (None, "") else None
        service = request.query.get("include_service") in ("1", "true")

        def new() -> list[Record]:
            found = []
            for record in reversed(chat.messages.values()):  # ids only grow: stop early
                if record.message_id <= after:
                    break
                if record.from_bot and (service or not is_service(record)):
                    found.append(record)
            return found[::-1]

        def changed() -> list[Record]:
            if since is None:
                return []
            return [r for r in chat.messages.values() if r.from_bot and r.seq > since]

        ready = await self.state.wait_for(
            lambda: len(new()) >= count or bool(changed()) or self.api.closing, timeout)
        return _json({"messages": [r.view() for r in new()],
                      "changed": [r.view() for r in changed()],
                      "timed_out": not ready, "seq": self.state.seq})

    async def changes(self, request: web.Request) -> web.Response:
        """GET /control/changes?since=&timeout=: returns once ``seq`` passes ``since``."""
        since = _number(request, "since", 0)
        timeout = _number(request, "timeout", 25.0, float)
        await self.state.wait_for(lambda: self.state.seq > since or self.api.closing,
                                  min(timeout, 60.0))
        return _json({"seq": self.state.seq})

    async def stats(self, request: web.Request) -> web.Response:
        """GET /control/stats."""
        state = self.state
        hook = state.webhook
        return _json({
            "methods": dict(sorted(state.method_counts.items())),
            "rate_limited": state.rate_limited,
            "paid_broadcasts": state.paid_broadcasts,
            "replies": state.replies,
            "sent_per_chat": {str(k): v for k, v in state.sent_per_chat.items()},
            "pending_updates": len(state.updates),
            "webhook": hook["url"] if hook else None,
            "webhook_delivered": self.api.webhooks.delivered,
            "webhook_most_at_once": self.api.webhooks.most_at_once,
            "users": len(state.users), "seq": state.seq,
        })

    async def reset(self, request: web.Request) -> web.Response:
        """POST /control/reset: forget everything but the limits and the id counters."""
        self.state.reset()
        self.api.rate.reset()
        return _json({"ok": True})

    async def block(self, request: web.Request) -> web.Response:
        """POST /control/block {user_id, blocked=true}: the user blocks (or unblocks) the bot."""
        body = await _body(request)
        user_id = int(body.get("user_id") or 0)
        if user_id not in self.state.users:
            raise _Error(404, "user not found")
        if body.get("blocked", True):
            self.state.blocked.add(user_id)
        else:
            self.state.blocked.discard(user_id)
        self.state.bump()
        return _json(people.user_view(self.state, user_id))

    async def file(self, request: web.Request) -> web.Response:
        """GET /control/file/{file_id}: a stored file's bytes (for the playground)."""
        stored = self.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise _Error(404, "file not found")
        return web.Response(body=stored.content, content_type=stored.mime_type)

    async def get_limits(self, request: web.Request) -> web.Response:
        """GET /control/limits."""
        return _json(self.api.limits.to_dict())

    async def patch_limits(self, request: web.Request) -> web.Response:
        """PATCH /control/limits: change some limits while running."""
        try:
            self.api.limits.update(await _body(request))
        except (TypeError, ValueError) as exc:
            raise _Error(400, str(exc)) from exc
        self.api.rate.reset()
        return _json(self.api.limits.to_dict())

    async def faults(self, request: web.Request) -> web.Response:
        """POST /control/faults {method, count, code}: the next ``count`` calls fail.

        They answer ``code``: 502 Bad Gateway (default) or 429 Too Many Requests (retry
        after 1 s).
        """
        body = await _body(request)
        method, count = str(body.get("method") or ""), int(body.get("count") or 0)
        code = int(body.get("code") or 502)
        if methods.find(method) is None or not 0 <= count <= 1000 or code not in (429, 502):
            raise _Error(400, "need a Bot API method, a count of 0..1000 and code 429 or 502")
        self.api.faults[methods.find(method)[0]] = count
        self.api.fault_codes[methods.find(method)[0]] = code
        return _json({"ok": True, "faults": self.api.faults})
