"""``/digest daily|weekly|monthly [period]`` and the digest buttons in the staff chat.

Buttons: ``dg:ticket:<id>`` posts the ticket's card; ``dg:more:<digest id>`` (a scheduled
digest) or ``dg:more:<kind>:<period>:<as of>`` (one asked for) posts the full list. Every
press is checked on the server: only active staff get an answer.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.ext import ContextTypes

from domain.digests.compose import Request, gather, on_demand, recorded, ticket_card
from domain.digests.monthly import Monthly
from domain.digests.periods import BadDigest, parse
from domain.errors import DomainError
from handlers import keyboards
from handlers.callback_ids import is_id
from handlers.common import services
from handlers.digests import charts, render
from handlers.digests.tick import times_of
from handlers.staff import card
from handlers.staff.common import lang_of, now_of, refusal

logger = logging.getLogger(__name__)
LAST_TIMESTAMP = 4_102_444_800  # 2100-01-01: a later "as of" in button data is forged


async def _build(context, request: Request):
    """The digest's content and its lines."""
    svc = services(context)
    content = await gather(svc.uow_factory, request, times_of(svc.settings),
                           weight=svc.settings.kpi_basic_weight)
    return content, render.lines_of(content, lang_of(context), svc.settings.tz, request.late)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest daily|weekly|monthly [period]: one digest now (not the scheduled one)."""
    svc, lang, message = services(context), lang_of(context), update.effective_message
    args = context.args or []
    try:
        if not args or len(args) > 2:
            raise BadDigest("no kind")
        request = await on_demand(svc.uow_factory, update.effective_user.id, args[0].lower(),
                                  args[1] if len(args) > 1 else None, now=now_of(context),
                                  times=times_of(svc.settings))
    except DomainError as error:
        await message.reply_text(refusal(context, update, error, "/digest"))
        return
    content, lines = await _build(context, request)
    page, cut = render.short(lines, lang)
    period = request.period
    more = f"dg:more:{period.kind}:{period.label}:{render.as_of_stamp(request.as_of)}"
    markup = keyboards.digest(lang, page.tickets, more if cut else None)
    await message.reply_text(page.text, reply_markup=markup)
    if isinstance(content, Monthly):
        await charts.post(context.bot, update.effective_chat.id, content.analysis, lang)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A digest button: a ticket's card, or the full list; staff only."""
    query, parts = update.callback_query, (update.callback_query.data or "").split(":")
    try:
        if len(parts) == 3 and parts[1] == "ticket" and is_id(parts[2]):
            return await _card(update, context, int(parts[2]))
        if len(parts) in (3, 5) and parts[1] == "more":
            return await _more(update, context, parts[2:])
        raise BadDigest(query.data or "")
    except DomainError as error:
        await query.answer(refusal(context, update, error, "digest button"), show_alert=True)


async def _card(update: Update, context, ticket_id: int) -> None:
    svc, query = services(context), update.callback_query
    view = await ticket_card(svc.uow_factory, update.effective_user.id, ticket_id)
    await query.answer()
    await query.message.reply_text(card.render(context, view),
                                   reply_markup=card.markup(context, view))


async def _request(update: Update, context, args: list[str]) -> Request:
    svc, who = services(context), update.effective_user.id
    times, now = times_of(svc.settings), now_of(context)
    if len(args) == 1 and is_id(args[0]):
        return await recorded(svc.uow_factory, who, int(args[0]), now=now, times=times)
    if len(args) != 3 or not is_id(args[2]) or int(args[2]) > LAST_TIMESTAMP:
        raise BadDigest(":".join(args))
    await on_demand(svc.uow_factory, who, args[0], args[1], now=now, times=times)  # staff?
    as_of = datetime.fromtimestamp(int(args[2]), UTC).astimezone(svc.settings.tz)
    return Request(parse(args[0], args[1], now, times), as_of)


async def _more(update: Update, context, args: list[str]) -> None:
    query, lang = update.callback_query, lang_of(context)
    request = await _request(update, context, args)
    await query.answer()
    _, lines = await _build(context, request)
    for page in render.full(lines, lang, lines[0].text):
        await query.message.reply_text(page.text,
                                       reply_markup=keyboards.digest(lang, page.tickets))
