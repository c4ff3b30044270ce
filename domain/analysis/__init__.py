"""The monthly analysis (月分析): counts by category, the three rates, hot spots, charts."""

from domain.analysis.monthly import CategoryCount, MonthlyAnalysis, monthly
from domain.analysis.months import BadMonth

__all__ = ["BadMonth", "CategoryCount", "MonthlyAnalysis", "monthly"]
