"""The units data file (YAML, read by the caller): checked whole, then applied at once.

```yaml
units:
  - code: desk                 # a-z 0-9 - _, unique
    name: 劲松街道接诉即办平台
    kind: desk                 # desk | community | department | service
    chat_id: -1001000000010    # its staff group; left out: the configured staff group
  - code: js-1
    name: 劲松一社区
    kind: community
    chat_id: -1001000000011
    buildings: [1, 2, "3号楼"]  # buildings whose tickets it holds
  - code: heating
    name: 供热公司
    kind: service
    chat_id: -1001000000020
    department_kinds: [供热]   # kinds from nlu/problem_types.yml (departments:)
staff:
  - telegram_user_id: 1001
    name: 王芳
    units: {js-1: supervisor, heating: worker}
    street_leader: false       # sees and acts across every unit
```

Importing is idempotent: a unit is found by its code and updated, a staff member by their
Telegram id. Every error in the file is reported (``units[2].kind: …``) and nothing changes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from domain.ports import UowFactory
from domain.units.kinds import (
    HOLDS,
    Route,
    UnitError,
    UnitKind,
    UnitRole,
    check_chat,
    check_code,
    check_kind,
    check_role,
)
from domain.units.registry import check_target, route_key
from storage.models import StaffMember, Unit


class DataFileError(UnitError):
    """The data file has errors; ``errors`` lists every one with where it is."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the file, checked."""

    code: str
    name: str
    kind: UnitKind
    chat_id: int | None
    buildings: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class StaffSpec:
    """One person of the file, checked."""

    telegram_user_id: int
    name: str
    units: dict[str, UnitRole]
    street_leader: bool = False


@dataclass
class Plan:
    """The checked file."""

    units: list[UnitSpec] = field(default_factory=list)
    staff: list[StaffSpec] = field(default_factory=list)


@dataclass
class Applied:
    """What an import did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    routes: int = 0
    staff: int = 0


def read_plan(doc: Any, known_kinds: Collection[str] | None = None) -> Plan:
    """Checks a loaded file; raises DataFileError listing every problem."""
    errors: list[str] = []
    plan = Plan()
    if not isinstance(doc, dict) or not isinstance(doc.get("units", []), list) \
            or not isinstance(doc.get("staff", []), list):
        raise DataFileError(["the file: a mapping with lists 'units' and 'staff'"])
    for n, item in enumerate(doc.get("units") or []):
        _checked(errors, f"units[{n}]", lambda i=item: _unit(i, known_kinds), plan.units)
    for n, item in enumerate(doc.get("staff") or []):
        _checked(errors, f"staff[{n}]", lambda i=item: _person(i), plan.staff)
    _no_repeats(errors, "units", [str(i.get("code")) for i in doc.get("units") or []
                                  if isinstance(i, dict) and i.get("code") is not None])
    _no_repeats(errors, "units chat_id", [u.chat_id for u in plan.units if u.chat_id])
    _no_repeats(errors, "buildings", [b for u in plan.units for b in u.buildings])
    _no_repeats(errors, "department_kinds", [k for u in plan.units for k in u.kinds])
    _no_repeats(errors, "staff", [s.telegram_user_id for s in plan.staff])
    if errors:
        raise DataFileError(errors)
    return plan


def _checked(errors: list[str], where: str, make, into: list) -> None:
    try:
        into.append(make())
    except (UnitError, ValueError, TypeError, KeyError, AttributeError) as error:
        detail = f"needs {error}" if isinstance(error, KeyError) else str(error)
        errors.append(f"{where}: {detail}")


def _no_repeats(errors: list[str], what: str, values: list) -> None:
    seen = {v for v in values if values.count(v) > 1}
    if seen:
        errors.append(f"{what}: repeated {', '.join(sorted(map(str, seen)))}")


def _unit(item: dict, known_kinds: Collection[str] | None) -> UnitSpec:
    kind = check_kind(str(item["kind"]))
    chat = item.get("chat_id")
    spec = UnitSpec(
        code=check_code(str(item["code"])), name=str(item["name"]).strip()[:64], kind=kind,
        chat_id=check_chat(int(chat) if chat is not None else None),
        buildings=tuple(route_key(Route.BUILDING, str(b), None)
                        for b in item.get("buildings") or []),
        kinds=tuple(route_key(Route.KIND, str(k), known_kinds)
                    for k in item.get("department_kinds") or []))
    if not spec.name:
        raise UnitError("a name")
    for route, keys in ((Route.BUILDING, spec.buildings), (Route.KIND, spec.kinds)):
        if keys and kind not in HOLDS[route]:
            raise UnitError(f"a {kind.value} takes no {route.value}s")
    return spec


def _person(item: dict) -> StaffSpec:
    units = item.get("units") or {}
    if not isinstance(units, dict) or not units:
        raise UnitError("units: a mapping of unit code to role, e.g. {js-1: worker}")
    name = str(item["name"]).strip()[:128]
    if not name:
        raise UnitError("a name")
    return StaffSpec(telegram_user_id=int(item["telegram_user_id"]), name=name,
                     units={check_code(str(c)): check_role(str(r)) for c, r in units.items()},
                     street_leader=bool(item.get("street_leader", False)))


async def apply(uow_factory: UowFactory, plan: Plan) -> Applied:
    """Writes the plan in one transaction; refuses it whole when it names an unknown unit."""
    done = Applied()
    async with uow_factory() as uow:
        units: dict[str, Unit] = {}
        for spec in plan.units:
            units[spec.code] = await _upsert_unit(uow, spec, done)
        for spec in plan.units:
            unit = units[spec.code]
            for route, keys in ((Route.BUILDING, spec.buildings), (Route.KIND, spec.kinds)):
                for key in keys:
                    check_target(route, unit)
                    await uow.units.set_route(route.value, key, unit.id)
                    done.routes += 1
        for person in plan.staff:
            await _upsert_person(uow, person, units)
            done.staff += 1
        await uow.commit()
    return done


async def _upsert_unit(uow, spec: UnitSpec, done: Applied) -> Unit:
    if spec.chat_id is not None:
        other = await uow.units.by_chat(spec.chat_id)
        if other is not None and other.code != spec.code:
            raise DataFileError([f"unit {spec.code}: chat {spec.chat_id} is the group of "
                                 f"unit {other.code} already"])
    unit = await uow.units.by_code(spec.code)
    if unit is None:
        done.added.append(spec.code)
        return await uow.units.add(Unit(code=spec.code, name=spec.name, kind=spec.kind.value,
                                        chat_id=spec.chat_id))
    done.updated.append(spec.code)
    unit.name, unit.kind, unit.chat_id, unit.active = (spec.name, spec.kind.value,
                                                       spec.chat_id, True)
    return unit


async def _upsert_person(uow, person: StaffSpec, units: dict[str, Unit]) -> None:
    row = await uow.staff.get_by_telegram_id(person.telegram_user_id)
    top = "supervisor" if UnitRole.SUPERVISOR in person.units.values() else "worker"
    if row is None:
        row = await uow.staff.add(StaffMember(telegram_user_id=person.telegram_user_id,
                                              display_name=person.name, role=top))
    else:
        row.display_name, row.active = person.name, True
    row.street_leader = person.street_leader
    for code, role in person.units.items():
        unit = units.get(code) or await uow.units.by_code(code)
        if unit is None:
            raise DataFileError([f"staff {person.telegram_user_id}: no unit {code!r} in the "
                                 "file or the database"])
        units[code] = unit
        await uow.units.set_member(row.id, unit.id, role.value)
