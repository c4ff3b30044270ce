"""A yard (院) said with a building: kept as the ticket's place text beside the parts.

``五号院3号楼`` is building 3 of yard 5; the building routes and notices keep reading the
building alone, and every address shown puts the yard first (``5号院3号楼2单元301``).
"""

from __future__ import annotations

import re

_YARD = re.compile(r"\d+号院")


def is_yard(text: str | None) -> bool:
    """True if ``text`` is a yard as the intake keeps it (``5号院``)."""
    return bool(text) and _YARD.fullmatch(text) is not None
