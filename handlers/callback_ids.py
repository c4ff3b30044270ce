"""The one parser for ids in button data: ASCII digits that fit the database, or None.

Button data is user input (a client can send any string): "²" passes ``str.isdigit`` but
not ``int``, and twenty digits overflow PostgreSQL's bigint. Checked here, never raised.
"""

from __future__ import annotations

MAX_DIGITS = 18  # every 18-digit number fits a signed 64-bit integer


def parse_id(text: str) -> int | None:
    """An id (or a list index: 0 allowed) from ``text``, or None when it is not one."""
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def is_id(text: str) -> bool:
    """True when ``parse_id`` would accept ``text``."""
    return parse_id(text) is not None
