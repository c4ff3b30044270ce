"""The one NLU interface both engines (embedded and Rasa) implement."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Entity:
    """A span found in the text: kind, raw value, normalised value, offsets."""

    type: str
    value: str
    start: int
    end: int
    normalized: Any = None


@dataclass(frozen=True)
class Alternative:
    """A candidate label with its confidence."""

    name: str
    confidence: float


@dataclass(frozen=True)
class ParseResult:
    """What the NLU understood of one message."""

    text: str
    intent: str
    confidence: float
    category: str | None = None
    category_confidence: float = 0.0
    entities: tuple[Entity, ...] = ()
    intent_alternatives: tuple[Alternative, ...] = ()
    category_alternatives: tuple[Alternative, ...] = ()
    engine: str = "embedded"
    extras: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the result."""
        return asdict(self)


class NLUEngine(Protocol):
    """Anything that parses a resident's message."""

    name: str

    async def parse(self, text: str) -> ParseResult:
        """Parses one message; never raises on bad input."""
        ...
