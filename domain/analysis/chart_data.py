"""The data behind the two monthly charts, apart from drawing them (tested as data)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.analysis.monthly import MonthlyAnalysis

STACKED = 6  # categories drawn on their own; the rest are summed as "other"


@dataclass(frozen=True)
class ChartLabels:
    """The words on the charts, from the caller's text catalogue."""

    volume_title: str
    trend_title: str
    other: str
    tickets: str
    response: str
    resolution: str
    satisfaction: str


@dataclass(frozen=True)
class Chart:
    """A title, the months on the x axis and one named series per line or bar layer."""

    title: str
    months: list[str]
    series: dict[str, list[float | None]]


def volume(analysis: MonthlyAnalysis, labels: ChartLabels, stacked: int = STACKED) -> Chart:
    """Requests per month by first-level category: the busiest six, then the rest as one."""
    names = list(analysis.volume)  # busiest over the 12 months first
    series: dict[str, list[float | None]] = {
        name: list(analysis.volume[name]) for name in names[:stacked]}
    rest = names[stacked:]
    if rest:
        series[labels.other] = [sum(analysis.volume[n][i] for n in rest)
                                for i in range(len(analysis.months))]
    return Chart(labels.volume_title, list(analysis.months), series)


def trend(analysis: MonthlyAnalysis, labels: ChartLabels) -> Chart:
    """The three rates per month, in percent (None where there was nothing to count)."""

    def percent(values: list[float | None]) -> list[float | None]:
        return [None if v is None else round(100 * v, 2) for v in values]

    lines = analysis.trend
    return Chart(labels.trend_title, list(analysis.months), {
        labels.response: percent([line.response_rate for line in lines]),
        labels.resolution: percent([line.resolution_rate for line in lines]),
        labels.satisfaction: percent([line.satisfaction_rate for line in lines]),
    })
