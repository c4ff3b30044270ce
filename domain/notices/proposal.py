"""每月一题: before a month, the kind of request most likely to surge in it, and where.

The method (docs/notices-calendar.md), per full category path, from the 24 **complete**
months before the target month M (a month still running at ``now`` is never read: on
20 October, the proposal for November ends its history with September, and "the last
three months" are July–September):

- **same month** ``s``: tickets in M−12; when the history reaches back two years, the
  blend ``(2·[M−12] + [M−24]) / 3`` (one noisy year weighs less);
- **level** ``m``: the monthly mean of the last 12 months (M−12 … M−1); the seasonal index
  shown to staff is ``[M−12] / m``;
- **trend** ``g``: the last three complete months against the same three a year before,
  ``(recent + 1) / (before + 1)``, clipped to [2/3, 3/2] for the forecast; the change
  shown to staff is the real one, ``recent / before − 1`` (``Score.change``), never the clip;
- **expected** ``e = s·g`` and **excess** ``e − m``: how many tickets above its usual level
  the category is expected to bring. The top excess is proposed, if it expects at least
  ``MIN_EXPECTED`` tickets and an excess above zero.

The buildings are the smallest set covering ≥ 40% of the category's tickets (with a
building) in the same month of the previous years, plus this month's hot spots: buildings
with at least ``HOT_SPOT`` tickets of the category since the start of ``now``'s month. Counting is
pure; ``propose`` reads the counts and ``draft_proposal`` stores a draft for a supervisor.
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
HOT_SPOT = 3  # tickets of the category in one building this month
SOURCE = "proposal"


@dataclass(frozen=True)
class Score:
    """One category's figures for the target month."""

    category: str
    same_month: int  # tickets in M−12
    blended: float  # ``s``
    mean: float  # ``m``
    trend: float  # ``g``, clipped
    recent: int = 0  # the last three complete months
    before: int = 0  # the same three months a year before

    @property
    def change(self) -> float | None:
        """The real change of the last three months against a year before (None: from 0)."""
        return self.recent / self.before - 1 if self.before else None

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
    buildings: tuple[str, ...]  # the fewest holding ≥ 40% in the same month before
    share: float  # of the category's tickets (with a building) those buildings had
    located: int  # the category's tickets with a building in the reference month(s)
    hot_spots: tuple[tuple[str, int], ...] = ()  # (building, tickets) this month so far
    history_end: str = ""  # the last complete month read, YYYY-MM

    @property
    def targets(self) -> tuple[str, ...]:
        """The buildings the notice goes to: last year's and this month's hot spots."""
        return tuple(sorted({*self.buildings, *(b for b, _ in self.hot_spots)}, key=_natural))

    @property
    def source_key(self) -> str:
        """The draft's unique key: ``proposal:YYYY-MM``."""
        return f"{SOURCE}:{self.month}"


def score(category: str, series: list[int], two_years: bool, gap: int = 0) -> Score:
    """The figures of one category from its 24 monthly counts, the last complete one last.

    ``gap`` is how many months lie between the last complete month and the target month
    (0: the history ends with M−1), so the same month last year is ``series[12 + gap]``.
    """
    same = series[12 + gap]
    blended = (2 * same + series[gap]) / 3 if two_years else float(same)
    recent, before = sum(series[21:24]), sum(series[9:12])
    trend = min(max((recent + 1) / (before + 1), TREND_CLIP[0]), TREND_CLIP[1])
    return Score(category, same, blended, sum(series[12:24]) / 12, trend, recent, before)


def rank(counts: dict[str, list[int]], gap: int = 0) -> list[Score]:
    """Every category by expected excess, highest first (ties by name)."""
    two_years = any(series[gap] for series in counts.values())
    scores = [score(c, series, two_years, gap) for c, series in counts.items()]
    return sorted(scores, key=lambda s: (-s.excess, s.category))


def pick(counts: dict[str, list[int]], gap: int = 0) -> Score | None:
    """The category to propose, or None when nothing is expected to surge."""
    for candidate in rank(counts, gap):
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


def last_complete(month: str, now: datetime, tz: tzinfo) -> tuple[tuple[int, int], int]:
    """The last complete month before ``month`` at ``now``, and the gap up to ``month``."""
    target, local = parse(month), now.astimezone(tz)
    last = min(shift(*target, -1), shift(local.year, local.month, -1))
    return last, (target[0] * 12 + target[1]) - (last[0] * 12 + last[1]) - 1


async def propose(uow_factory: UowFactory, month: str, tz: tzinfo, *,
                  now: datetime) -> Proposal | None:
    """The proposal for ``month`` (YYYY-MM) as of ``now``; ``BadMonth`` if malformed.

    Only months complete at ``now`` are counted; None when nothing is expected to surge
    (or when the same month last year is not complete yet).
    """
    last, gap = last_complete(month, now, tz)
    if gap > 11:
        return None
    labels, bounds = window(label(*last), tz, back=HISTORY - 1)
    this_month = datetime(now.astimezone(tz).year, now.astimezone(tz).month, 1, tzinfo=tz)
    async with uow_factory() as uow:
        counts = await uow.notice_history.monthly_counts(bounds)
        best = pick(counts, gap)
        if best is None:
            return None
        ranges = [(bounds[12 + gap], bounds[13 + gap])]
        if any(series[gap] for series in counts.values()):
            ranges.append((bounds[gap], bounds[gap + 1]))
        by_building = await uow.notice_history.by_building(best.category, ranges)
        current = await uow.notice_history.by_building(best.category, [(this_month, now)])
    buildings, share = smallest_cover(by_building)
    hot = tuple(sorted(((b, n) for b, n in current.items() if n >= HOT_SPOT),
                       key=lambda bn: (-bn[1], _natural(bn[0]))))
    return Proposal(label(*parse(month)), labels[12 + gap], best, buildings, share,
                    sum(by_building.values()), hot, labels[-1])


async def draft_proposal(uow_factory: UowFactory, proposal: Proposal, *, topic: str,
                         text_zh: str, text_en: str, now: datetime) -> int | None:
    """Stores the proposal as a draft notice (once per month); returns its id or None."""
    audience = ({"kind": "place", "buildings": list(proposal.targets), "units": []}
                if proposal.targets else {"kind": "all"})
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
