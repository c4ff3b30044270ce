"""Bot API methods that send, edit, copy and delete messages."""

from __future__ import annotations

import time

from bot.localapi.errors import NOT_MODIFIED, bad_request, forbidden, too_many_requests
from bot.localapi.markup import apply_to_chat, check_markup, inline_part, parse_text
from bot.localapi.params import Params
from bot.localapi.state import Chat, Record

CONTENT_KEYS = ("text", "entities", "photo", "caption", "caption_entities", "contact",
                "location", "sticker", "voice", "video", "document", "link_preview_options")


def prepare(api, p: Params) -> tuple[Chat, int | None, Record | None]:
    """Finds the target chat, topic and replied-to message, refusing what Telegram refuses."""
    state = api.state
    chat = state.chat(p.chat_id())
    if chat.data["type"] == "private" and chat.id in state.blocked:
        raise forbidden("bot was blocked by the user")
    thread = p.int("message_thread_id")
    if thread and chat.data.get("is_forum"):
        if thread not in chat.topics:
            raise bad_request("message thread not found")
    elif chat.data["type"] == "private":
        thread = None
    reply_params = p.json("reply_parameters")
    if reply_params is None and p.has("reply_to_message_id"):
        reply_params = {"message_id": p.int("reply_to_message_id"),
                        "allow_sending_without_reply": p.bool("allow_sending_without_reply")}
    reply = None
    if reply_params:
        reply = chat.messages.get(int(reply_params.get("message_id") or 0))
        if reply is not None and reply.deleted:
            reply = None
        if reply is None and not reply_params.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        if reply is not None and thread is None:
            thread = reply.message.get("message_thread_id")
    return chat, thread, reply


def throttle(api, chat: Chat, paid: bool = False) -> None:
    """Applies the rate limits to one outgoing message; raises 429 when over.

    ``paid``: sent with ``allow_paid_broadcast`` (counted as such in the stats). A reply to
    a user who just wrote is counted in the stats too (``replies``).
    """
    reply = api.rate.is_reply(chat.is_group, api.state.heard.get(chat.id))
    wait = api.rate.acquire(chat.id, chat.is_group, paid, reply=reply)
    if wait:
        raise too_many_requests(wait)
    if paid:
        api.state.paid_broadcasts += 1
    if reply:
        api.state.replies += 1


def deliver(api, chat: Chat, fields: dict, thread: int | None, reply: Record | None,
            markup: dict | None, p: Params) -> Record:
    """Stores the bot's message with topic, reply and keyboard, and counts it."""
    if thread:
        fields.update(message_thread_id=thread, is_topic_message=True)
        if reply is None:
            reply = chat.messages.get(thread)
    if reply is not None:
        fields["reply_to_message"] = {k: v for k, v in reply.message.items()
                                      if k != "reply_to_message"}
    fields["reply_markup"] = inline_part(markup)
    if p.bool("protect_content"):
        fields["has_protected_content"] = True
    record = api.state.new_message(chat, api.state.bot_user, fields, from_bot=True)
    record.markup = markup
    apply_to_chat(chat, markup)
    api.state.sent_per_chat[chat.id] = api.state.sent_per_chat.get(chat.id, 0) + 1
    return record


async def send_message(api, p: Params) -> dict:
    """Implements sendMessage."""
    chat, thread, reply = prepare(api, p)
    text, entities = parse_text(p.str("text"), p.str("parse_mode"), p.json("entities"),
                                api.limits.max_text)
    markup = check_markup(p.json("reply_markup"), api.limits)
    throttle(api, chat, p.bool("allow_paid_broadcast"))
    preview = p.json("link_preview_options")
    if preview is None and p.bool("disable_web_page_preview"):
        preview = {"is_disabled": True}
    fields = {"text": text, "entities": entities or None, "link_preview_options": preview}
    record = deliver(api, chat, fields, thread, reply, markup, p)
    record.raw_text, record.parse_mode = p.str("text"), p.str("parse_mode")
    return record.message


