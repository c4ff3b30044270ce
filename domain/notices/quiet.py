"""Quiet hours: no notice but an emergency reaches a resident inside the window.

Pure functions of a clock reading; the window is in local time of the configured zone and
may cross midnight (21:00-08:00). A window whose start equals its end is no window.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

DEFAULT_START = time(21, 0)
DEFAULT_END = time(8, 0)


def parse_window(value: str) -> tuple[time, time] | None:
    """``"21:00-08:00"`` as (start, end); an empty value or ``off`` means no quiet hours.

    Raises:
        ValueError: when the value is not ``HH:MM-HH:MM``.
    """
    value = value.strip()
    if value.lower() in ("", "off"):
        return None
    start, sep, end = value.partition("-")
    if not sep:
        raise ValueError(f"expected HH:MM-HH:MM, got {value!r}")
    try:
        return time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError as exc:
        raise ValueError(f"expected HH:MM-HH:MM, got {value!r}") from exc


def is_quiet(now: datetime, tz: tzinfo, start: time = DEFAULT_START, end: time = DEFAULT_END,
             *, emergency: bool = False) -> bool:
    """True when ``now`` (aware) falls inside the quiet window and it is no emergency."""
    if emergency or start == end:
        return False
    local = now.astimezone(tz).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def next_allowed(now: datetime, tz: tzinfo, start: time = DEFAULT_START,
                 end: time = DEFAULT_END, *, emergency: bool = False) -> datetime:
    """``now`` if a notice may go now, else the end of the quiet window (in ``tz``)."""
    if not is_quiet(now, tz, start, end, emergency=emergency):
        return now
    local = now.astimezone(tz)
    candidate = datetime.combine(local.date(), end, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=tz)
    return candidate


def hold_until(now: datetime, tz: tzinfo | None, window: tuple[time, time] | None, *,
               emergency: bool = False, released: bool = False) -> datetime:
    """When a notice's pending deliveries may go: ``now``, or the end of quiet hours.

    Always from the ``window`` as configured now, so a hold follows a changed setting. An
    emergency, and a notice a supervisor sent anyway (``released``), are never held.
    """
    if window is None or tz is None or emergency or released:
        return now
    return next_allowed(now, tz, *window)
