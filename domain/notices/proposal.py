"""每月一题: before a month, the kind of request most likely to surge in it, and where.

The method (docs/notices-calendar.md), per full category path, from the 24 months before
the target month M:

- **same month** ``s``: tickets in M−12; when the history reaches back two years, the
  blend ``(2·[M−12] + [M−24]) / 3`` (one noisy year weighs less);
- **level** ``m``: the monthly mean of the last 12 months (M−12 … M−1); the seasonal index
  shown to staff is ``[M−12] / m``;
- **trend** ``g``: the last three months against the same three a year before,
  ``([M−3..M−1] + 1) / ([M−15..M−13] + 1)``, clipped to [2/3, 3/2];
- **expected** ``e = s·g`` and **excess** ``e − m``: how many tickets above its usual level
  the category is expected to bring. The top excess is proposed, if it expects at least
  ``MIN_EXPECTED`` tickets and an excess above zero.

The buildings are the smallest set covering ≥ 40% of the category's tickets (with a
building) in the same month of the previous years. Counting is pure; ``propose`` reads
the counts and ``draft_proposal`` stores a draft notice for a supervisor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo

from domain.analysis.months import label, parse, shift, window
from domain.notices import broadcast as bc
from domain.ports import UowFactory
from storage.errors import Conflict
from storage.models import Notice

logger = logging.getLogger(__name__)
HISTORY = 24  # months read before the target month
MIN_EXPECTED = 3.0
COVER = 0.4
TREND_CLIP = (2 / 3, 3 / 2)
SOURCE = "proposal"


@dataclass(frozen=True)
class Score:
    """One category's figures for the target month."""

    category: str
    same_month: int  # tickets in M−12
    blended: float  # ``s``
    mean: float  # ``m``
    trend: float  # ``g``

    @property
    def expected(self) -> float:
        """Tickets expected in the target month."""
        return self.blended * self.trend

    @property
    def excess(self) -> float:
        """Expected tickets above the usual monthly level."""
        return self.expected - self.mean

    @property
    def index(self) -> float:
        """Last year's same month ÷ the monthly mean of the last 12 months."""
        return self.same_month / self.mean if self.mean else 0.0


@dataclass(frozen=True)
class Proposal:
    """The topic of the month: the category, its figures and the buildings to target."""

    month: str  # the target month, YYYY-MM
    reference: str  # the same month last year
    score: Score
    buildings: tuple[str, ...]
    share: float  # of the category's tickets (with a building) those buildings had
    located: int  # the category's tickets with a building in the reference month(s)

    @property
    def source_key(self) -> str:
        """The draft's unique key: ``proposal:YYYY-MM``."""
        return f"{SOURCE}:{self.month}"


def score(category: str, series: list[int], two_years: bool) -> Score:
    """The figures of one category from its 24 monthly counts (M−24 first, M−1 last)."""
    same = series[12]
    blended = (2 * same + series[0]) / 3 if two_years else float(same)
    trend = (sum(series[21:24]) + 1) / (sum(series[9:12]) + 1)
    trend = min(max(trend, TREND_CLIP[0]), TREND_CLIP[1])
    return Score(category, same, blended, sum(series[12:24]) / 12, trend)


def rank(counts: dict[str, list[int]]) -> list[Score]:
    """Every category by expected excess, highest first (ties by name)."""
    two_years = any(series[0] for series in counts.values())
    scores = [score(c, series, two_years) for c, series in counts.items()]
    return sorted(scores, key=lambda s: (-s.excess, s.category))


def pick(counts: dict[str, list[int]]) -> Score | None:
    """The category to propose, or None when nothing is expected to surge."""
    for candidate in rank(counts):
        if candidate.expected >= MIN_EXPECTED and candidate.excess > 0:
            return candidate
    return None


def smallest_cover(by_building: dict[str, int], share: float = COVER) -> tuple[tuple[str, ...],
                                                                              float]:
    """The fewest buildings (most tickets first) holding ≥ ``share`` of the tickets."""
    total = sum(by_building.values())
    chosen, covered = [], 0
    for building, n in sorted(by_building.items(), key=lambda kv: (-kv[1], _natural(kv[0]))):
        if total and covered / total >= share:
            break
        chosen.append(building)
        covered += n
    return tuple(sorted(chosen, key=_natural)), (covered / total if total else 0.0)


def topic_for(category: str, calendar) -> str:
    """The notice topic of a calendar entry about the same kind of problem, or ""."""
    for entry in calendar:
        other = entry.category or ""
        if other and (category == other or category.startswith(other + "/")
                      or other.startswith(category + "/")):
            return entry.topic
    return ""


async def propose(uow_factory: UowFactory, month: str, tz: tzinfo) -> Proposal | None:
    """The proposal for ``month`` (YYYY-MM) from the stored tickets; ``BadMonth`` if malformed."""
    before = label(*shift(*parse(month), -1))
    labels, bounds = window(before, tz, back=HISTORY - 1)
    async with uow_factory() as uow:
        counts = await uow.notice_history.monthly_counts(bounds)
        best = pick(counts)
        if best is None:
            return None
        ranges = [(bounds[12], bounds[13])]
        if any(series[0] for series in counts.values()):
            ranges.append((bounds[0], bounds[1]))
        by_building = await uow.notice_history.by_building(best.category, ranges)
    buildings, share = smallest_cover(by_building)
    return Proposal(label(*parse(month)), labels[12], best, buildings, share,
                    sum(by_building.values()))


async def draft_proposal(uow_factory: UowFactory, proposal: Proposal, *, topic: str,
                         text_zh: str, text_en: str, now: datetime) -> int | None:
    """Stores the proposal as a draft notice (once per month); returns its id or None."""
    audience = ({"kind": "place", "buildings": list(proposal.buildings), "units": []}
                if proposal.buildings else {"kind": "all"})
    async with uow_factory() as uow:
        if await uow.notices.get_by_source_key(proposal.source_key) is not None:
            return None
        try:
            row = await uow.notices.add(Notice(
                topic=topic, title=proposal.source_key, text_zh=text_zh, text_en=text_en,
                category=proposal.score.category, audience=audience, status=bc.DRAFT,
                source=SOURCE, source_key=proposal.source_key, created_at=now))
            notice_id = row.id
            await uow.commit()
        except Conflict:  # another process drafted it a moment ago
            return None
    logger.info("proposal draft %s: notice %s", proposal.source_key, notice_id)
    return notice_id


def _natural(building: str) -> tuple[int, int | str]:
    """``"3"`` before ``"12"``; names after numbers."""
    return (0, int(building)) if building.isdigit() else (1, building)
