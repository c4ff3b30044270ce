"""The staff side of notices, wired into the application (owned by the /notice flow).

``handlers()`` are added to the main group before the staff group's free-text handler;
``schedule()`` adds the JobQueue ticks this side needs.
"""

from __future__ import annotations

from typing import Any


def handlers(staff_filter: Any) -> list[Any]:
    """The /notice command, its buttons and its composing steps (staff chat only)."""
    return []


def schedule(application: Any, services: Any) -> None:
    """Ticks of the staff side (launching approved notices when due, progress messages)."""
