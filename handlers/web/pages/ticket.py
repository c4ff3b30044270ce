"""``/web/tickets/<code>``: one ticket's facts, orders, surveys and whole timeline.

The phone is masked as in the staff groups; the full number is shown only after a POST of
the "show" button, and that view is recorded in the ticket's audit trail.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from domain.web.tickets import story
from domain.web.viewer import Viewer
from handlers.texts import CATALOGUES, text
from handlers.web.format import problem_name, state_name, when
from handlers.web.page import Page, esc


def _facts(lang: str, pairs: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{esc(text(lang, k))}</dt><dd>{v}</dd>" for k, v in pairs)
    return f'<dl class="facts">{items}</dl>'


def _phone(lang: str, told, code: str, csrf: str) -> str:
    if told.phone:
        return (f'<span id="phone">{esc(told.phone)}</span> '
                f'<span class="muted">{esc(text(lang, "web_ticket_phone_logged"))}</span>')
    shown = f'<span id="phone">{esc(told.phone_masked)}</span>'
    if told.phone_masked == "—":
        return shown
    return (f'{shown} <form method="post" action="/web/tickets/{esc(code)}/contact" '
            f'class="inline"><input type="hidden" name="csrf" value="{esc(csrf)}">'
            f'<button type="submit" id="show-phone">{esc(text(lang, "web_ticket_show_phone"))}'
            f'</button></form>')


def _label(lang: str, kind: str) -> str:
    """An event kind in words (an unknown kind as its name)."""
    key = f"web_ev_{kind}"
    return text(lang, key) if key in CATALOGUES["zh"] else kind


def _orders(lang: str, orders, tz: ZoneInfo, now: datetime) -> list[str]:
    head = f'<h2>{esc(text(lang, "web_ticket_orders"))}</h2>'
    if not orders:
        return [head, f'<p class="muted">{esc(text(lang, "web_ticket_no_orders"))}</p>']
    items = []
    for order, unit in orders:
        line = text(lang, "web_order_line", unit=unit,
                    status=text(lang, f"order_state_{order.status}"),
                    dispatched=when(order.dispatched_at, tz, now))
        note = order.result or order.returned_reason
        items.append(f"<li>{esc(line)}"
                     + (f' <span class="muted">{esc(note)}</span>' if note else "") + "</li>")
    return [head, f'<ul id="orders">{"".join(items)}</ul>']


def _surveys(lang: str, surveys) -> list[str]:
    head = f'<h2>{esc(text(lang, "web_ticket_surveys"))}</h2>'
    if not surveys:
        return [head, f'<p class="muted">{esc(text(lang, "web_ticket_no_surveys"))}</p>']
    items = []
    for survey in surveys:
        line = text(lang, "web_survey_line", round=survey.round, status=survey.status)
        if survey.solved or survey.satisfaction:
            line += " · " + text(lang, "web_survey_answer", solved=survey.solved or "—",
                                 satisfaction=survey.satisfaction or "—")
        items.append(f"<li>{esc(line)}</li>")
    return [head, f'<ul id="surveys">{"".join(items)}</ul>']


def _entry(lang: str, code: str, entry, tz: ZoneInfo, now: datetime) -> str:
    who = entry.actor or text(lang, f"web_actor_{entry.actor_kind}")
    detail = f"<div>{esc(entry.detail)}</div>" if entry.detail else ""
    if entry.photo_id is not None:
        src = f"/web/tickets/{esc(code)}/photos/{entry.photo_id}"
        detail = (f'<div><a href="{src}"><img class="photo" src="{src}" loading="lazy" '
                  f'alt="{esc(text(lang, "web_ev_photo"))}"></a></div>')
    return (f'<li><time>{esc(when(entry.at, tz, now))}</time>'
            f'<span class="actor-{esc(entry.actor_kind)}">{esc(who)}</span> · '
            f'{esc(_label(lang, entry.kind))}{detail}</li>')


async def page(uow_factory, viewer: Viewer, lang: str, code: str, now: datetime, tz: ZoneInfo,
               *, reveal: bool = False, csrf: str = "") -> Page:
    """The ticket's page (raises ``NotVisible`` for another unit's or a missing ticket)."""
    told = await story(uow_factory, viewer, code, reveal=reveal, now=now)
    t = told.ticket
    state = esc(state_name(lang, t.status))
    facts = [
        ("web_col_status", state),
        ("web_ticket_problem", esc(problem_name(lang, t.problem_type, t.category))
         + f' <span class="muted">{esc(t.category)}</span>'),
        ("web_col_urgency", esc(text(lang, f"staff_urgency_{t.urgency}"))),
        ("web_col_created", esc(when(t.created_at, tz, now))),
        ("web_ticket_description", esc(told.description)),
        ("web_ticket_address", esc(told.address)),
        ("web_ticket_phone", _phone(lang, told, t.code, csrf)),
        ("web_ticket_due", esc(text(lang, "web_ticket_due_line",
                                    respond=when(t.respond_due_at, tz, now),
                                    resolve=when(t.resolve_due_at, tz, now)))),
        ("web_ticket_unit", esc(told.unit_name or "—")),
        ("web_ticket_worker", esc(told.worker_name or "—")),
    ]
    if told.photos:
        facts.append(("web_ticket_photos", esc(text(lang, "web_ticket_photos", n=told.photos))))
    parts = [f'<p><a href="/web/tickets">{esc(text(lang, "web_back"))}</a></p>',
             _facts(lang, facts)]
    parts += _orders(lang, told.orders, tz, now) + _surveys(lang, told.surveys)
    parts.append(f'<h2>{esc(text(lang, "web_ticket_timeline"))}</h2>')
    entries = "".join(_entry(lang, t.code, e, tz, now) for e in told.timeline)
    parts.append(f'<ol class="timeline" id="timeline">{entries}</ol>')
    return Page(title=t.code, body="".join(parts), nav="tickets")
