"""Login without passwords: a one-time link from the bot, then a session in the database.

``/web`` in a private chat gives an active staff member a link good once for
``LINK_MINUTES``. Opening it only shows a page with a "log in" button: the token is used up
by that POST alone, so a link-preview fetcher (which only GETs) cannot burn it. A session
ends at logout, after ``idle`` without a request, or ``MAX_HOURS`` after login, and at
once when the person is no longer active staff. Only SHA-256 hashes of tokens are stored;
the cookie is the session token and its HMAC under a key kept in the database (or set).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.errors import DomainError
from domain.open311.keys import hash_of
from domain.ports import UowFactory
from domain.web.access import viewer_for
from domain.web.viewer import Viewer
from storage.errors import Conflict

LINK_MINUTES = 10
MAX_HOURS = 12
TOUCH_SECONDS = 60  # last_seen_at is written at most this often per session
KEY_NAME = "cookie"


class NotStaff(DomainError):
    """Only active staff members get a web link."""

    code = "web_not_staff"


class LinkRefused(DomainError):
    """The link is unknown, used or expired."""

    code = "web_link_refused"


@dataclass(frozen=True)
class Issued:
    """A new login link's token (shown once, in the bot's answer) and its expiry."""

    token: str
    expires_at: datetime


@dataclass(frozen=True)
class LoggedIn:
    """A new session: its token (goes into the cookie) and the forms' CSRF token."""

    token: str
    csrf: str


@dataclass(frozen=True)
class Current:
    """The session a request carries, with who it is now."""

    token_hash: str
    viewer: Viewer
    csrf: str


def digest(token: str) -> str:
    """The SHA-256 hex digest stored instead of a token (as an Open311 key's)."""
    return hash_of(token)


def sign(key: str, token: str) -> str:
    """A cookie value: the token and its HMAC under ``key``."""
    mac = hmac.new(key.encode(), token.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{token}.{mac}"


def unsign(key: str, value: str | None) -> str | None:
    """The token inside a cookie value whose HMAC is right, else None."""
    if not value or "." not in value:
        return None
    token = value.rsplit(".", 1)[0]
    return token if hmac.compare_digest(sign(key, token), value) else None


async def cookie_key(uow_factory: UowFactory, configured: str | None = None) -> str:
    """The cookie-signing key: the configured one, else the database's (made once)."""
    if configured:
        return configured
    async with uow_factory() as uow:
        found = await uow.web_auth.key(KEY_NAME)
        if found:
            return found
        try:
            await uow.web_auth.add_key(KEY_NAME, secrets.token_hex(32))
            await uow.commit()
        except Conflict:  # another process made it first
            pass
    async with uow_factory() as uow:
        return await uow.web_auth.key(KEY_NAME)


async def issue_link(uow_factory: UowFactory, telegram_user_id: int, now: datetime) -> Issued:
    """A new one-time login link for an active staff member.

    Raises:
        NotStaff: The sender is not active staff.
    """
    async with uow_factory() as uow:
        staff = await uow.staff.get_by_telegram_id(telegram_user_id)
        if staff is None or not staff.active:
            raise NotStaff("not active staff")
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(minutes=LINK_MINUTES)
        await uow.web_auth.add_link(digest(token), staff.id, expires)
        await uow.commit()
    return Issued(token, expires)


async def check_link(uow_factory: UowFactory, token: str, now: datetime) -> None:
    """Refuses a link that could not log in now (the GET shows the button only if not).

    Raises:
        LinkRefused: Unknown, used or expired.
    """
    async with uow_factory() as uow:
        link = await uow.web_auth.link(digest(token))
        if link is None or link.used_at is not None or link.expires_at <= now:
            raise LinkRefused("unknown, used or expired")


async def log_in(uow_factory: UowFactory, token: str, now: datetime) -> LoggedIn:
    """Uses the link up and opens a session for its staff member.

    Raises:
        LinkRefused: Unknown, used, expired, or its owner is no longer active staff.
    """
    async with uow_factory() as uow:
        staff_id = await uow.web_auth.use_link(digest(token), now)
        staff = await uow.staff.get(staff_id) if staff_id is not None else None
        if staff is None or not staff.active:
            raise LinkRefused("unknown, used or expired")
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        await uow.web_auth.add_session(digest(session), staff.id, csrf, now,
                                       now + timedelta(hours=MAX_HOURS))
        await uow.commit()
    return LoggedIn(session, csrf)


async def current(uow_factory: UowFactory, token: str | None, now: datetime,
                  idle: timedelta) -> Current | None:
    """The live session behind a cookie's token, with its viewer as of now, or None."""
    if not token:
        return None
    token_hash = digest(token)
    async with uow_factory() as uow:
        row = await uow.web_auth.session_of(token_hash)
        if row is None or row.ended_at is not None or row.expires_at <= now \
                or row.last_seen_at + idle <= now:
            return None
        staff = await uow.staff.get(row.staff_id)
        if staff is None or not staff.active:
            return None
        viewer = await viewer_for(uow, staff)
        found = Current(token_hash, viewer, row.csrf)
        if (now - row.last_seen_at).total_seconds() >= TOUCH_SECONDS:
            await uow.web_auth.touch(token_hash, now)
            await uow.commit()
    return found


async def log_out(uow_factory: UowFactory, token_hash: str, now: datetime) -> None:
    """Ends the session."""
    async with uow_factory() as uow:
        await uow.web_auth.end(token_hash, now)
        await uow.commit()
