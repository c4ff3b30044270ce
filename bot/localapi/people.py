"""What simulated people do: write, edit, share a contact or location, press buttons."""

from __future__ import annotations

import base64
import binascii
import re
import time

from bot.localapi.errors import bad_request
from bot.localapi.formatting import utf16_len
from bot.localapi.media import make_png, photo_sizes, store_photo
from bot.localapi.state import Chat, Record, State

COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?")
STAFF_ROLES = {"creator", "administrator", "member", "restricted", "left", "kicked"}
USER_FIELDS = ("first_name", "last_name", "username", "language_code")


def add_user(state: State, body: dict) -> dict:
    """Creates or updates a user from a control request; ``staff_role`` sets group status."""
    user_id = body.get("id") or body.get("user_id")
    if user_id is None:
        user_id = max([100000, *state.users]) + 1
    fields = {key: body.get(key) for key in USER_FIELDS}
    user = state.add_user(int(user_id), **fields)
    role = body.get("staff_role")
    if role is not None:
        if role not in STAFF_ROLES:
            raise bad_request(f"unknown staff_role {role}")
        state.staff_roles[user["id"]] = role
    return user_view(state, user["id"])


def user_view(state: State, user_id: int) -> dict:
    """A user with their staff role and blocked flag."""
    return {**state.user(user_id), "staff_role": state.staff_roles.get(user_id),
            "blocked": user_id in state.blocked}


def _sender(state: State, body: dict) -> dict:
    user_id = body.get("user_id")
    if user_id is None:
        raise bad_request("user_id is required")
    user_id = int(user_id)
    if user_id not in state.users or body.get("user"):
        state.add_user(user_id, **{k: (body.get("user") or {}).get(k) for k in USER_FIELDS})
    return state.users[user_id]


def _target(state: State, body: dict, user: dict) -> Chat:
    chat_id = body.get("chat_id")
    if chat_id in (None, "", "private"):
        return state.chats[user["id"]]
    chat_id = state.staff_chat_id if chat_id == "staff" else int(chat_id)
    chat = state.chat(chat_id)
    if chat.data["type"] == "private" and chat.id != user["id"]:
        raise bad_request("a user can only write in their own private chat")
    if chat.is_group and state.staff_roles.get(user["id"]) in (None, "left"):
        state.staff_roles[user["id"]] = "member"
    return chat


def _content(state: State, body: dict, user: dict) -> dict:
    if body.get("text") is not None:
        text = str(body["text"])
        fields: dict = {"text": text}
        match = COMMAND.match(text)
        if match:
            fields["entities"] = [{"type": "bot_command", "offset": 0,
                                   "length": utf16_len(match.group())}]
        return fields
    if body.get("contact"):
        contact = {"first_name": user["first_name"], "user_id": user["id"], **body["contact"]}
        if not contact.get("phone_number"):
            raise bad_request("contact.phone_number is required")
        return {"contact": contact}
    if body.get("location"):
        location = body["location"]
        return {"location": {"latitude": float(location["latitude"]),
                             "longitude": float(location["longitude"])}}
    caption = {"caption": body.get("caption")}
    if body.get("photo"):
        stored = store_photo(state, _bytes(body["photo"]) or make_png())
        return {"photo": photo_sizes(stored), **caption}
    if body.get("sticker"):
        sticker = body["sticker"] if isinstance(body["sticker"], dict) else {}
        stored = state.add_file(b"RIFF\x00\x00\x00\x00WEBP", "stickers", "webp", "image/webp")
        return {"sticker": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                            "type": "regular", "width": 512, "height": 512,
                            "is_animated": False, "is_video": False,
                            "emoji": sticker.get("emoji", "👍")}}
    if body.get("voice"):
        voice = body["voice"] if isinstance(body["voice"], dict) else {}
        stored = state.add_file(_bytes(voice) or b"OggS", "voice", "oga", "audio/ogg")
        return {"voice": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                          "duration": int(voice.get("duration", 3)), "mime_type": "audio/ogg",
                          "file_size": len(stored.content)}, **caption}
    if body.get("video"):
        video = body["video"] if isinstance(body["video"], dict) else {}
        stored = state.add_file(_bytes(video) or b"\x00\x00\x00\x18ftypmp42", "videos", "mp4",
                                "video/mp4")
        return {"video": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                          "width": 640, "height": 360, "duration": int(video.get("duration", 3)),
                          "mime_type": "video/mp4", "file_size": len(stored.content)},
                **caption}
    if body.get("document"):
        doc = body["document"] if isinstance(body["document"], dict) else {}
        mime = doc.get("mime_type", "application/octet-stream")
        stored = state.add_file(_bytes(doc) or b"document", "documents", "bin", mime)
        return {"document": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                             "file_name": doc.get("file_name", "file.bin"), "mime_type": mime,
                             "file_size": len(stored.content)}, **caption}
    raise bad_request("nothing to send: give text, contact, location, photo, sticker, "
                      "voice, video or document")


