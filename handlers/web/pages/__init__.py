"""One module per page; each returns a ``Page`` that the layout wraps.

``pages(weight)`` maps the paths under ``/web`` that are plain pages to their page function
(the tickets list and a ticket have their own routes in ``handlers/web/app.py``); ``weight``
is ``FRONTDOOR_KPI_BASIC_WEIGHT``, which the rates on the overview and the analysis use.
"""

from __future__ import annotations

import functools


def pages(weight: float = 0.8) -> dict:
    """The plain pages: overview, monthly analysis, buildings."""
    from handlers.web.pages import analysis, buildings, overview

    return {"/": functools.partial(overview.page, weight=weight),
            "/analysis": functools.partial(analysis.page, weight=weight),
            "/buildings": buildings.page}
