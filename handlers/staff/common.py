"""What the staff handlers share: the staff chat's language, the clock, refusals."""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import Update
from telegram.ext import ContextTypes

from domain.errors import DomainError
from domain.tickets import InvalidTransition, Withdrawn
from handlers.common import services
from handlers.dates import when
from handlers.texts import text

logger = logging.getLogger(__name__)


def lang_of(context: ContextTypes.DEFAULT_TYPE) -> str:
    """The staff chat's language (the configured default)."""
    return services(context).settings.default_language


def now_of(context: ContextTypes.DEFAULT_TYPE) -> datetime:
    """The current time in the configured zone."""
    return datetime.now(services(context).settings.tz)


def refusal(context: ContextTypes.DEFAULT_TYPE, update: Update, error: DomainError,
            what: str) -> str:
    """Logs a refused staff action (ids only) and returns the text to show."""
    logger.warning("staff: refused %s for user %s in update %s (%s)", what,
                   update.effective_user.id if update.effective_user else None,
                   update.update_id, error.code)
    if isinstance(error, Withdrawn):
        return text(lang_of(context), error.code, at=fmt_time(context, error.at))
    code = "staff_stale" if isinstance(error, InvalidTransition) else error.code
    return text(lang_of(context), code)


def fmt_time(context: ContextTypes.DEFAULT_TYPE, value: datetime | None) -> str:
    """A deadline in the local zone (with its year when not this year), or a dash."""
    if value is None:
        return "—"
    tz = services(context).settings.tz
    return when(value, tz, datetime.now(tz))
