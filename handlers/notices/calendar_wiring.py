"""The seasonal calendar and 每月一题 ticks, wired into the application."""

from __future__ import annotations

from typing import Any


def schedule(application: Any, services: Any) -> None:
    """Ticks that turn calendar entries and monthly proposals into drafts."""
