"""The demo street: a dispatch desk, four communities and five departments (``street.yml``).

The units come from ``data/street.yml`` (checked by the reader of ``frontdoor units import``);
the generator spreads the community's buildings over the communities (building ``b`` to
community ``(b - 1) % 4``, so each grid worker of the default community stays in one), gives
every community a supervisor who dispatches, and every department a supervisor and
workers. Its own random stream (``street_rng``) leaves the community's rows as they were.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from domain.demo.community import Community, Staff, full_name
from domain.units.datafile import UnitSpec, read_plan
from domain.units.kinds import Route, UnitKind, UnitRole

STREET_FILE = Path(__file__).parent / "data" / "street.yml"


@dataclass(frozen=True)
class Taker:
    """What a department or service takes in the demo, and how it works."""

    code: str
    categories: frozenset[str]  # last parts of the demo's categories
    partner: str | None  # joins a parallel order, takes an order sent back
    workers: int
    late: float  # share of its orders answered after their response deadline


@dataclass(frozen=True)
class StreetFile:
    """The checked street file."""

    units: tuple[UnitSpec, ...]
    takers: dict[str, Taker]


@lru_cache(maxsize=2)
def load_street(path: Path = STREET_FILE) -> StreetFile:
    """Reads and checks the street file."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    plan = read_plan(doc)
    codes = {u.code for u in plan.units}
    takers = {}
    for code, item in (doc.get("takes") or {}).items():
        partner = item.get("partner")
        if code not in codes or (partner is not None and partner not in codes):
            raise ValueError(f"{path}: takes {code}: unknown unit {code} or {partner}")
        takers[code] = Taker(code, frozenset(item["categories"]), partner,
                             int(item["workers"]), float(item["late"]))
    return StreetFile(tuple(plan.units), takers)


@dataclass(frozen=True)
class Member:
    """A staff member's role in a unit."""

    staff_id: int
    unit_id: int
    role: UnitRole


@dataclass
class Street:
    """The street's units (code -> id), who works where, and what goes where."""

    file: StreetFile
    ids: Mapping[str, int]
    rng: random.Random
    home_of: dict[str, int]  # building -> its community's unit id
    staff: list[tuple[Staff, str]] = field(default_factory=list)  # new staff, unit name
    members: list[Member] = field(default_factory=list)
    next_order_id: int = 1

    def takers_of(self, category: str) -> tuple[Taker, Taker | None] | None:
        """The unit a ticket of this category is dispatched to, and its partner; or None."""
        leaf = category.rsplit("/", 1)[-1]
        for taker in self.file.takers.values():
            if leaf in taker.categories:
                partner = self.file.takers.get(taker.partner) if taker.partner else None
                return taker, partner
        return None

    def supervisor(self, unit_id: int) -> int:
        """The staff id of the unit's (first) supervisor."""
        return next(m.staff_id for m in self.members
                    if m.unit_id == unit_id and m.role is UnitRole.SUPERVISOR)

    def workers(self, unit_id: int) -> list[int]:
        """The staff ids of the unit's workers."""
        return [m.staff_id for m in self.members
                if m.unit_id == unit_id and m.role is UnitRole.WORKER]

    def routes(self) -> list[tuple[Route, str, int]]:
        """(route, key, unit id): every building to its community, department kinds."""
        found = [(Route.BUILDING, b, unit_id) for b, unit_id in self.home_of.items()]
        return found + [(Route.KIND, kind, self.ids[u.code])
                        for u in self.file.units for kind in u.kinds]


def street_rng(seed: int) -> random.Random:
    """The street's own random stream for a seed."""
    return random.Random(f"frontdoor-demo-street:{seed}")


def build(rng: random.Random, file: StreetFile, ids: Mapping[str, int], town: Community,
          first_staff_id: int, first_order_id: int) -> Street:
    """The street around the community; new staff ids start at ``first_staff_id``."""
    communities = [u for u in file.units if u.kind is UnitKind.COMMUNITY]
    home_of = {b: ids[communities[i % len(communities)].code]
               for i, b in enumerate(town.buildings)}
    street = Street(file, ids, rng, home_of, next_order_id=first_order_id)
    next_id = first_staff_id

    def hire(unit: UnitSpec, role: UnitRole) -> None:
        nonlocal next_id
        street.staff.append((Staff(next_id, full_name(rng, "zh"), "worker"), unit.name))
        street.members.append(Member(next_id, ids[unit.code], role))
        next_id += 1

    for unit in file.units:
        if unit.kind is UnitKind.DESK:  # the street's own supervisor and admin
            street.members += [Member(s.id, ids[unit.code], UnitRole.SUPERVISOR)
                               for s in town.staff if s.role != "worker"]
            continue
        hire(unit, UnitRole.SUPERVISOR)
        if unit.kind is UnitKind.COMMUNITY:  # its grid workers: those of its buildings
            mine = {town.grid_worker(b).id for b, u in home_of.items() if u == ids[unit.code]}
            street.members += [Member(w, ids[unit.code], UnitRole.WORKER) for w in sorted(mine)]
        for _ in range(file.takers[unit.code].workers if unit.code in file.takers else 0):
            hire(unit, UnitRole.WORKER)
    return street
