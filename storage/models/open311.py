"""Open311 GeoReport v2 clients: one API key per client, only its hash stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Created
from storage.models.types import BigId


class ApiKey(Created, Base):
    """A client allowed to post requests; the key itself is shown once and never stored."""

    __tablename__ = "open311_keys"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex
    revoked_at: Mapped[datetime | None]
