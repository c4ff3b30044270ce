"""Readable renderings: category names, addresses, durations, the read-back card."""

from __future__ import annotations

from datetime import timedelta

from domain.intake import clarify
from domain.intake.draft import Draft
from domain.intake.levels import Assessment
from domain.sla import sla_for
from domain.staff.views import flat_of
from handlers.keyboards import NUMBERS
from handlers.texts import text
from nlu.categories import display_name
from nlu.problem_types import load_problem_types


def category_name(path: str | None, lang: str) -> str:
    """A category for people: ``城乡建设 · 冬季采暖``."""
    return display_name(path, lang) if path else text(lang, "card_none")


def type_name(type_id: str | None, lang: str) -> str | None:
    """A problem type's plain name (``暖气不热``), or None for no or an unknown type."""
    types = load_problem_types()
    return types.get(type_id).name(lang) if type_id in types.ids() else None


def choice_names(draft: Draft, lang: str) -> list[str]:
    """The names of what the category question offers: types, else categories."""
    names = [type_name(t, lang) for t in draft.type_choices]
    if draft.type_choices and all(names):
        return names
    return [category_name(path, lang) for path in draft.alternatives]


def problem_name(category: str | None, type_id: str | None, lang: str) -> str:
    """What the problem is, for the resident: the type's name, else the category's."""
    return type_name(type_id, lang) or category_name(category, lang)


def address(draft: Draft) -> str | None:
    """``5号楼2单元301`` from the parts, or None."""
    if not draft.building:
        return None
    return flat_of(draft.building, draft.unit, draft.room_or_floor(), draft.place_text)


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
        hours = round(minutes / 60)
        return text(lang, "dur_hour" if hours == 1 else "dur_hours", n=hours)
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


def level_line(assessment: Assessment, category: str | None, lang: str) -> str:
    """``比较急（水管爆裂）｜2小时内联系您，1天内处理好``."""
    reasons = text(lang, "list_sep").join(text(lang, f"rule_{r}") for r in assessment.rules)
    sla = sla_for(category, assessment.level)
    return text(lang, "card_level", level=text(lang, f"urgency_{assessment.level}"),
                why=text(lang, "card_why", reasons=reasons) if reasons else "",
                respond=duration(sla.respond, lang), resolve=duration(sla.resolve, lang))


def contact(draft: Draft, lang: str) -> str:
    """The phone, "answer me in this chat", or a dash."""
    if draft.no_phone:
        return text(lang, "card_no_phone")
    return draft.phone or text(lang, "card_none")


def card(draft: Draft, lang: str) -> str:
    """The read-back card with every field; several problems are listed one by one."""
    none = text(lang, "card_none")
    shared = dict(place=place(draft, lang), phone=contact(draft, lang),
                  when=draft.visit_window or none, photos=len(draft.photos))
    if not draft.extras:
        return text(lang, "card", description=draft.description,
                    clarify=clarify_answer(draft, lang),
                    category=problem_name(draft.category, draft.problem_type, lang),
                    level=level_line(draft.assessment(), draft.category, lang), **shared)
    items = [text(lang, "card_problem", n=NUMBERS[0], description=draft.description,
                  category=problem_name(draft.category, draft.problem_type, lang)
                  + clarify_answer(draft, lang),
                  level=level_line(draft.assessment(), draft.category, lang))]
    items += [text(lang, "card_problem", n=NUMBERS[i + 1], description=extra["description"],
                   category=problem_name(extra.get("category"), extra.get("problem_type"), lang),
                   level=level_line(draft.extra_assessment(i), extra.get("category"), lang))
              for i, extra in enumerate(draft.extras)]
    return text(lang, "card_several", n=len(items), problems="\n".join(items), **shared)


def advice(lang: str, rules: tuple[str, ...] | list[str], *, emergency: bool) -> str:
    """The safety advice of the rules that fired, under the level's heading."""
    lines = [text(lang, f"advice_{rule}") for rule in dict.fromkeys(rules)]
    if emergency:
        return "\n".join([text(lang, "emergency_header"), *lines,
                          text(lang, "emergency_numbers" if lines else "emergency_advice")])
    return "\n".join([text(lang, "urgent_header"), *lines])
