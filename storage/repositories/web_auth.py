"""The web view's login links, sessions and signing key, each found by its token's hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from storage.models import WebKey, WebLink, WebSession
from storage.repositories.base import flush


class WebAuth:
    """Links, sessions and the key. A link is used up by one conditional UPDATE."""

    def __init__(self, session) -> None:
        self.session = session

    async def add_link(self, token_hash: str, staff_id: int, expires_at: datetime) -> None:
        """Stores a new login link."""
        self.session.add(WebLink(token_hash=token_hash, staff_id=staff_id,
                                 expires_at=expires_at))
        await flush(self.session)

    async def link(self, token_hash: str) -> WebLink | None:
        """The link with this hash, used or not, or None."""
        return await self.session.get(WebLink, token_hash)

    async def use_link(self, token_hash: str, now: datetime) -> int | None:
        """Uses the link up if it is unused and unexpired; its staff id, else None.

        One UPDATE with the conditions in its WHERE: two presses at once (two processes)
        cannot both log in.
        """
        stmt = (update(WebLink)
                .where(WebLink.token_hash == token_hash, WebLink.used_at.is_(None),
                       WebLink.expires_at > now)
                .values(used_at=now).returning(WebLink.staff_id))
        return await self.session.scalar(stmt)

    async def add_session(self, token_hash: str, staff_id: int, csrf: str, now: datetime,
                          expires_at: datetime) -> None:
        """Stores a new session."""
        self.session.add(WebSession(token_hash=token_hash, staff_id=staff_id, csrf=csrf,
                                    last_seen_at=now, expires_at=expires_at, created_at=now))
        await flush(self.session)

    async def session_of(self, token_hash: str) -> WebSession | None:
        """The session with this hash, ended or not, or None."""
        return await self.session.get(WebSession, token_hash)

    async def touch(self, token_hash: str, now: datetime) -> None:
        """Notes activity (the idle timeout counts from here)."""
        await self.session.execute(update(WebSession)
                                   .where(WebSession.token_hash == token_hash)
                                   .values(last_seen_at=now))

    async def end(self, token_hash: str, now: datetime) -> None:
        """Ends a session (logout)."""
        await self.session.execute(update(WebSession)
                                   .where(WebSession.token_hash == token_hash,
                                          WebSession.ended_at.is_(None))
                                   .values(ended_at=now))

    async def end_all(self, staff_id: int, now: datetime) -> int:
        """Ends every open session of a staff member (removed staff); how many."""
        result = await self.session.execute(update(WebSession)
                                            .where(WebSession.staff_id == staff_id,
                                                   WebSession.ended_at.is_(None))
                                            .values(ended_at=now))
        return result.rowcount or 0

    async def key(self, name: str) -> str | None:
        """A stored key's value, or None."""
        return await self.session.scalar(select(WebKey.value).where(WebKey.name == name))

    async def add_key(self, name: str, value: str) -> None:
        """Stores a key (a conflict when another process stored it first)."""
        self.session.add(WebKey(name=name, value=value))
        await flush(self.session)
