"""Ready-made notices as data: a staff member picks one instead of writing from scratch.

Each template suggests a topic and carries both texts; the staff member still picks the
topic, the audience and whether it is an emergency, and a supervisor still approves it.

A template's **slots** — its time (``when``) and its place (``place``) — start at their
defaults (``明日 9:00–17:00``, ``本小区``) and can be changed before approval (``refill``):
the draft's texts are matched against the template with the slots as blanks, so a slot can
be changed again and again, until someone rewrites the whole text by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SLOTS = ("when", "place")
"""What a template leaves to fill: its time and its place."""


@dataclass(frozen=True)
class Template:
    """One ready-made notice: its key, suggested topic, texts with slots, slot defaults."""

    key: str
    topic: str
    pattern_zh: str
    pattern_en: str
    defaults: dict[str, tuple[str, str]]  # slot -> (Chinese, English) default

    @property
    def text_zh(self) -> str:
        """The Chinese text with its default time and place."""
        return self.pattern_zh.format(**{k: v[0] for k, v in self.defaults.items()})

    @property
    def text_en(self) -> str:
        """The English text with its default time and place."""
        return self.pattern_en.format(**{k: v[1] for k, v in self.defaults.items()})


TEMPLATES: tuple[Template, ...] = (
    Template("water_cut", "water",
             "【停水通知】因管线维修，{place}将于{when} 停水，请提前储水。"
             "如有困难请回复本消息报事。",
             "[Water cut] Because of pipe repairs, water will be off {when} in {place}. "
             "Please store some water in advance. Need help? Report it below.",
             {"when": ("明日 9:00–17:00", "tomorrow from 9:00 to 17:00"),
              "place": ("本小区", "our community")}),
    Template("heating_check", "heating",
             "【供暖入户检查】{when}，工作人员将入户检查暖气阀门和管道，请家中留人。"
             "暖气不热、漏水请及时报事。",
             "[Heating check] {when}, staff will check radiators and pipes at home; "
             "please make sure someone is in. Report cold radiators or leaks.",
             {"when": ("供暖季前", "Before the heating season")}),
    Template("lift_maintenance", "lifts",
             "【电梯维保】{place}电梯将于{when}进行例行维护保养，期间暂停使用，请走楼梯并注意安全。",
             "[Lift maintenance] The lift in {place} is out of service {when} "
             "for routine maintenance. Please use the stairs and take care.",
             {"when": ("明日上午", "tomorrow morning"), "place": ("本楼", "this building")}),
)
_BY_KEY = {t.key: t for t in TEMPLATES}
MAX_SLOT = 60


def template(key: str) -> Template | None:
    """The template with this key, or None (callback data is user input: check it)."""
    return _BY_KEY.get(key)


def slots_of(pattern: str, text: str) -> dict[str, str] | None:
    """The slot values that turn ``pattern`` into ``text``, or None if it does not."""
    parts = re.split(r"\{(\w+)\}", pattern)
    regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                    for i, p in enumerate(parts))
    found = re.fullmatch(regex, text, re.DOTALL)
    return found.groupdict() if found else None


def refill(text_zh: str, text_en: str | None, slot: str, value_zh: str,
           value_en: str | None) -> tuple[str, str | None] | None:
    """Both texts with one slot changed, or None when no template's texts match them.

    ``value_en`` None keeps the Chinese value in the English text too (the member can
    still rewrite the English text). An English text that no longer matches is kept.
    """
    if slot not in SLOTS:
        return None
    for chosen in TEMPLATES:
        values = slots_of(chosen.pattern_zh, text_zh)
        if values is None or slot not in values:
            continue
        new_zh = chosen.pattern_zh.format(**{**values, slot: value_zh})
        values_en = slots_of(chosen.pattern_en, text_en) if text_en else None
        new_en = text_en if values_en is None else chosen.pattern_en.format(
            **{**values_en, slot: value_en or value_zh})
        return new_zh, new_en
    return None


def slots_in(text_zh: str) -> tuple[str, ...]:
    """The slots (time, place) a Chinese text still has as a template's; () if none."""
    for chosen in TEMPLATES:
        values = slots_of(chosen.pattern_zh, text_zh)
        if values is not None:
            return tuple(s for s in SLOTS if s in values)
    return ()


def slot_value(text_zh: str, slot: str) -> str | None:
    """The current time or place of a template's Chinese text, or None."""
    for chosen in TEMPLATES:
        values = slots_of(chosen.pattern_zh, text_zh)
        if values is not None and slot in values:
            return values[slot]
    return None


def split_value(value: str) -> tuple[str, str | None]:
    """``12月9日 8:00–12:00 | Dec 9, 8:00–12:00``: the Chinese and the optional English."""
    zh, _, en = value.partition("|")
    return zh.strip()[:MAX_SLOT], (en.strip()[:MAX_SLOT] or None)
