"""The buildings page: a grid of the community's buildings coloured by requests in a month.

Classes for the layout's CSS: ``months`` (previous / next links), ``buildings`` (the grid,
one ``<li>`` a building, ``b0`` … ``b4`` from no request to the busiest bucket, the
building in a ``<span>``, its count in a ``<b>``), ``legend`` (the same ``b0`` … ``b4``),
``error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.analysis.months import BadMonth
from domain.web.buildings import Cell, Grid, grid
from domain.web.viewer import Viewer
from handlers.texts import text
from handlers.web import links
from handlers.web.months import months_nav
from handlers.web.page import Page, esc


def _cell(c: Cell, month: str, lang: str) -> str:
    href = links.tickets(building=c.building, period=month)
    title = text(lang, "web_building_cell", building=c.building, n=c.requests)
    return (f'<li class="b{c.bucket}"><a href="{esc(href)}" title="{esc(title)}">'
            f"<span>{esc(c.building)}</span><b>{c.requests}</b></a></li>")


def _cells(g: Grid, lang: str) -> str:
    return f'<ul class="buildings">{"".join(_cell(c, g.month, lang) for c in g.cells)}</ul>'


def _legend(g: Grid, lang: str) -> str:
    items = [f'<li class="b0">{esc(text(lang, "web_legend_zero"))}</li>']
    items += [f'<li class="b{i}">{esc(text(lang, "web_legend_range", low=low, high=high))}</li>'
              for i, (low, high) in enumerate(g.ranges, 1) if low <= high]
    return (f"<h3>{esc(text(lang, 'web_buildings_legend'))}</h3>"
            f'<ul class="legend">{"".join(items)}</ul>')


async def page(uow_factory, viewer: Viewer, lang: str, query: Mapping[str, str],
               now: datetime, tz: ZoneInfo) -> Page:
    """The grid of ``?period=YYYY-MM`` (this month without one), as ``viewer`` may see it."""
    error = ""
    try:
        g = await grid(uow_factory, viewer, query.get("period"), now=now, tz=tz)
    except BadMonth:
        error = f'<p class="error">{esc(text(lang, "web_bad_month"))}</p>'
        g = await grid(uow_factory, viewer, None, now=now, tz=tz)
    body = [error, months_nav("/web/buildings", "period", g.month, lang)]
    body += [_cells(g, lang), _legend(g, lang)] if g.cells else \
        [f"<p>{esc(text(lang, 'web_buildings_none'))}</p>"]
    return Page(text(lang, "web_buildings_title", month=g.month), "".join(body), "buildings")
