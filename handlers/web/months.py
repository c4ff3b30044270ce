"""Links to the month before and the month after, for the pages that show one month."""

from __future__ import annotations

from urllib.parse import urlencode

from domain.analysis.months import label, parse, shift
from handlers.texts import text
from handlers.web.page import esc


def months_nav(path: str, key: str, month: str, lang: str) -> str:
    """Links to the month before and after ``month`` on the page at ``path``."""
    year, number = parse(month)
    items = [(shift(year, number, -1), "web_previous_month"),
             (shift(year, number, 1), "web_next_month")]
    return '<p class="months">' + " ".join(
        f'<a href="{esc(path + "?" + urlencode({key: label(*m)}))}">'
        f"{esc(text(lang, words, month=label(*m)))}</a>" for m, words in items) + "</p>"
