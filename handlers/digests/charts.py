"""The monthly digest's two charts, posted as pictures under its text."""

from __future__ import annotations

import asyncio

from telegram import Bot, InputFile

from domain.analysis.chart_data import ChartLabels
from domain.analysis.monthly import MonthlyAnalysis
from handlers.texts import text


def labels(lang: str) -> ChartLabels:
    """The chart labels from the text catalogue."""
    return ChartLabels(**{name: text(lang, f"chart_{name}")
                          for name in ChartLabels.__dataclass_fields__})


async def post(bot: Bot, chat_id: int, analysis: MonthlyAnalysis, lang: str) -> None:
    """Draws both charts (in a worker thread: matplotlib is slow) and posts them."""
    from domain.analysis.charts import monthly_pngs

    names = labels(lang)
    pngs = await asyncio.to_thread(monthly_pngs, analysis, names)
    for key, caption in (("volume", names.volume_title), ("trend", names.trend_title)):
        await bot.send_photo(chat_id, InputFile(pngs[key], filename=f"{key}-{analysis.month}.png"),
                             caption=caption)
