"""What a page hands to the layout, and the one escaping helper pages use."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Page:
    """A page's title (for <title> and the heading) and its body as trusted HTML.

    Every value from the database must pass through ``esc`` before it is put in ``body``.
    """

    title: str
    body: str
    nav: str = ""  # the nav entry to highlight: overview | tickets | analysis | buildings


def esc(value: object) -> str:
    """HTML-escapes any value (None as an empty string)."""
    return "" if value is None else escape(str(value), quote=True)
