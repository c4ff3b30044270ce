"""An async client of the control API, for tests and benchmarks (``ControlClient``)."""

from __future__ import annotations

import asyncio
import base64
import secrets
from typing import Any

import httpx


class ControlError(Exception):
    """The control API refused a request (``status`` and ``error`` say why)."""

    def __init__(self, status: int, error: str) -> None:
        super().__init__(f"{status}: {error}")
        self.status = status
        self.error = error


class ControlClient:
    """Plays residents and staff against a running LocalBotAPI.

    Args:
        base_url: The server's root URL (``LocalBotAPI.url``).
        timeout: Seconds allowed for a request that does not long-poll.
    """

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"), timeout=timeout)

    async def aclose(self) -> None:
        """Closes the HTTP connections."""
        await self._http.aclose()

    async def __aenter__(self) -> ControlClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def _call(self, method: str, path: str, *, json: dict | None = None,
                    params: dict | None = None, timeout: float | None = None) -> Any:
        params = {k: v for k, v in (params or {}).items() if v is not None}
        extra = {"timeout": timeout} if timeout is not None else {}
        response = await self._http.request(method, f"/control/{path}", json=json,
                                            params=params, **extra)
        body = response.json()
        if response.status_code >= 400:
            raise ControlError(response.status_code, body.get("error", response.text))
        return body

    async def info(self) -> dict:
        """The bot user, the staff chat, the supported methods and the limits."""
        return await self._call("GET", "info")

    async def add_group(self, chat_id: int, title: str = "") -> dict:
        """Adds another staff forum supergroup (a unit's group); returns the Chat."""
        return await self._call("POST", "groups", json={"chat_id": chat_id, "title": title})

    async def create_user(self, user_id: int | None = None, first_name: str | None = None,
                          *, last_name: str | None = None, username: str | None = None,
                          language_code: str | None = "zh",
                          staff_role: str | None = None) -> dict:
        """Creates (or updates) a user; ``staff_role`` makes them a staff group member."""
        body = {"id": user_id, "first_name": first_name, "last_name": last_name,
                "username": username, "language_code": language_code,
                "staff_role": staff_role}
        return await self._call("POST", "users", json={k: v for k, v in body.items()
                                                       if v is not None})

    async def get_user(self, user_id: int) -> dict:
        """One user, with ``staff_role`` and ``blocked``."""
        return await self._call("GET", f"users/{user_id}")

    async def users(self) -> list[dict]:
        """Every user."""
        return await self._call("GET", "users")

    async def send(self, user_id: int, **body: Any) -> dict:
        """Sends any content (see the docs); returns ``{"message", "update_id"}``."""
        return await self._call("POST", "send", json={"user_id": user_id, **body})

    async def send_text(self, user_id: int, text: str, **where: Any) -> dict:
        """Sends text (``chat_id``, ``message_thread_id``, ``reply_to_message_id`` optional)."""
        return await self.send(user_id, text=text, **where)

    async def send_contact(self, user_id: int, phone_number: str, **where: Any) -> dict:
        """Shares the user's own contact, as a request_contact button does."""
        return await self.send(user_id, contact={"phone_number": phone_number}, **where)

    async def send_location(self, user_id: int, latitude: float = 39.9042,
                            longitude: float = 116.4074, **where: Any) -> dict:
        """Shares a location (central Beijing by default)."""
        return await self.send(user_id, location={"latitude": latitude,
                                                  "longitude": longitude}, **where)

    async def send_photo(self, user_id: int, data: bytes | None = None,
                         caption: str | None = None, **where: Any) -> dict:
        """Sends a photo: ``data`` bytes, or a generated PNG."""
        photo = {"base64": base64.b64encode(data).decode()} if data else True
        return await self.send(user_id, photo=photo, caption=caption, **where)

    async def send_album(self, user_id: int, count: int, caption: str | None = None,
                         **where: Any) -> list[dict]:
        """Sends ``count`` generated photos at once, as one album (one media group)."""
        group = f"{user_id}{secrets.randbelow(10**9):09d}"
        return [await self.send_photo(user_id, caption=caption if i == 0 else None,
                                      media_group_id=group, **where) for i in range(count)]

    async def send_sticker(self, user_id: int, emoji: str = "👍", **where: Any) -> dict:
        """Sends a sticker."""
        return await self.send(user_id, sticker={"emoji": emoji}, **where)

    async def send_voice(self, user_id: int, duration: int = 3, **where: Any) -> dict:
        """Sends a voice message."""
        return await self.send(user_id, voice={"duration": duration}, **where)

    async def send_video(self, user_id: int, duration: int = 3, **where: Any) -> dict:
        """Sends a video."""
        return await self.send(user_id, video={"duration": duration}, **where)

    async def send_document(self, user_id: int, data: bytes, file_name: str = "file.txt",
                            mime_type: str = "text/plain", **where: Any) -> dict:
        """Sends a document."""
        document = {"base64": base64.b64encode(data).decode(), "file_name": file_name,
                    "mime_type": mime_type}
        return await self.send(user_id, document=document, **where)

    async def edit(self, user_id: int, message_id: int, text: str, **where: Any) -> dict:
        """Edits the user's own message; the bot gets an ``edited_message``."""
        return await self._call("POST", "edit", json={"user_id": user_id,
                                                      "message_id": message_id,
                                                      "text": text, **where})

    async def press(self, user_id: int, message_id: int, callback_data: str | None = None,
                    *, text: str | None = None, forge: bool = False, **where: Any) -> dict:
        """Presses a button by data or text; returns ``callback_query_id``, ``seq`` and more."""
        body = {"user_id": user_id, "message_id": message_id, "forge": forge, **where}
        if callback_data is not None:
            body["callback_data"] = callback_data
        if text is not None:
            body["text"] = text
        return await self._call("POST", "press", json=body)

    async def history(self, chat_id: int | str, after: int = 0) -> dict:
        """The chat: ``messages`` (bot's and users'), ``reply_keyboard``, ``topics``, ``seq``."""
        return await self._call("GET", "history", params={"chat_id": chat_id, "after": after})

    async def messages(self, chat_id: int | str, after: int = 0) -> list[dict]:
        """The chat's messages after message id ``after``."""
        return (await self.history(chat_id, after))["messages"]

    async def wait(self, chat_id: int | str, after: int = 0, count: int = 1,
                   since: int | None = None, timeout: float = 10.0,
                   include_service: bool = False) -> dict:
        """Long-polls for ``count`` new bot messages or a change since ``since``."""
        result = await self._call(
            "GET", "wait", timeout=timeout + 5,
            params={"chat_id": chat_id, "after": after, "count": count, "since": since,
                    "timeout": timeout, "include_service": int(include_service)})
        if result["timed_out"]:
            seen = [m.get("text") for m in result["messages"]]
            raise TimeoutError(f"chat {chat_id}: wanted {count} bot message(s) after "
                               f"{after} within {timeout}s, got {seen}")
        return result

    async def wait_for_bot_messages(self, chat_id: int | str, after: int = 0,
                                    count: int = 1, timeout: float = 10.0) -> list[dict]:
        """The bot's messages after ``after`` once there are ``count`` of them."""
        return (await self.wait(chat_id, after, count, timeout=timeout))["messages"]

    async def wait_for_change(self, chat_id: int | str, since: int,
                              timeout: float = 10.0) -> list[dict]:
        """Bot messages edited, deleted, answered or sent after ``seq`` ``since``."""
        result = await self.wait(chat_id, after=2**62, count=1, since=since,
                                 timeout=timeout)
        return result["changed"]

    async def wait_for_edit(self, chat_id: int | str, message_id: int, since: int,
                            timeout: float = 10.0) -> dict:
        """The bot's message ``message_id`` once the bot has edited it after ``since``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        seen = since
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"message {message_id} in chat {chat_id} was not edited")
            try:
                changed = await self.wait_for_change(chat_id, seen, timeout=remaining)
            except TimeoutError:
                continue
            for message in changed:
                if message["message_id"] == message_id and message["edit_seq"] > since:
                    return message
            seen = max([seen, *(m["seq"] for m in changed)])

    async def stats(self) -> dict:
        """Method counts, ``rate_limited``, ``sent_per_chat``, ``pending_updates``."""
        return await self._call("GET", "stats")

    async def reset(self) -> None:
        """Forgets users, chats, updates and statistics (limits and id counters stay)."""
        await self._call("POST", "reset")

    async def block(self, user_id: int, blocked: bool = True) -> dict:
        """The user blocks the bot (``blocked=False`` unblocks)."""
        return await self._call("POST", "block", json={"user_id": user_id,
                                                       "blocked": blocked})

    async def limits(self) -> dict:
        """The limits in force."""
        return await self._call("GET", "limits")

    async def set_limits(self, **changes: Any) -> dict:
        """Changes limits at run time, e.g. ``set_limits(enabled=False)``."""
        return await self._call("PATCH", "limits", json=changes)

    async def fail_next(self, method: str, count: int = 1, code: int = 502) -> dict:
        """The next ``count`` calls of a Bot API method answer 502 Bad Gateway (or 429)."""
        return await self._call("POST", "faults",
                                json={"method": method, "count": count, "code": code})
