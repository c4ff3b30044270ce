"""The monthly digest (月分析): the monthly analysis of ``domain.analysis``, for the chat.

The digest says what ``domain.analysis.monthly`` found (the same figures as
``frontdoor report month``) and proposes the 每月一题 for the month that is starting:
the category most likely to surge, from the stored history (``domain.notices.proposal``),
or, when the history says nothing, the month's top hot spot (the same class of problem
again and again in one building).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.analysis.monthly import MonthlyAnalysis, monthly
from domain.analysis.months import label, parse, shift
from domain.digests.periods import Period
from domain.notices.proposal import Proposal, propose
from domain.ports import UowFactory
from domain.unit_rates import UnitLine
from storage.repositories.analysis import HotSpot


@dataclass(frozen=True)
class Monthly:
    """The monthly digest's content: the analysis and the proposed topic."""

    period: Period
    analysis: MonthlyAnalysis
    proposal: Proposal | None = None  # for the month after ``period``
    ranking: tuple[UnitLine, ...] = ()  # the analysis' ranking of units, last month beside

    @property
    def topic(self) -> HotSpot | None:
        """每月一题: the biggest hot spot of the month, or None."""
        spots = sorted(self.analysis.hot_spots, key=lambda s: (-s.tickets, s.building,
                                                                s.category))
        return spots[0] if spots else None


async def gather(uow_factory: UowFactory, period: Period, *, as_of: datetime,
                 weight: float = 0.8) -> Monthly:
    """The analysis of the month ``period`` names (``2026-10``), as it stands at ``as_of``."""
    tz = period.start.tzinfo
    analysis = await monthly(uow_factory, period.label, tz, weight, now=as_of)
    following = label(*shift(*parse(period.label), 1))
    return Monthly(period, analysis, await propose(uow_factory, following, tz, now=as_of),
                   analysis.ranking)
