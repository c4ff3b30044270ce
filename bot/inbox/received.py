"""Turns a Telegram update into what the inbox stores (``domain.inbox.Received``)."""

from __future__ import annotations

from typing import Any

from telegram import Update

from domain.inbox import Received, conversation_of


def received(update: Update, payload: dict[str, Any] | None = None) -> Received:
    """The stored form of ``update``; ``payload`` is its JSON as received, if at hand."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    thread = None
    if message is not None and message.is_topic_message:
        thread = message.message_thread_id
    payload = payload if payload is not None else update.to_dict()
    kind = next((k for k in payload if k != "update_id"), "unknown")
    return Received(
        update_id=update.update_id,
        conversation=conversation_of(chat.id if chat else None, chat.type if chat else None,
                                     thread, user.id if user else None),
        chat_id=chat.id if chat else None, user_id=user.id if user else None,
        kind=kind[:32], payload=payload)
