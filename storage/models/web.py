"""The web view's one-time login links and its sessions: only hashes of their tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Created


class WebLink(Created, Base):
    """A login link sent by the bot: good once, until ``expires_at``."""

    __tablename__ = "web_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    staff_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("staff_members.id"))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSession(Created, Base):
    """A logged-in browser. Every process behind the balancer reads the same rows."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex
    staff_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("staff_members.id"),
                                          index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]  # the longest a session lives, however active
    ended_at: Mapped[datetime | None]


class WebKey(Base):
    """The key that signs the web view's cookies, made once per database."""

    __tablename__ = "web_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
