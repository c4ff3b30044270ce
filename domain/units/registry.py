"""Adding units, routing buildings and department kinds to them, and listing them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from domain.ports import UowFactory
from domain.units.kinds import (
    HOLDS,
    Route,
    UnitError,
    UnitKind,
    building_key,
    check_chat,
    check_code,
    check_kind,
)
from storage.models import Unit


@dataclass(frozen=True)
class UnitRow:
    """A unit as ``frontdoor units list`` shows it."""

    id: int
    code: str
    name: str
    kind: UnitKind
    chat_id: int | None  # None: the configured staff group
    members: int = 0
    open_orders: int = 0
    buildings: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


@dataclass
class Mapped:
    """What ``map_route`` did: the keys routed, and the unit each came from, if another."""

    keys: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)


def route_key(route: Route, key: str, known_kinds: Collection[str] | None) -> str:
    """The stored key for a building or a department kind; refuses one it cannot use."""
    if route is Route.BUILDING:
        found = building_key(key)
        if found is None:
            raise UnitError(f"building {key!r}: write it as a number, e.g. 5 or 5号楼")
        return found
    key = (key or "").strip()
    if known_kinds is not None and key not in known_kinds:
        raise UnitError(f"department kind {key!r}: one of {', '.join(sorted(known_kinds))} "
                        "(nlu/problem_types.yml, departments:)")
    if not key or len(key) > 64:
        raise UnitError(f"department kind {key!r}: 1-64 characters")
    return key


def check_target(route: Route, unit: Unit) -> None:
    """Refuses a route to a unit of the wrong kind (a building to a department …)."""
    if UnitKind(unit.kind) not in HOLDS[route]:
        wanted = " or ".join(sorted(k.value for k in HOLDS[route]))
        raise UnitError(f"a {route.value} goes to a {wanted}; {unit.code} is a {unit.kind}")


async def add_unit(uow_factory: UowFactory, code: str, name: str, kind: str,
                   chat_id: int | None = None) -> UnitRow:
    """Adds a unit; refuses a code or a staff group already used."""
    code, unit_kind, chat_id = check_code(code), check_kind(kind), check_chat(chat_id)
    name = (name or "").strip()
    if not name or len(name) > 64:
        raise UnitError("a unit needs a name of 1-64 characters")
    async with uow_factory() as uow:
        if await uow.units.by_code(code) is not None:
            raise UnitError(f"unit {code} exists already (frontdoor units list)")
        if chat_id is not None and (other := await uow.units.by_chat(chat_id)) is not None:
            raise UnitError(f"chat {chat_id} is the group of unit {other.code} already")
        unit = await uow.units.add(Unit(code=code, name=name, kind=unit_kind.value,
                                        chat_id=chat_id))
        await uow.commit()
        return UnitRow(unit.id, unit.code, unit.name, unit_kind, unit.chat_id)


async def map_route(uow_factory: UowFactory, route: Route, keys: Sequence[str], code: str,
                    known_kinds: Collection[str] | None = None) -> Mapped:
    """Routes buildings to a community, or department kinds to a department or service."""
    if not keys:
        raise UnitError(f"name at least one {route.value}")
    stored = [route_key(route, key, known_kinds) for key in keys]
    done = Mapped()
    async with uow_factory() as uow:
        unit = await uow.units.by_code(code)
        if unit is None:
            raise UnitError(f"no unit {code!r} (frontdoor units list)")
        check_target(route, unit)
        for key in dict.fromkeys(stored):
            before = await uow.units.route(route.value, key)
            if before is not None and before.id != unit.id:
                done.moved[key] = before.code
            await uow.units.set_route(route.value, key, unit.id)
            done.keys.append(key)
        await uow.commit()
    return done


async def listing(uow_factory: UowFactory) -> list[UnitRow]:
    """Every unit with its members, open orders and routes."""
    async with uow_factory() as uow:
        units = await uow.units.list_all()
        members, orders = await uow.units.member_counts(), await uow.orders.open_counts()
        routes = [(r.unit_id, r.what, r.key) for r in await uow.units.routes()]
        return [UnitRow(
            u.id, u.code, u.name, UnitKind(u.kind), u.chat_id, members.get(u.id, 0),
            orders.get(u.id, 0),
            tuple(sorted((k for i, w, k in routes if i == u.id and w == Route.BUILDING),
                         key=_natural)),
            tuple(k for i, w, k in routes if i == u.id and w == Route.KIND)) for u in units]


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (1 << 30, key)
