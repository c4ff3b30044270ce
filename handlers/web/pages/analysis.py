"""The monthly analysis page: ``frontdoor report month``'s computation, parts and charts.

``domain.analysis.monthly`` computes it, ``handlers.month_report`` writes the summary,
每月一题 (the month's biggest hot spot) and the tables, and ``domain.analysis.charts`` draws
the two charts as inline SVG whose words are text. The analysis counts the whole street,
so only a viewer who sees the whole street gets it. Classes for the layout's CSS: those of
``handlers.month_report`` (``meta``, ``rates``/``rate``, ``topic``, ``scroll``, ``n``,
``c``), ``months`` (previous / next), ``chart`` (a ``<figure>`` around each SVG), ``error``.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.analysis import BadMonth, monthly
from domain.analysis.charts import NoCjkFont, monthly_svgs
from domain.analysis.months import label, parse
from domain.web.viewer import Viewer
from handlers.digests.charts import labels
from handlers.month_report import summary, tables, topic
from handlers.texts import text
from handlers.web.months import months_nav
from handlers.web.page import Page, esc

_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def inline_svg(svg: bytes, title: str) -> str:
    """An SVG file as an element of the page: no XML prolog, sized by CSS (its viewBox kept)."""
    body = _PROLOG.sub("", svg.decode("utf-8"), count=1)
    tag_end = body.index(">")
    tag = _SIZE.sub("", body[:tag_end]) + f' role="img" aria-label="{esc(title)}"'
    return f'<figure class="chart">{tag}{body[tag_end:]}</figure>'


async def _charts(analysis, lang: str) -> str:
    names = labels(lang)
    try:
        svgs = await asyncio.to_thread(monthly_svgs, analysis, names)  # matplotlib is slow
    except NoCjkFont:
        return f'<p class="error">{esc(text(lang, "web_no_cjk_font"))}</p>'
    return "".join(inline_svg(svgs[key], title) for key, title in (
        ("volume", names.volume_title), ("trend", names.trend_title)))


async def page(uow_factory, viewer: Viewer, lang: str, query: Mapping[str, str],
               now: datetime, tz: ZoneInfo, *, weight: float = 0.8) -> Page:
    """The analysis of ``?month=YYYY-MM`` (this month without one); whole-street viewers."""
    local, error = now.astimezone(tz), ""
    month = label(local.year, local.month)
    try:
        month = label(*parse(query["month"])) if query.get("month") else month
    except BadMonth:
        error = f'<p class="error">{esc(text(lang, "web_bad_month"))}</p>'
    title = text(lang, "web_analysis_title", month=month)
    if not viewer.sees_all:
        return Page(title, f"<p>{esc(text(lang, 'web_analysis_street_only'))}</p>", "analysis")
    a = await monthly(uow_factory, month, tz, weight, now=now)
    body = [error, months_nav("/web/analysis", "month", month, lang), *summary(a, lang, now),
            topic(a, None, lang, ""), f"<h2>{esc(text(lang, 'rpt_charts'))}</h2>",
            await _charts(a, lang), *tables(a, lang)]
    return Page(title, "".join(body), "analysis")
