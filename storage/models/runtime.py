"""What running processes agree on: who holds a role, and which version of a shared thing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Lease(Base):
    """A role one process holds at a time (``outbox-sender``) until ``until``, renewed."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    until: Mapped[datetime]


class Version(Base):
    """A shared thing's version (``nlu``: the model); a process reloads when it changes."""

    __tablename__ = "versions"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int]
    changed_at: Mapped[datetime]
