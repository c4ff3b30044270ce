"""Everything the local Bot API remembers: users, chats, messages, updates, files."""

from __future__ import annotations

import asyncio
import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.localapi.errors import bad_request

STAFF_TITLE = "社区工作群 Staff"


@dataclass
class Record:
    """One message as stored: the Telegram object plus what only the simulator knows."""

    message: dict
    from_bot: bool
    raw_text: str | None = None
    parse_mode: str | None = None
    markup: dict | None = None
    edited: bool = False
    deleted: bool = False
    answers: list[dict] = field(default_factory=list)
    seq: int = 0
    edit_seq: int = 0

    @property
    def message_id(self) -> int:
        """The message's id in its chat."""
        return self.message["message_id"]

    def view(self) -> dict:
        """The message as the control API shows it (Telegram fields plus flags)."""
        return {
            **self.message, "from_bot": self.from_bot, "edited": self.edited,
            "deleted": self.deleted, "raw_text": self.raw_text, "parse_mode": self.parse_mode,
            "sent_reply_markup": self.markup, "callback_answers": self.answers, "seq": self.seq,
            "edit_seq": self.edit_seq,
        }


@dataclass
class Chat:
    """A chat: its Telegram object, its messages in order, its keyboard and topics."""

    data: dict
    messages: dict[int, Record] = field(default_factory=dict)
    reply_keyboard: dict | None = None
    topics: dict[int, dict] = field(default_factory=dict)
    actions: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        """The chat id."""
        return self.data["id"]

    @property
    def is_group(self) -> bool:
        """True for groups and supergroups."""
        return self.data["type"] in ("group", "supergroup")


