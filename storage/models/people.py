"""Residents, staff members and residents' notice subscriptions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, Created
from storage.models.types import BigId, utcnow


class Resident(Created, Base):
    """A person who reports problems and receives notices (last known address kept)."""

    __tablename__ = "residents"
    __table_args__ = (Index(None, "building", "unit"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str | None] = mapped_column(String(128))  # display only
    language: Mapped[str] = mapped_column(String(8), default="zh")
    phone: Mapped[str | None] = mapped_column(String(32))  # as entered
    phone_normalized: Mapped[str | None] = mapped_column(String(32), index=True)
    building: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(32))
    room: Mapped[str | None] = mapped_column(String(32))
    area_note: Mapped[str | None] = mapped_column(Text)
    reachable: Mapped[bool] = mapped_column(default=True)  # false once the bot is blocked
    notice_onboarded: Mapped[bool] = mapped_column(default=False)
    erased_at: Mapped[datetime | None]


class StaffMember(Created, Base):
    """A community worker, supervisor or admin in the staff chat."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # worker | supervisor | admin
    department: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    # Sees and acts across every unit of the street (街道 leader); unit roles: unit_members.
    street_leader: Mapped[bool] = mapped_column(default=False, server_default=false())


class Subscription(Base):
    """Whether a resident wants notices on a topic (one row per resident and topic)."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index(None, "topic", "enabled"),)

    resident_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
