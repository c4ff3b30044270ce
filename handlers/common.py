"""Small helpers every handler uses: the resident's language and the services."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import Update
from telegram.ext import ContextTypes

from domain.surveys import Timing
from handlers.texts import pick_language

if TYPE_CHECKING:
    from bot.services import Services


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The services the composition root put into ``bot_data``."""
    return context.application.bot_data["services"]


def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The language to answer this user in (zh unless they use English)."""
    user = update.effective_user
    default = services(context).settings.default_language
    return pick_language(user.language_code if user else None, default)


def survey_timing(settings) -> Timing:
    """The callback survey delays from the settings."""
    return Timing(round2_after=timedelta(days=settings.survey_round2_days),
                  remind_after=timedelta(hours=settings.survey_reminder_hours),
                  expire_after=timedelta(hours=settings.survey_expiry_hours))