def _editable(api, p: Params) -> tuple[Chat, Record]:
    if p.has("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = api.state.chat(p.chat_id())
    record = api.state.message(chat, p.int("message_id", required=True),
                               "message to edit not found")
    if not record.from_bot:
        raise bad_request("message can't be edited")
    return chat, record


def _edit_markup(api, p: Params) -> dict | None:
    markup = check_markup(p.json("reply_markup"), api.limits)
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("inline keyboard expected")
    return markup


def _commit_edit(api, chat: Chat, record: Record, changes: dict, markup: dict | None) -> dict:
    """Applies an edit unless it changes nothing; returns the edited message."""
    message = record.message
    changes["reply_markup"] = inline_part(markup)
    if all(message.get(key) == (value or None) for key, value in changes.items()):
        raise bad_request(NOT_MODIFIED)
    throttle(api, chat)
    for key, value in changes.items():
        if value:
            message[key] = value
        else:
            message.pop(key, None)
    message["edit_date"] = int(time.time())
    record.edited, record.markup = True, markup
    record.seq = record.edit_seq = api.state.bump()
    return message


async def edit_message_text(api, p: Params) -> dict:
    """Implements editMessageText (no reply_markup removes the keyboard, as on Telegram)."""
    chat, record = _editable(api, p)
    if "text" not in record.message:
        raise bad_request("there is no text in the message to edit")
    text, entities = parse_text(p.str("text"), p.str("parse_mode"), p.json("entities"),
                                api.limits.max_text)
    markup = _edit_markup(api, p)
    changes = {"text": text, "entities": entities or None}
    message = _commit_edit(api, chat, record, changes, markup)
    record.raw_text, record.parse_mode = p.str("text"), p.str("parse_mode")
    return message


async def edit_message_caption(api, p: Params) -> dict:
    """Implements editMessageCaption."""
    chat, record = _editable(api, p)
    if "photo" not in record.message:
        raise bad_request("there is no caption in the message to edit")
    caption, entities = parse_text(p.str("caption"), p.str("parse_mode"),
                                   p.json("caption_entities"), api.limits.max_caption,
                                   caption=True)
    changes = {"caption": caption or None, "caption_entities": entities or None}
    return _commit_edit(api, chat, record, changes, _edit_markup(api, p))


async def edit_message_reply_markup(api, p: Params) -> dict:
    """Implements editMessageReplyMarkup."""
    chat, record = _editable(api, p)
    return _commit_edit(api, chat, record, {}, _edit_markup(api, p))


async def delete_message(api, p: Params) -> bool:
    """Implements deleteMessage: marks the message deleted (the control API still lists it)."""
    chat = api.state.chat(p.chat_id())
    record = api.state.message(chat, p.int("message_id", required=True),
                               "message to delete not found")
    record.deleted = True
    record.seq = api.state.bump()
    return True


async def delete_messages(api, p: Params) -> bool:
    """Implements deleteMessages: deletes those that exist, skips the others."""
    chat = api.state.chat(p.chat_id())
    for message_id in p.json("message_ids") or []:
        record = chat.messages.get(int(message_id))
        if record and not record.deleted:
            record.deleted = True
            record.seq = api.state.bump()
    return True


def _source(api, p: Params) -> Record:
    chat = api.state.chat(p.chat_id("from_chat_id"))
    record = api.state.message(chat, p.int("message_id", required=True),
                               "message to copy not found")
    if not any(key in record.message for key in CONTENT_KEYS):
        raise bad_request("message can't be copied")
    return record


async def copy_message(api, p: Params) -> dict:
    """Implements copyMessage: the same content, sent by the bot, without a link to the original."""
    source = _source(api, p)
    chat, thread, reply = prepare(api, p)
    markup = check_markup(p.json("reply_markup"), api.limits)
    fields = {k: v for k, v in source.message.items() if k in CONTENT_KEYS}
    if p.has("caption") and "photo" in fields:
        caption, entities = parse_text(p.str("caption"), p.str("parse_mode"),
                                       p.json("caption_entities"), api.limits.max_caption,
                                       caption=True)
        fields.update(caption=caption or None, caption_entities=entities or None)
    throttle(api, chat)
    record = deliver(api, chat, fields, thread, reply, markup, p)
    return {"message_id": record.message_id}


async def forward_message(api, p: Params) -> dict:
    """Implements forwardMessage: the same content with ``forward_origin`` naming the sender."""
    source = _source(api, p)
    chat, thread, _ = prepare(api, p)
    fields = {k: v for k, v in source.message.items() if k in CONTENT_KEYS}
    fields["forward_origin"] = {"type": "user", "date": source.message["date"],
                                "sender_user": source.message["from"]}
    throttle(api, chat)
    return deliver(api, chat, fields, thread, None, None, p).message
