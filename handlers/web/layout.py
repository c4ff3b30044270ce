"""The HTML shell every page shares: head, nav, language switch, logout form.

No script and nothing from the internet: one stylesheet from ``/web/static/web.css``.
"""

from __future__ import annotations

from urllib.parse import quote

from domain.web.auth import Current
from handlers.texts import text
from handlers.web.page import Page, esc

NAV = ("overview", "tickets", "analysis", "buildings")
HREF = {"overview": "/web/", "tickets": "/web/tickets", "analysis": "/web/analysis",
        "buildings": "/web/buildings"}


def render(page: Page, lang: str, current: Current | None, path: str) -> str:
    """The whole document around a page."""
    other = "en" if lang == "zh" else "zh"
    switch = (f'<a class="lang" href="/web/lang/{other}?next={quote(path, safe="")}">'
              f'{esc(text(lang, "web_lang_other"))}</a>')
    top = ""
    if current is not None:
        on = ' class="on"'
        links = "".join(
            f'<a href="{HREF[name]}"{on if page.nav == name else ""}>'
            f'{esc(text(lang, f"web_nav_{name}"))}</a>' for name in NAV)
        top = (f'<nav>{links}</nav><div class="who">{esc(current.viewer.display_name)} '
               f'<form method="post" action="/web/logout" class="inline">'
               f'<input type="hidden" name="csrf" value="{esc(current.csrf)}">'
               f'<button type="submit">{esc(text(lang, "web_logout"))}</button></form></div>')
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f'<title>{esc(page.title)} · {esc(text(lang, "web_brand"))}</title>'
        '<link rel="stylesheet" href="/web/static/web.css"></head><body>'
        f'<header><span class="brand">{esc(text(lang, "web_brand"))}</span>{top}{switch}'
        f'</header><main><h1>{esc(page.title)}</h1>{page.body}</main></body></html>'
    )


def login_form(lang: str, action: str, csrf: str, minutes: int) -> str:
    """The login page's one button (a POST: a preview fetcher cannot use the link up)."""
    return (f'<p>{esc(text(lang, "web_login_intro", minutes=minutes))}</p>'
            f'<form method="post" action="{esc(action)}">'
            f'<input type="hidden" name="csrf" value="{esc(csrf)}">'
            f'<button type="submit" class="primary" id="login">'
            f'{esc(text(lang, "web_login_button"))}</button></form>')
