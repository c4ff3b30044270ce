"""The addresses the web pages link to: the filtered ticket list and a ticket."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def tickets(**filters: object) -> str:
    """``/web/tickets?state=open&urgency=emergency`` (filters in the order given)."""
    return "/web/tickets?" + urlencode({k: str(v) for k, v in filters.items()})


def ticket(code: str) -> str:
    """One ticket's page."""
    return "/web/tickets/" + quote(code, safe="")