@dataclass
class StoredFile:
    """A file the bot or a user sent, downloadable through getFile."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    mime_type: str = "application/octet-stream"


def first_update_id(now: float | None = None) -> int:
    """Where this run's update ids start: later than any earlier run's, as on Telegram.

    A hundred ids a second since 2024: a bot restarted against a new local API never sees an
    id it already handled, unless the last run took more than 100 updates a second over its
    whole life. (Past 2^31, unlike Telegram's; Python, JSON and bigint columns don't mind.)
    """
    return max(1, int(((now or time.time()) - EPOCH_2024) * 100))


EPOCH_2024 = 1_704_067_200


class State:
    """The in-memory world. Counters survive ``reset`` so a running bot never sees ids reused."""

    def __init__(self, bot_user: dict, staff_chat_id: int) -> None:
        self.bot_user = bot_user
        self.staff_chat_id = staff_chat_id
        # Every staff group (forum supergroup) by id and title; ``reset`` keeps them.
        self.groups: dict[int, str] = {staff_chat_id: STAFF_TITLE}
        self._update_ids = itertools.count(first_update_id())
        self._query_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._event = asyncio.Event()
        self.seq = 0
        self.reset()

    def reset(self) -> None:
        """Forgets users, chats, updates, files, webhook, commands and statistics."""
        self.users: dict[int, dict] = {}
        self.staff_roles: dict[int, str] = {}
        self.blocked: set[int] = set()
        self.chats: dict[int, Chat] = {}
        self.updates: list[dict] = []
        self.allowed_updates: list[str] | None = None
        self.queries: dict[str, dict] = {}
        self.files: dict[str, StoredFile] = {}
        self.webhook: dict | None = None
        self.commands: dict[str, list[dict]] = {}
        self.method_counts: dict[str, int] = {}
        self.rate_limited = 0
        self.paid_broadcasts = 0  # messages sent with allow_paid_broadcast
        self.replies = 0  # messages that answered a user who had just written (limits.py)
        self.heard: dict[int, float] = {}  # private chat -> monotonic time its user wrote
        self.sent_per_chat: dict[int, int] = {}
        for chat_id, title in self.groups.items():
            self.chats[chat_id] = Chat({"id": chat_id, "type": "supergroup", "title": title,
                                        "is_forum": True})
        self.bump()

    def add_group(self, chat_id: int, title: str) -> dict:
        """Adds another staff forum supergroup (a unit's group); returns the Chat.

        Its id must be negative and not a chat already; it stays through ``reset``.
        """
        if chat_id >= 0:
            raise bad_request("a group's id is negative")
        if chat_id in self.chats:
            if chat_id in self.groups:
                return self.chats[chat_id].data
            raise bad_request("chat id in use")
        self.groups[chat_id] = title or f"Group {chat_id}"
        self.chats[chat_id] = Chat({"id": chat_id, "type": "supergroup",
                                    "title": self.groups[chat_id], "is_forum": True})
        self.bump()
        return self.chats[chat_id].data

    def bump(self) -> int:
        """Marks a change: advances ``seq`` and wakes every waiter."""
        self.seq += 1
        self.wake()
        return self.seq

    def wake(self) -> None:
        """Wakes every waiter so it checks its condition again."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, ready: Callable[[], bool], timeout: float) -> bool:
        """Waits until ``ready()`` is true or ``timeout`` seconds pass; returns ``ready()``."""
        deadline = asyncio.get_running_loop().time() + max(0.0, timeout)
        try:
            async with asyncio.timeout_at(deadline):
                while not ready():
                    await self._event.wait()
        except TimeoutError:
            pass
        return ready()

    def add_user(self, user_id: int, first_name: str | None = None, **fields) -> dict:
        """Creates or updates a user and their private chat; returns the Telegram User."""
        user = self.users.get(user_id) or {"id": user_id, "is_bot": False,
                                           "first_name": first_name or f"User {user_id}"}
        if first_name:
            user["first_name"] = first_name
        user.update({key: value for key, value in fields.items() if value is not None})
        self.users[user_id] = user
        chat = {"id": user_id, "type": "private", "first_name": user["first_name"]}
        for key in ("last_name", "username"):
            if key in user:
                chat[key] = user[key]
        if user_id in self.chats:
            self.chats[user_id].data = chat
        else:
            self.chats[user_id] = Chat(chat)
        self.bump()
        return user

    def user(self, user_id: int) -> dict:
        """The user with that id, or 400 ``user not found``."""
        if user_id not in self.users:
            raise bad_request("user not found")
        return self.users[user_id]

    def chat(self, chat_id: int) -> Chat:
        """The chat with that id, or 400 ``chat not found``."""
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return self.chats[chat_id]

    def new_message(self, chat: Chat, sender: dict, fields: dict, from_bot: bool) -> Record:
        """Stores a new message from ``sender`` in ``chat`` with the given content fields."""
        counter = self._message_ids.setdefault(chat.id, itertools.count(1))
        message = {"message_id": next(counter), "date": int(time.time()), "chat": chat.data,
                   "from": sender}
        message.update({key: value for key, value in fields.items() if value is not None})
        record = Record(message, from_bot)
        chat.messages[record.message_id] = record
        record.seq = self.bump()
        return record

    def message(self, chat: Chat, message_id: int, missing: str) -> Record:
        """A message that is not deleted, or 400 with the given reason."""
        record = chat.messages.get(message_id)
        if record is None or record.deleted:
            raise bad_request(missing)
        return record

    def enqueue(self, kind: str, payload: dict) -> int:
        """Adds an update of ``kind`` (message, callback_query, ...) and returns its id.

        An update from a user in their private chat with the bot is remembered (``heard``):
        the bot's answers to it are replies, not bulk messages (``limits.RateLimiter``).
        """
        chat = (payload.get("message") or payload).get("chat") or {}
        if chat.get("type") == "private":
            self.heard[chat["id"]] = time.monotonic()
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, kind: payload})
        self.bump()
        return update_id

    def new_query_id(self) -> str:
        """A fresh callback query id (a numeric string, like Telegram's)."""
        return f"{next(self._query_ids)}{secrets.randbelow(10**6):06d}"

    def add_file(self, content: bytes, folder: str, ext: str, mime: str) -> StoredFile:
        """Stores file content and returns its record with fresh ids and a path."""
        unique = secrets.token_hex(8)
        stored = StoredFile(f"LOCAL{folder[:3].upper()}{secrets.token_urlsafe(24)}",
                            unique, f"{folder}/file_{len(self.files)}.{ext}", content, mime)
        self.files[stored.file_id] = stored
        return stored

    def count_method(self, name: str) -> None:
        """Counts one call of a Bot API method."""
        self.method_counts[name] = self.method_counts.get(name, 0) + 1
