"""Bot API methods about the bot, chats, members, commands, callbacks and forum topics."""

from __future__ import annotations

import json
import re

from bot.localapi.errors import QUERY_TOO_OLD, bad_request
from bot.localapi.params import Params
from bot.localapi.state import Chat

ACTIONS = {"typing", "upload_photo", "record_video", "upload_video", "record_voice",
           "upload_voice", "upload_document", "choose_sticker", "find_location",
           "record_video_note", "upload_video_note"}
GIFTS = {"unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
         "premium_subscription": False, "gifts_from_channels": False}
ADMIN_RIGHTS = ("can_manage_chat", "can_delete_messages", "can_manage_video_chats",
                "can_restrict_members", "can_promote_members", "can_change_info",
                "can_invite_users", "can_post_stories", "can_edit_stories",
                "can_delete_stories", "can_pin_messages", "can_manage_topics")
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
DEFAULT_ICON = 7322096


async def get_me(api, p: Params) -> dict:
    """Implements getMe."""
    return {**api.state.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False, "can_connect_to_business": False,
            "has_main_web_app": False}


async def get_chat(api, p: Params) -> dict:
    """Implements getChat: a ChatFullInfo."""
    chat = api.state.chat(p.chat_id())
    return {**chat.data, "accent_color_id": 0, "max_reaction_count": 11,
            "accepted_gift_types": GIFTS}


async def get_chat_member(api, p: Params) -> dict:
    """Implements getChatMember: staff roles in the staff group; the owner of a private chat."""
    state = api.state
    chat = state.chat(p.chat_id())
    user_id = p.int("user_id", required=True)
    if user_id == state.bot_user["id"]:
        return _member(state.bot_user, "administrator" if chat.is_group else "member")
    user = state.user(user_id)
    if chat.is_group:
        return _member(user, state.staff_roles.get(user_id, "left"))
    return _member(user, "member" if user_id == chat.id else "left")


def _member(user: dict, status: str) -> dict:
    member = {"status": status, "user": user}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update({"can_be_edited": False, "is_anonymous": False},
                      **dict.fromkeys(ADMIN_RIGHTS, True))
    elif status == "kicked":
        member["until_date"] = 0
    return member


async def send_chat_action(api, p: Params) -> bool:
    """Implements sendChatAction: recorded so the playground can show "typing…"."""
    chat = api.state.chat(p.chat_id())
    action = p.str("action")
    if action not in ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.actions.append(action)
    return True


def _commands_key(p: Params) -> str:
    scope = p.json("scope") or {"type": "default"}
    return json.dumps([scope, p.str("language_code") or ""], sort_keys=True)


async def set_my_commands(api, p: Params) -> bool:
    """Implements setMyCommands."""
    commands = p.json("commands") or []
    for command in commands:
        if not COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("command description is empty")
    api.state.commands[_commands_key(p)] = [
        {"command": c["command"], "description": c["description"]} for c in commands]
    return True


async def get_my_commands(api, p: Params) -> list:
    """Implements getMyCommands."""
    return api.state.commands.get(_commands_key(p), [])


async def delete_my_commands(api, p: Params) -> bool:
    """Implements deleteMyCommands."""
    api.state.commands.pop(_commands_key(p), None)
    return True


async def answer_callback_query(api, p: Params) -> bool:
    """Implements answerCallbackQuery: once per query, recorded on the query and its message."""
    query = api.state.queries.get(p.str("callback_query_id") or "")
    if query is None or query["answer"] is not None:
        raise bad_request(QUERY_TOO_OLD)
    answer = {"callback_query_id": query["id"], "text": p.str("text"),
              "show_alert": p.bool("show_alert"), "url": p.str("url"),
              "cache_time": p.int("cache_time", 0)}
    query["answer"] = answer
    record = query.get("record")
    if record is not None:
        record.answers.append(answer)
        record.seq = api.state.bump()
    return True


def _forum(api, p: Params) -> Chat:
    chat = api.state.chat(p.chat_id())
    if not chat.data.get("is_forum"):
        raise bad_request("the chat is not a forum")
    return chat


def _topic(api, p: Params) -> tuple[Chat, dict]:
    chat = _forum(api, p)
    topic = chat.topics.get(p.int("message_thread_id", 0))
    if topic is None:
        raise bad_request("TOPIC_ID_INVALID")
    return chat, topic


def _service(api, chat: Chat, thread: int | None, fields: dict) -> None:
    """Posts a forum service message from the bot (no update: bots don't see their own)."""
    if thread:
        fields.update(message_thread_id=thread, is_topic_message=True)
    api.state.new_message(chat, api.state.bot_user, fields, from_bot=True)


async def create_forum_topic(api, p: Params) -> dict:
    """Implements createForumTopic: the thread id is the "topic created" message's id."""
    chat = _forum(api, p)
    name = (p.str("name") or "").strip()
    if not 1 <= len(name) <= 128:
        raise bad_request("TOPIC_TITLE_EMPTY" if not name else "TOPIC_TITLE_INVALID")
    icon = p.int("icon_color", DEFAULT_ICON)
    created = {"name": name, "icon_color": icon}
    emoji = p.str("icon_custom_emoji_id")
    if emoji:
        created["icon_custom_emoji_id"] = emoji
    record = api.state.new_message(chat, api.state.bot_user, {"forum_topic_created": created},
                                   from_bot=True)
    thread = record.message_id
    record.message.update(message_thread_id=thread, is_topic_message=True)
    chat.topics[thread] = {"message_thread_id": thread, **created, "closed": False}
    return {"message_thread_id": thread, **created}


async def edit_forum_topic(api, p: Params) -> bool:
    """Implements editForumTopic."""
    chat, topic = _topic(api, p)
    edited = {}
    if p.has("name"):
        edited["name"] = topic["name"] = p.str("name")
    if p.has("icon_custom_emoji_id"):
        edited["icon_custom_emoji_id"] = topic["icon_custom_emoji_id"] = p.str(
            "icon_custom_emoji_id")
    if not edited:
        raise bad_request("TOPIC_NOT_MODIFIED")
    _service(api, chat, topic["message_thread_id"], {"forum_topic_edited": edited})
    return True


async def close_forum_topic(api, p: Params) -> bool:
    """Implements closeForumTopic."""
    return _set_closed(api, p, True)


async def reopen_forum_topic(api, p: Params) -> bool:
    """Implements reopenForumTopic."""
    return _set_closed(api, p, False)


def _set_closed(api, p: Params, closed: bool) -> bool:
    chat, topic = _topic(api, p)
    if topic["closed"] == closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic["closed"] = closed
    kind = "forum_topic_closed" if closed else "forum_topic_reopened"
    _service(api, chat, topic["message_thread_id"], {kind: {}})
    return True


async def delete_forum_topic(api, p: Params) -> bool:
    """Implements deleteForumTopic: the topic and every message in it go."""
    chat, topic = _topic(api, p)
    thread = topic["message_thread_id"]
    del chat.topics[thread]
    for record in chat.messages.values():
        if record.message.get("message_thread_id") == thread:
            record.deleted = True
    api.state.bump()
    return True
