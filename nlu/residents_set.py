"""Reading a labelled set of resident messages (``nlu/eval/residents.yml``).

Each message names its problem type(s) ``p``, first-level class(es) ``c`` and entities
``e`` in the notation of ``tests/data/entity_messages.yml``: ``[type, surface, value]``,
an address value as ``y<yard> b<building> u<unit> f<floor> r<room>``, a datetime as
``"<start YYYY-MM-DDTHH:MM> <grain>"``. A list of types is a message reporting several
problems: any one of them is a right first guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml

ADDRESS_KEYS = {"yard": "y", "building": "b", "unit": "u", "floor": "f", "room": "r"}


@dataclass(frozen=True)
class GoldEntity:
    """An entity a person marked: type, offsets and compact value."""

    type: str
    start: int
    end: int
    value: str


@dataclass(frozen=True)
class ResidentMessage:
    """One labelled message."""

    text: str
    types: tuple[str, ...]
    classes: tuple[str, ...]
    entities: tuple[GoldEntity, ...] = ()


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


def _message(item: dict) -> ResidentMessage:
    text = str(item["t"])
    entities = []
    for etype, surface, value in item.get("e") or []:
        start = text.find(str(surface))
        if start < 0:
            raise ValueError(f"{surface!r} is not in {text!r}")
        entities.append(GoldEntity(str(etype), start, start + len(str(surface)), str(value)))
    return ResidentMessage(text=text, types=_as_tuple(item.get("p")),
                           classes=_as_tuple(item.get("c")), entities=tuple(entities))


def read_resident_set(path: Path | str) -> tuple[datetime, list[ResidentMessage]]:
    """``(now, messages)`` of a resident set; raises ValueError on a malformed message."""
    doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("messages"), list):
        raise ValueError(f"{path}: expected a mapping with `now` and `messages`")
    now = datetime.fromisoformat(str(doc["now"]))
    try:
        return now, [_message(item) for item in doc["messages"]]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: malformed message ({exc})") from exc


def compact(entity_type: str, normalized: object) -> str:
    """An extracted value in the set's compact notation."""
    if entity_type == "address" and isinstance(normalized, dict):
        return " ".join(ADDRESS_KEYS[k] + str(v) for k, v in normalized.items()
                        if k in ADDRESS_KEYS and v)
    if entity_type == "datetime" and isinstance(normalized, dict):
        return f"{str(normalized.get('start', ''))[:16]} {normalized.get('grain', '')}"
    return str(normalized)
