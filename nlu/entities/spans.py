"""A found span before it becomes an :class:`nlu.types.Entity`, and overlap resolution."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Span:
    """A typed span of the normalised text with its canonical value."""

    type: str
    start: int
    end: int
    normalized: Any


def resolve_overlaps(groups: list[list[Span]]) -> list[Span]:
    """Keeps spans that do not overlap; earlier groups win, then longer spans."""
    kept: list[Span] = []
    for group in groups:
        for span in sorted(group, key=lambda s: (s.start - s.end, s.start)):
            if all(span.end <= k.start or span.start >= k.end for k in kept):
                kept.append(span)
    return sorted(kept, key=lambda s: s.start)
