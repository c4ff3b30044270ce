"""Parameters of the GeoReport calls, parsed once, strictly: a bad one is a 400, never a 500."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from domain.intake.phone import normalize_phone
from domain.intake.reading import best_place
from domain.open311.requests import STATES, NewRequest
from handlers.open311 import services
from nlu.entities import extract_entities

MAX_DESCRIPTION = 4000
MAX_ADDRESS = 500
MAX_NAME = 128
MAX_IDS = 100
_ATTRIBUTE = re.compile(r"^attribute\[([A-Za-z0-9_]{1,64})\]$")
_CODE = re.compile(r"^[A-Za-z0-9-]{1,32}$")


class BadRequest(Exception):
    """A parameter the spec says is wrong; ``status`` is the HTTP status to answer with."""

    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def _text(form: Mapping[str, str], name: str, limit: int) -> str | None:
    value = (form.get(name) or "").strip()
    if len(value) > limit:
        raise BadRequest(f"{name} is longer than {limit} characters")
    return value or None


def _number(form: Mapping[str, str], name: str, bound: float) -> float | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"{name} is not a number") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise BadRequest(f"{name} is out of range")
    return value


def new_request(form: Mapping[str, str]) -> NewRequest:
    """A ``POST requests`` body as plain values (raises BadRequest)."""
    code = (form.get("service_code") or "").strip()
    if not code:
        raise BadRequest("service_code is required")
    problem = services.find(code)
    if problem is None:
        raise BadRequest(f"service_code {code[:64]!r} is not a service", 400)
    lat, lon = _number(form, "lat", 90), _number(form, "long", 180)
    if (lat is None) != (lon is None):
        raise BadRequest("lat and long go together")
    address = _text(form, "address_string", MAX_ADDRESS) or _text(form, "address_id", 64)
    if lat is None and address is None:
        raise BadRequest("a location is required: lat and long, address_string or address_id")
    phone = _text(form, "phone", 32)  # kept as given; normalised only when valid
    names = [_text(form, "first_name", MAX_NAME), _text(form, "last_name", MAX_NAME)]
    return NewRequest(
        problem_type=problem.id, category=problem.leaf, type_level=problem.level,
        description=_text(form, "description", MAX_DESCRIPTION) or "",
        clarification=_attributes(form, problem), address=address, latitude=lat,
        longitude=lon, phone=phone, phone_normalized=normalize_phone(phone) if phone else None,
        first_name=" ".join(n for n in names if n) or None, address_parts=_flat(address))


def _flat(address: str | None) -> dict[str, str]:
    """``3号楼2单元501`` as ``{building, unit, room}``; {} for a street or a landmark."""
    if not address:
        return {}
    place = best_place(extract_entities(address, datetime.now(UTC)))
    return dict(place.parts or {})


def _attributes(form: Mapping[str, str], problem) -> dict[str, str]:
    """``attribute[CODE]=KEY`` pairs; the code and key must be the service's own."""
    question = services.question_of(problem)
    answers = {}
    for name in form:
        match = _ATTRIBUTE.match(name)
        if not match and name.startswith("attribute"):
            raise BadRequest(f"{name[:80]!r} is not attribute[CODE]")
        if not match:
            continue
        key = (form.get(name) or "").strip()
        if question is None or match.group(1) != question.id:
            raise BadRequest(f"attribute {match.group(1)!r} is not one of this service's")
        if key not in question.options:
            raise BadRequest(f"attribute {question.id!r} takes one of {list(question.options)}")
        answers[question.id] = key
    return answers


def when(query: Mapping[str, str], name: str) -> datetime | None:
    """A w3c date-time parameter (``2010-01-01T00:00:00Z``), as aware UTC."""
    raw = (query.get(name) or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name} is not a w3c date-time (2010-01-01T00:00:00Z)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def listed(query: Mapping[str, str], name: str) -> list[str]:
    """A comma-delimited parameter, as a list without blanks."""
    return [v.strip() for v in (query.get(name) or "").split(",") if v.strip()]


def codes(query: Mapping[str, str]) -> list[str]:
    """``service_request_id``: ticket codes (at most 100)."""
    found = listed(query, "service_request_id")
    if len(found) > MAX_IDS or any(not _CODE.match(c) for c in found):
        raise BadRequest(f"service_request_id takes up to {MAX_IDS} ticket codes")
    return found


def service_codes(query: Mapping[str, str]) -> list[str]:
    """``service_code``: known services only."""
    found = listed(query, "service_code")
    if unknown := [c for c in found if services.find(c) is None]:
        raise BadRequest(f"service_code {unknown[0][:64]!r} is not a service")
    return found


def states(query: Mapping[str, str]) -> list[str]:
    """``status``: open and/or closed."""
    found = listed(query, "status")
    if unknown := [s for s in found if s not in STATES]:
        raise BadRequest(f"status {unknown[0][:32]!r} is neither open nor closed")
    return found
