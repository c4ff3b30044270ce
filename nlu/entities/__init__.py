"""Deterministic entity extractors: phone numbers, building/unit/room, dates and times.

``extract_entities(text, now)`` returns :class:`nlu.types.Entity` objects whose offsets
point into the text as the resident typed it (full-width digits, traditional script and
all): normalisation keeps the length of the text.
"""

from __future__ import annotations

from datetime import datetime

from nlu.entities.addresses import find_addresses
from nlu.entities.datetimes import find_datetimes
from nlu.entities.normalize import normalize
from nlu.entities.phones import find_phones
from nlu.entities.spans import resolve_overlaps
from nlu.types import Entity

MAX_CHARS = 2000
ENTITY_TYPES = ("phone", "landline", "address", "datetime")


def extract_entities(text: str, now: datetime | None = None) -> tuple[Entity, ...]:
    """Every entity found in ``text`` (its first ``MAX_CHARS`` characters), by position."""
    if not text or not text.strip():
        return ()
    text = text[:MAX_CHARS]
    norm = normalize(text)
    now = now or datetime.now().astimezone()
    spans = resolve_overlaps([find_phones(norm), find_addresses(norm), find_datetimes(norm, now)])
    return tuple(
        Entity(type=s.type, value=text[s.start:s.end], start=s.start, end=s.end,
               normalized=s.normalized)
        for s in spans
    )


__all__ = ["ENTITY_TYPES", "MAX_CHARS", "extract_entities", "normalize"]
