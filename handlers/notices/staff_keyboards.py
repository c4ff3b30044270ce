"""The staff /notice flow's keyboards. Callback data: ``nx:<verb>:<notice id>[:<arg>]``."""

from __future__ import annotations

from telegram import InlineKeyboardButton as Button
from telegram import InlineKeyboardMarkup

from domain.notices import broadcast as bc
from domain.notices.templates import TEMPLATES
from domain.notices.topics import KEYS
from handlers.texts import text

AUDIENCES = ("all", "place", "cat")


def _one(label: str, data: str) -> list[Button]:
    return [Button(label, callback_data=data)]


def start(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """Write a notice, or pick a template; or drop the draft."""
    rows = [_one(text(lang, "nx_btn_write"), f"nx:write:{notice_id}")]
    rows += [_one(text(lang, f"nx_tpl_{t.key}"), f"nx:tpl:{notice_id}:{t.key}") for t in TEMPLATES]
    rows.append(_one(text(lang, "nx_btn_drop"), f"nx:drop:{notice_id}"))
    return InlineKeyboardMarkup(rows)


def skip_english(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """No English text: Chinese only."""
    return InlineKeyboardMarkup([_one(text(lang, "nx_btn_skip_en"), f"nx:skip:{notice_id}")])


def topics(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """One button per notice topic, two a row."""
    buttons = [Button(text(lang, f"topic_{k}"), callback_data=f"nx:topic:{notice_id}:{k}")
               for k in KEYS]
    return InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def audience(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """Everyone subscribed; buildings or units; residents who reported a category."""
    return InlineKeyboardMarkup([_one(text(lang, f"nx_btn_aud_{k}"), f"nx:aud:{notice_id}:{k}")
                                 for k in AUDIENCES])


def emergency(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """Ordinary (waits for quiet hours to end) or an emergency."""
    return InlineKeyboardMarkup([[
        Button(text(lang, "nx_btn_ordinary"), callback_data=f"nx:emg:{notice_id}:0"),
        Button(text(lang, "nx_btn_emergency"), callback_data=f"nx:emg:{notice_id}:1")]])


def preview(lang: str, notice_id: int) -> InlineKeyboardMarkup:
    """A supervisor's choices: send now, at a time; anyone may change or drop the draft."""
    return InlineKeyboardMarkup([
        [Button(text(lang, "nx_btn_now"), callback_data=f"nx:now:{notice_id}"),
         Button(text(lang, "nx_btn_at"), callback_data=f"nx:at:{notice_id}")],
        [Button(text(lang, "nx_btn_edit"), callback_data=f"nx:edit:{notice_id}"),
         Button(text(lang, "nx_btn_drop"), callback_data=f"nx:drop:{notice_id}")]])


def edits(lang: str, notice_id: int, slots: tuple[str, ...]) -> InlineKeyboardMarkup:
    """What to change: a text, a template's time or place; or back to the preview."""
    shown = ("zh", "en", *slots)
    buttons = [Button(text(lang, f"nx_btn_edit_{k}"), callback_data=f"nx:ed:{notice_id}:{k}")
               for k in shown]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append(_one(text(lang, "nx_btn_back"), f"nx:show:{notice_id}"))
    return InlineKeyboardMarkup(rows)


def control(lang: str, notice_id: int, status: str,
            held: bool = False) -> InlineKeyboardMarkup | None:
    """Pause or resume, and cancel, for the state the notice is in; none once it ended.

    ``held``: it waits for quiet hours to end, and "send now anyway" is offered too.
    """
    row = []
    if status == bc.RUNNING:
        row.append(Button(text(lang, "nx_btn_pause"), callback_data=f"nx:pause:{notice_id}"))
    if status == bc.PAUSED:
        row.append(Button(text(lang, "nx_btn_resume"), callback_data=f"nx:resume:{notice_id}"))
    if status in (bc.RUNNING, bc.PAUSED, bc.SCHEDULED, bc.APPROVED):
        row.append(Button(text(lang, "nx_btn_cancel"), callback_data=f"nx:cancel:{notice_id}"))
    rows = [row] if row else []
    if held and row:
        rows.append(_one(text(lang, "nx_btn_anyway"), f"nx:anyway:{notice_id}"))
    return InlineKeyboardMarkup(rows) if rows else None
