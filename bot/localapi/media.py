"""Photos and files: sendPhoto, getFile, the download route, and generated images."""

from __future__ import annotations

import secrets
import struct
import zlib

from bot.localapi.errors import bad_request
from bot.localapi.markup import check_markup, parse_text
from bot.localapi.messages import deliver, prepare, throttle
from bot.localapi.params import Params, Upload
from bot.localapi.state import State, StoredFile


def make_png(width: int = 64, height: int = 64, rgb: tuple[int, int, int] = (46, 134, 222)
             ) -> bytes:
    """A solid-colour PNG, made without any imaging library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (a square guess for anything else)."""
    if data.startswith(b"\x89PNG") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data.startswith(b"\xff\xd8"):
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                break
            marker, size = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[i + 5:i + 9])
                return width, height
            i += 2 + size
    return 320, 320


def photo_sizes(stored: StoredFile) -> list[dict]:
    """The PhotoSize list Telegram would give for a stored image (one size here)."""
    width, height = image_size(stored.content)
    return [{"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
             "width": width, "height": height, "file_size": len(stored.content)}]


def store_photo(state: State, data: bytes) -> StoredFile:
    """Stores image bytes as a photo file."""
    ext = "png" if data.startswith(b"\x89PNG") else "jpg"
    return state.add_file(data, "photos", ext, f"image/{'png' if ext == 'png' else 'jpeg'}")


def _photo_file(state: State, value: Upload | str | None) -> StoredFile:
    if isinstance(value, Upload):
        if not value.data:
            raise bad_request("file must be non-empty")
        return store_photo(state, value.data)
    if not value:
        raise bad_request("there is no photo in the request")
    if value in state.files:
        return state.files[value]
    if value.startswith(("http://", "https://")):
        return state.add_file(b"", "photos", "jpg", "image/jpeg")
    raise bad_request("wrong file identifier/HTTP URL specified")


async def send_photo(api, p: Params) -> dict:
    """Implements sendPhoto: an uploaded file, a known file_id, or a URL (not fetched)."""
    def photo() -> dict:
        return {"photo": photo_sizes(_photo_file(api.state, p.file("photo"))),
                "has_media_spoiler": True if p.bool("has_spoiler") else None}
    return await _send_captioned(api, p, photo)


async def send_media_group(api, p: Params) -> list:
    """Implements sendMediaGroup for photos (known file ids): 2 to 10 shown as one album.

    Each photo is a message of its own with the same ``media_group_id`` and counts against
    the rate limits as one (so an album of 3 is 3 of a group's 20 a minute).
    """
    chat, thread, reply = prepare(api, p)
    media = p.json("media")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media specified: 2 to 10 are allowed")
    photos = []
    for item in media:
        if not isinstance(item, dict) or item.get("type") != "photo":
            raise bad_request("only photos are supported in this media group")
        caption, entities = parse_text(item.get("caption"), item.get("parse_mode"),
                                       item.get("caption_entities"), api.limits.max_caption,
                                       caption=True)
        photos.append((_photo_file(api.state, item.get("media")), caption, entities))
    for _ in photos:
        throttle(api, chat)
    group = str(secrets.randbelow(10**18))
    sent = []
    for stored, caption, entities in photos:
        fields = {"photo": photo_sizes(stored), "media_group_id": group,
                  "caption": caption or None, "caption_entities": entities or None}
        sent.append(deliver(api, chat, fields, thread, reply, None, p).message)
    return sent


async def send_document(api, p: Params) -> dict:
    """Implements sendDocument: an uploaded file (kept, with its name) or a known file_id."""
    def document() -> dict:
        value = p.file("document")
        if isinstance(value, Upload):
            if not value.data:
                raise bad_request("file must be non-empty")
            stored = api.state.add_file(value.data, "documents", "bin",
                                        "application/octet-stream")
            name = value.filename or "file"
        elif value and value in api.state.files:
            stored, name = api.state.files[value], "file"
        else:
            raise bad_request("there is no document in the request")
        return {"document": {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                             "file_name": name, "file_size": len(stored.content)}}
    return await _send_captioned(api, p, document)


async def _send_captioned(api, p: Params, media) -> dict:
    """What media with a caption share: the chat, caption and markup checks, then delivery.

    ``media()`` checks and stores the file and returns its message fields.
    """
    chat, thread, reply = prepare(api, p)
    caption, entities = parse_text(p.str("caption"), p.str("parse_mode"),
                                   p.json("caption_entities"), api.limits.max_caption,
                                   caption=True)
    markup = check_markup(p.json("reply_markup"), api.limits)
    fields = media()
    throttle(api, chat)
    fields.update(caption=caption or None, caption_entities=entities or None)
    record = deliver(api, chat, fields, thread, reply, markup, p)
    record.raw_text, record.parse_mode = p.str("caption"), p.str("parse_mode")
    return record.message


async def get_file(api, p: Params) -> dict:
    """Implements getFile: the path to download from ``/file/bot<token>/<file_path>``."""
    stored = api.state.files.get(p.str("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content), "file_path": stored.file_path}


def find_by_path(state: State, path: str) -> StoredFile | None:
    """The stored file with that ``file_path``."""
    return next((f for f in state.files.values() if f.file_path == path), None)
