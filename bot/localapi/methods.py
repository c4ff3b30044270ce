"""The Bot API methods the local server knows, by name (names are case-insensitive)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.localapi import chats, media, messages, updates
from bot.localapi.params import Params

Method = Callable[[object, Params], Awaitable[object]]

_METHODS: dict[str, Method] = {
    "getMe": chats.get_me,
    "getUpdates": updates.get_updates,
    "setWebhook": updates.set_webhook,
    "deleteWebhook": updates.delete_webhook,
    "getWebhookInfo": updates.get_webhook_info,
    "sendMessage": messages.send_message,
    "editMessageText": messages.edit_message_text,
    "editMessageCaption": messages.edit_message_caption,
    "editMessageReplyMarkup": messages.edit_message_reply_markup,
    "deleteMessage": messages.delete_message,
    "deleteMessages": messages.delete_messages,
    "copyMessage": messages.copy_message,
    "forwardMessage": messages.forward_message,
    "sendPhoto": media.send_photo,
    "sendMediaGroup": media.send_media_group,
    "sendDocument": media.send_document,
    "getFile": media.get_file,
    "answerCallbackQuery": chats.answer_callback_query,
    "sendChatAction": chats.send_chat_action,
    "setMyCommands": chats.set_my_commands,
    "getMyCommands": chats.get_my_commands,
    "deleteMyCommands": chats.delete_my_commands,
    "getChat": chats.get_chat,
    "getChatMember": chats.get_chat_member,
    "createForumTopic": chats.create_forum_topic,
    "editForumTopic": chats.edit_forum_topic,
    "closeForumTopic": chats.close_forum_topic,
    "reopenForumTopic": chats.reopen_forum_topic,
    "deleteForumTopic": chats.delete_forum_topic,
}
_BY_LOWER = {name.lower(): (name, method) for name, method in _METHODS.items()}


def find(name: str) -> tuple[str, Method] | None:
    """The canonical name and implementation of a method, or None when unknown."""
    return _BY_LOWER.get(name.lower())


def names() -> list[str]:
    """Every supported method name."""
    return sorted(_METHODS)
