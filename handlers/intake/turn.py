"""One resident's turn: who, which chat, which language, the stored draft, and replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import Message, Update
from telegram.ext import ContextTypes

from domain.intake.draft import Draft
from domain.intake.drafts import load_draft, save_draft
from handlers.common import language_of, services
from handlers.texts import text


@dataclass
class Turn:
    """Everything a step needs; ``draft`` is None outside a conversation."""

    update: Update
    context: ContextTypes.DEFAULT_TYPE
    chat_id: int
    user_id: int
    lang: str
    draft: Draft | None
    now: datetime

    @classmethod
    async def begin(cls, update: Update, context: ContextTypes.DEFAULT_TYPE) -> Turn:
        """Reads the stored draft of this chat and user."""
        chat_id, user_id = update.effective_chat.id, update.effective_user.id
        draft = await load_draft(services(context).uow_factory, chat_id, user_id)
        lang = draft.lang if draft else language_of(update, context)
        now = datetime.now(services(context).settings.tz)
        return cls(update, context, chat_id, user_id, lang, draft, now)

    @property
    def uow_factory(self):
        """A unit-of-work factory."""
        return services(self.context).uow_factory

    @property
    def settings(self):
        """The settings."""
        return services(self.context).settings

    def new_draft(self) -> Draft:
        """Starts an empty draft for this resident."""
        user = self.update.effective_user
        self.draft = Draft(lang=self.lang, user_id=self.user_id, first_name=user.first_name)
        return self.draft

    async def say(self, key: str, markup=None, **values: object) -> Message:
        """Sends a catalogue text in the resident's language."""
        return await self.context.bot.send_message(
            self.chat_id, text(self.lang, key, **values), reply_markup=markup)

    async def save(self) -> None:
        """Commits the draft and its step."""
        await save_draft(self.uow_factory, self.chat_id, self.user_id, self.draft, now=self.now)
