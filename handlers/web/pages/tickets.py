"""``/web/tickets``: the filter form, one page of tickets, and the next page's link."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from domain.sla import LEVELS
from domain.web.tickets import STATES, listing
from domain.web.viewer import Viewer
from handlers.texts import text
from handlers.web.format import problem_name, state_name, when
from handlers.web.page import Page, esc
from nlu.problem_types import load_problem_types


def _select(lang: str, name: str, options: list[tuple[str, str]], chosen: str | None) -> str:
    items = [f'<option value="">{esc(text(lang, "web_filter_any"))}</option>']
    items += [f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(label)}'
              f'</option>' for v, label in options]
    return (f'<label>{esc(text(lang, f"web_filter_{name}"))}'
            f'<select name="{name}">{"".join(items)}</select></label>')


def _input(lang: str, name: str, value: str | None) -> str:
    return (f'<label>{esc(text(lang, f"web_filter_{name}"))}'
            f'<input name="{name}" value="{esc(value or "")}" maxlength="32"></label>')


def _check(lang: str, name: str, on: bool) -> str:
    return (f'<label class="check"><input type="checkbox" name="{name}" value="1"'
            f'{" checked" if on else ""}>{esc(text(lang, f"web_filter_{name}"))}</label>')


def filter_form(lang: str, applied: Mapping[str, str],
                units: list[tuple[str, str]] = ()) -> str:
    """The filters as a GET form (the URL is the state: it can be bookmarked and shared)."""
    states = [(s, state_name(lang, s)) for s in STATES]
    levels = [(u, text(lang, f"staff_urgency_{u}")) for u in LEVELS]
    types = [(p.id, p.name(lang)) for p in load_problem_types().types]
    fields = [_select(lang, "state", states, applied.get("state")),
              _select(lang, "type", types, applied.get("type")),
              _input(lang, "building", applied.get("building")),
              _select(lang, "unit", list(units), applied.get("unit")),
              _input(lang, "worker", applied.get("worker")),
              _input(lang, "period", applied.get("period")),
              _select(lang, "urgency", levels, applied.get("urgency")),
              _check(lang, "reopened", "reopened" in applied),
              _check(lang, "excluded", "excluded" in applied)]
    return (f'<form method="get" action="/web/tickets" class="filters">{"".join(fields)}'
            f'<span><button type="submit">{esc(text(lang, "web_filter_apply"))}</button> '
            f'<a href="/web/tickets">{esc(text(lang, "web_filter_clear"))}</a></span></form>')


def _row(lang: str, row, now: datetime, tz: ZoneInfo) -> str:
    marks = []
    if row.overdue:
        marks.append(f'<span class="overdue">{esc(text(lang, "web_overdue"))}</span>')
    if row.reopened_count:
        marks.append(f'<span class="warn">{esc(text(lang, "web_reopened", n=row.reopened_count))}'
                     '</span>')
    if row.excluded:
        marks.append(f'<span class="muted">{esc(text(lang, "web_excluded"))}</span>')
    cells = [f'<a href="/web/tickets/{esc(row.code)}">{esc(row.code)}</a>',
             esc(when(row.created_at, tz, now)),
             esc(problem_name(lang, row.problem_type, row.category)),
             esc(row.building or "—"),
             esc(state_name(lang, row.status)) + (" " + " ".join(marks) if marks else ""),
             esc(text(lang, f"staff_urgency_{row.urgency}")),
             esc(row.unit_name or "—"), esc(row.worker_name or "—")]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


async def page(uow_factory, viewer: Viewer, lang: str, query: Mapping[str, str],
               now: datetime, tz: ZoneInfo) -> Page:
    """The list this viewer may see, as the URL filters it."""
    found = await listing(uow_factory, viewer, query, now, tz)
    parts = [filter_form(lang, found.applied, found.units)]
    if found.ignored:
        ignored = text(lang, "web_ignored", names=", ".join(found.ignored))
        parts.append(f'<p class="warn">{esc(ignored)}</p>')
    count = text(lang, "web_count_capped" if found.capped else "web_count", n=f"{found.total:,}")
    parts.append(f'<p class="count" id="count">{esc(count)}</p>')
    if not found.rows:
        parts.append(f'<p class="notice">{esc(text(lang, "web_none"))}</p>')
    else:
        heads = ("code", "created", "problem", "building", "status", "urgency", "unit", "worker")
        head = "".join(f"<th>{esc(text(lang, f'web_col_{h}'))}</th>" for h in heads)
        rows = "".join(_row(lang, r, now, tz) for r in found.rows)
        parts.append(f'<div class="table"><table id="tickets"><thead><tr>{head}</tr></thead>'
                     f'<tbody>{rows}</tbody></table></div>')
    pager = []
    if "before" in query:
        pager.append(f'<a href="/web/tickets?{esc(urlencode(found.applied))}">'
                     f'{esc(text(lang, "web_first"))}</a>')
    if found.next_before is not None:
        more = urlencode({**found.applied, "before": found.next_before})
        pager.append(f'<a id="next" href="/web/tickets?{esc(more)}">'
                     f'{esc(text(lang, "web_next"))}</a>')
    if pager:
        parts.append(f'<div class="pager">{"".join(pager)}</div>')
    return Page(title=text(lang, "web_tickets_title"), body="".join(parts), nav="tickets")
