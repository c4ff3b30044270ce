"""The kinds of unit, the roles in a unit, and how keys (codes, buildings) are written."""

from __future__ import annotations

import re
from enum import StrEnum

from domain.errors import DomainError


class UnitKind(StrEnum):
    """What a unit is in the street's dispatch chain."""

    DESK = "desk"  # the street's dispatch desk (接诉即办平台): unrouted tickets go here
    COMMUNITY = "community"  # 社区: holds the tickets of its buildings
    DEPARTMENT = "department"  # a street department (城管, 房管所 …)
    SERVICE = "service"  # an outside service (物业公司, 燃气公司, 供热公司 …)


class UnitRole(StrEnum):
    """A staff member's role in one unit."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"


class Route(StrEnum):
    """What a route maps to a unit."""

    BUILDING = "building"  # a building to its community
    KIND = "kind"  # a department kind (nlu/problem_types.yml) to a department or service


HOLDS = {Route.BUILDING: frozenset({UnitKind.COMMUNITY}),
         Route.KIND: frozenset({UnitKind.DEPARTMENT, UnitKind.SERVICE})}
"""Which kinds of unit a route may point at."""


class UnitError(DomainError):
    """A unit command or data file was refused; the message says why, for the operator."""

    code = "unit_error"


_CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_BUILDING = re.compile(r"^\s*(?:第)?([0-9A-Za-z]{1,8})\s*(?:号楼|号|栋|楼|座|幢)?\s*$")


def check_code(code: str) -> str:
    """The code if it is 1-32 of a-z, 0-9, - and _ (starting with a letter or digit)."""
    if not _CODE.match(code or ""):
        raise UnitError(f"unit code {code!r}: use 1-32 of a-z 0-9 - _ (e.g. js-1, heating)")
    return code


def check_kind(kind: str) -> UnitKind:
    """The kind, or a refusal listing the kinds."""
    try:
        return UnitKind(kind)
    except ValueError:
        raise UnitError(f"unit kind {kind!r}: one of "
                        f"{', '.join(k.value for k in UnitKind)}") from None


def check_role(role: str) -> UnitRole:
    """The role, or a refusal listing the roles."""
    try:
        return UnitRole(role)
    except ValueError:
        raise UnitError(f"role {role!r}: one of "
                        f"{', '.join(r.value for r in UnitRole)}") from None


def building_key(building: str | None) -> str | None:
    """One spelling per building: ``5``, ``5号楼``, ``5栋``, ``第5栋`` are all ``5``.

    None when there is no building or it is not written as a building number.
    """
    found = _BUILDING.match(building or "")
    return found.group(1).upper() if found else None


BUILDING_SUFFIXES = ("", "号楼", "号", "栋", "楼", "座", "幢")


def building_spellings(building: str) -> list[str]:
    """Every way ``building_key`` reads as the same building (``5``: 5, 5号楼, 第5栋 …).

    A building not written as a number is only itself.
    """
    key = building_key(building)
    if key is None:
        return [building.strip()]
    found = [f"{first}{key}{suffix}" for first in ("", "第") for suffix in BUILDING_SUFFIXES]
    if key != key.lower():
        found += [f.replace(key, key.lower()) for f in found]
    return found


def check_chat(chat_id: int | None) -> int | None:
    """A staff group's id: a group or supergroup (negative), or None."""
    if chat_id is not None and chat_id >= 0:
        raise UnitError(f"chat id {chat_id}: a staff group's id is negative (-100…)")
    return chat_id
