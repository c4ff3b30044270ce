"""Readable renderings: category names, addresses, durations, the read-back card."""

from __future__ import annotations

from datetime import timedelta

from domain.intake import clarify
from domain.intake.draft import Draft
from handlers.texts import text
from nlu.categories import display_name


def category_name(path: str | None, lang: str) -> str:
    """A category for people: ``城乡建设 · 冬季采暖``."""
    return display_name(path, lang) if path else text(lang, "card_none")


def address(draft: Draft) -> str | None:
    """``5号楼2单元301`` from the parts, or None."""
    if not draft.building:
        return None
    parts = [f"{draft.building}号楼"]
    parts += [f"{draft.unit}单元"] if draft.unit else []
    parts += [draft.room] if draft.room else []
    return "".join(parts)


def place(draft: Draft, lang: str) -> str:
    """Where, as the card shows it."""
    if found := address(draft) or draft.place_text:
        return found
    return text(lang, "card_location") if draft.latitude is not None else text(lang, "card_none")


def duration(delta: timedelta, lang: str) -> str:
    """``30分钟``, ``2小时``, ``7天``."""
    minutes = round(delta.total_seconds() / 60)
    if minutes < 60:
        return text(lang, "dur_minutes", n=minutes)
    if minutes < 48 * 60:
        return text(lang, "dur_hours", n=round(minutes / 60))
    return text(lang, "dur_days", n=round(minutes / 1440))


def clarify_answer(draft: Draft, lang: str) -> str:
    """The clarifying answer in brackets, or nothing."""
    question = clarify.question_for(draft.category)
    answer = draft.clarification.get(question.id) if question else None
    if not answer:
        return ""
    label = answer if answer not in question.options else text(
        lang, f"clarify_{question.id}_{answer}")
    return text(lang, "card_clarify", answer=label)


def card(draft: Draft, lang: str) -> str:
    """The read-back card with every field."""
    none = text(lang, "card_none")
    return text(
        lang, "card", description=draft.description, clarify=clarify_answer(draft, lang),
        category=category_name(draft.category, lang), place=place(draft, lang),
        phone=draft.phone or none, when=draft.visit_window or none,
        urgency=text(lang, f"urgency_{draft.urgency or 'normal'}"), photos=len(draft.photos),
    )
