"""Checks keyboards and texts the bot sends, the way Telegram refuses bad ones."""

from __future__ import annotations

from bot.localapi.errors import bad_request
from bot.localapi.formatting import parse, utf16_len
from bot.localapi.limits import Limits
from bot.localapi.state import Chat

INLINE_ACTIONS = ("callback_data", "url", "switch_inline_query",
                  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                  "login_url", "web_app", "callback_game", "pay", "copy_text")


def check_markup(markup: dict | None, limits: Limits) -> dict | None:
    """Validates ``reply_markup``; returns the normalised markup (or None)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {"inline_keyboard": [[_inline_button(b, limits) for b in row]
                                    for row in _rows(markup["inline_keyboard"])]}
    if "keyboard" in markup:
        rows = [[b if isinstance(b, dict) else {"text": str(b)} for b in row]
                for row in _rows(markup["keyboard"])]
        if any(not button.get("text") for row in rows for button in row):
            raise bad_request("can't parse keyboard button: Text must be non-empty")
        return {**markup, "keyboard": rows}
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def inline_part(markup: dict | None) -> dict | None:
    """The markup as it appears in the Message object: inline keyboards only, never empty."""
    if markup and markup.get("inline_keyboard") and any(markup["inline_keyboard"]):
        return markup
    return None


def apply_to_chat(chat: Chat, markup: dict | None) -> None:
    """Shows or removes the chat's reply keyboard as a client would."""
    if not markup:
        return
    if "keyboard" in markup:
        chat.reply_keyboard = markup
    elif markup.get("remove_keyboard"):
        chat.reply_keyboard = None


def _rows(rows) -> list[list]:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    return rows


def _inline_button(button, limits: Limits) -> dict:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    actions = [key for key in INLINE_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(str(data).encode())
        if not isinstance(data, str) or size == 0 or size > limits.max_callback_data:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")
    return button


def parse_text(text: str | None, parse_mode: str | None, entities, limit: int,
               caption: bool = False) -> tuple[str, list[dict]]:
    """Parses a text or caption and checks it is non-empty (texts) and not too long."""
    plain, parsed = parse(text or "", parse_mode)
    if entities:
        parsed = entities
    if not caption and not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return plain, parsed
