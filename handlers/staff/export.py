"""A list of tickets as a CSV file a spreadsheet opens: ``/export``, ``report tickets``.

UTF-8 with a byte order mark so Excel shows Chinese, local times, masked phones.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time, tzinfo

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.staff import export
from domain.staff.export import COLUMNS, ExportRow
from handlers.common import services
from handlers.intake.card import category_name
from handlers.staff.common import lang_of, now_of, refusal
from handlers.texts import text

BOM = "\ufeff"
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def csv_bytes(rows: list[ExportRow], lang: str, tz: tzinfo) -> bytes:
    """The rows under headings in ``lang``, times in ``tz``, as UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([text(lang, f"export_col_{c}") for c in COLUMNS])
    for row in rows:
        values = {c: getattr(row, c) for c in COLUMNS}
        values["status"] = text(lang, f"staff_state_{row.status}")
        values["urgency"] = text(lang, f"staff_urgency_{row.urgency}")
        values["category"] = category_name(row.category, lang)
        writer.writerow([_cell(values[c], tz) for c in COLUMNS])
    return (BOM + out.getvalue()).encode("utf-8")


def _cell(value: object, tz: tzinfo) -> str:
    if isinstance(value, datetime):
        return value.astimezone(tz).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else str(value)


def month_bounds(value: str, today: date, tz: tzinfo) -> tuple[datetime, datetime] | None:
    """``2026-11`` (or empty: this month) as [first day, first day of the next) in ``tz``."""
    found = _MONTH.match(value.strip()) if value.strip() else None
    if value.strip() and found is None:
        return None
    year, month = (int(found.group(1)), int(found.group(2))) if found else \
        (today.year, today.month)
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        return None
    start = datetime.combine(date(year, month, 1), time(), tz)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return start, datetime.combine(nxt, time(), tz)


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export [YYYY-MM]: the month's tickets as a CSV document (staff only)."""
    svc, lang, message = services(context), lang_of(context), update.effective_message
    tz = svc.settings.tz
    bounds = month_bounds(" ".join(context.args or []), now_of(context).date(), tz)
    if bounds is None:
        return await message.reply_text(text(lang, "export_usage"))
    try:
        rows = await export.rows_for_staff(svc.uow_factory, update.effective_user.id, *bounds)
    except DomainError as error:
        return await message.reply_text(refusal(context, update, error, "/export"))
    month = bounds[0].strftime("%Y-%m")
    await message.reply_document(csv_bytes(rows, lang, tz), filename=f"tickets-{month}.csv",
                                 caption=text(lang, "export_caption", month=month,
                                              count=len(rows)))
