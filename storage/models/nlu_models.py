"""Routing models trained from staff-confirmed tickets: the serving one is the newest accepted.

A row holds what is needed to rebuild its model deterministically with the shipped data:
the training tickets as ``[ticket id, taxonomy leaf, problem type]`` (their descriptions
are read from the tickets when a process loads the model, so a description erased since is
never learnt again), the held-out tickets it was scored on, and the scores.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base
from storage.models.types import BigId


class NluModel(Base):
    """One training from tickets, accepted (serving when newest) or refused."""

    __tablename__ = "nlu_models"
    __table_args__ = (Index(None, "accepted", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    created_at: Mapped[datetime]
    accepted: Mapped[bool]
    base_key: Mapped[str] = mapped_column(String(64))  # the shipped data it was trained with
    rows: Mapped[list[Any]]  # [[ticket id, leaf, problem type], ...] in training order
    held_out: Mapped[list[Any]]  # ticket ids scored, not trained on
    metrics: Mapped[dict[str, Any]]