def _bytes(value) -> bytes | None:
    data = value.get("base64") if isinstance(value, dict) else None
    if not data:
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise bad_request("base64 is not valid") from exc


def _placement(state: State, chat: Chat, body: dict, user: dict) -> dict:
    fields: dict = {}
    reply = None
    if body.get("reply_to_message_id"):
        reply = state.message(chat, int(body["reply_to_message_id"]),
                              "message to be replied not found")
    thread = body.get("message_thread_id") or (reply and reply.message.get("message_thread_id"))
    if thread and chat.data.get("is_forum"):
        topic = chat.topics.get(int(thread))
        if topic is None:
            raise bad_request("message thread not found")
        if topic["closed"] and state.staff_roles.get(user["id"]) not in ("creator",
                                                                       "administrator"):
            raise bad_request("TOPIC_CLOSED")
        fields.update(message_thread_id=int(thread), is_topic_message=True)
        reply = reply or chat.messages.get(int(thread))
    if reply is not None:
        fields["reply_to_message"] = {k: v for k, v in reply.message.items()
                                      if k != "reply_to_message"}
    return fields


def send(state: State, body: dict) -> dict:
    """A user sends a message; returns it (as history shows it) and its update id."""
    user = _sender(state, body)
    chat = _target(state, body, user)
    fields = {**_placement(state, chat, body, user), **_content(state, body, user)}
    if body.get("media_group_id") and "photo" in fields:  # one of several sent at once
        fields["media_group_id"] = str(body["media_group_id"])
    if chat.id == user["id"]:
        state.blocked.discard(user["id"])  # writing to the bot again unblocks it
    record = state.new_message(chat, user, fields, from_bot=False)
    if chat.reply_keyboard and chat.reply_keyboard.get("one_time_keyboard"):
        chat.reply_keyboard = None
    update_id = state.enqueue("message", dict(record.message))
    return {"message": record.view(), "update_id": update_id}


def edit(state: State, body: dict) -> dict:
    """A user edits their text (or caption); the bot gets an ``edited_message`` update."""
    user = _sender(state, body)
    chat = _target(state, body, user)
    record = state.message(chat, int(body.get("message_id") or 0), "message to edit not found")
    if record.from_bot or record.message["from"]["id"] != user["id"]:
        raise bad_request("message can't be edited")
    key = "text" if "text" in record.message else "caption"
    new_value = body.get("text", body.get("caption"))
    if not new_value:
        raise bad_request("text is required")
    record.message[key] = str(new_value)
    if key == "text":
        record.message.pop("entities", None)
        record.message.update({k: v for k, v in _content(state, {"text": new_value}, user)
                               .items() if k == "entities"})
    record.message["edit_date"] = int(time.time())
    record.edited = True
    record.seq = record.edit_seq = state.bump()
    update_id = state.enqueue("edited_message", dict(record.message))
    return {"message": record.view(), "update_id": update_id}


def _find_button(record: Record, body: dict) -> dict | None:
    rows = (record.message.get("reply_markup") or {}).get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if "callback_data" in body and button.get("callback_data") == body["callback_data"]:
            return button
        if "text" in body and button.get("text") == body["text"]:
            return button
    return None


def press(state: State, body: dict) -> dict:
    """A user presses an inline button; the bot gets a ``callback_query`` update."""
    user = _sender(state, body)
    chat = _target(state, body, user)
    record = state.message(chat, int(body.get("message_id") or 0), "message not found")
    button = _find_button(record, body)
    if body.get("forge"):
        data = body.get("callback_data", button and button.get("callback_data"))
    elif button is None:
        raise bad_request("no such button on that message")
    else:
        data = button.get("callback_data")
    if data is None:
        raise bad_request("that button has no callback_data")
    query_id = state.new_query_id()
    query = {"id": query_id, "from": user, "chat_instance": str(abs(hash(chat.id)) % 10**18),
             "message": dict(record.message), "data": data}
    state.queries[query_id] = {"id": query_id, "answer": None, "record": record,
                               "user_id": user["id"]}
    update_id = state.enqueue("callback_query", query)
    return {"callback_query_id": query_id, "update_id": update_id, "seq": state.seq}
