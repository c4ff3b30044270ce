"""Who lives and works in the demo community: buildings, residents, staff, hot spots."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate

from domain.demo.seasons import Kind

UNITS = 4
FLOORS = 6
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "秀英桂兰玉珍凤华淑芳建国建华志强伟明丽娟敏静军勇杰涛磊洋艳霞平刚桂芝德福海燕红梅"
EN_NAMES = ("Anna", "Tom", "Maria", "David", "Sophie", "James", "Olga", "Lucas", "Emma", "Ivan")
EN_SHARE = 0.08
TELEGRAM_BASE = 9_000_000_000_000  # far above real Telegram user ids; plus the row id


@dataclass(frozen=True)
class Resident:
    """A resident row to be written."""

    id: int
    name: str
    language: str
    building: str
    unit: str
    room: str
    phone: str
    created_at: datetime


@dataclass(frozen=True)
class Staff:
    """A staff member row to be written."""

    id: int
    name: str
    role: str  # worker | supervisor | admin


@dataclass
class Community:
    """Residents by building, staff, and which buildings keep having which problem."""

    buildings: list[str]
    residents: list[Resident]
    staff: list[Staff]
    hot_spots: dict[str, dict[str, float]]  # category -> building -> extra weight
    _by_building: dict[str, tuple[list[Resident], list[float]]]
    _weights: dict[str, list[float]] = field(default_factory=dict)

    @property
    def workers(self) -> list[Staff]:
        """The workers, in id order."""
        if "workers" not in self._weights:
            self._weights["workers"] = [s for s in self.staff if s.role == "worker"]
        return self._weights["workers"]

    @property
    def supervisor(self) -> Staff:
        """The supervisor who signs off exclusions."""
        return next(s for s in self.staff if s.role == "supervisor")

    def building_weights(self, category: str) -> list[float]:
        """Cumulative weights of the buildings for a category (hot spots weigh more)."""
        if category not in self._weights:
            extra = self.hot_spots.get(category, {})
            self._weights[category] = list(accumulate(
                len(self._by_building[b][0]) * extra.get(b, 1.0) for b in self.buildings))
        return self._weights[category]

    def reporter(self, rng: random.Random, building: str) -> Resident:
        """A resident of the building; some residents report far more often than others."""
        people, weights = self._by_building[building]
        return rng.choices(people, cum_weights=weights)[0]

    def neighbours(self, building: str) -> list[Resident]:
        """Everyone registered in a building."""
        return self._by_building[building][0]

    def grid_worker(self, building: str) -> Staff:
        """The worker responsible for a building (网格员)."""
        workers = self.workers
        return workers[self.buildings.index(building) % len(workers)]


def full_name(rng: random.Random, lang: str) -> str:
    """A person's name in the language (a Chinese surname and given name, or an English one)."""
    if lang == "en":
        return rng.choice(EN_NAMES)
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def build(rng: random.Random, *, buildings: int, residents_per_building: int, workers: int,
          kinds: tuple[Kind, ...], start: datetime, first_ids: tuple[int, int]) -> Community:
    """Makes the community; ids start at ``first_ids`` (residents, staff)."""
    names = [str(b) for b in range(1, buildings + 1)]
    people: list[Resident] = []
    by_building: dict[str, tuple[list[Resident], list[float]]] = {}
    next_id = first_ids[0]
    for building in names:
        here = []
        for _ in range(residents_per_building):
            lang = "en" if rng.random() < EN_SHARE else "zh"
            unit = str(rng.randint(1, UNITS))
            room = f"{rng.randint(1, FLOORS)}0{rng.randint(1, 2)}"
            phone = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
            joined = start - timedelta(days=rng.uniform(1, 60))
            here.append(Resident(next_id, full_name(rng, lang), lang, building, unit, room,
                                 phone, joined))
            next_id += 1
        weights = list(accumulate(rng.paretovariate(1.6) for _ in here))
        by_building[building] = (here, weights)
        people += here
    staff_id = first_ids[1]
    roles = ["worker"] * workers + ["supervisor", "admin"]
    staff = [Staff(staff_id + i, full_name(rng, "zh"), role) for i, role in enumerate(roles)]
    hot: dict[str, dict[str, float]] = {}
    for kind in rng.sample(kinds, k=min(6, len(kinds))):
        hot[kind.category] = {b: 6.0 for b in rng.sample(names, k=min(2, len(names)))}
    return Community(names, people, staff, hot, by_building)
