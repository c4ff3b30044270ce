"""Reading a resident's message right: which place, which visit time, a correction, no phone.

Pure functions over the text and the entities the NLU found (``nlu.types.Entity``):
- a full building/unit/room beats a floor or a partial mention, whatever the order, and
  a floor is kept as a floor;
- a visit time is taken outside the time question only from an explicit visit phrase
  ("明天上午来", "下午三点以后都在家"), and always whole ("十点以后");
- a correction ("不对，是8号楼3单元", "不是灯 是电梯坏了") names the field it changes;
- "没电话，微信联系我" is a valid answer to the phone question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ADDRESS_KEYS = ("yard", "building", "unit", "room")
# After a time, words that make it the visit time ("明天上午来", "三点以后都在家").
_VISIT_AFTER = re.compile(
    r"^\s?(?:以后|之后|以前|之前|前|后|左右|吧|都|也|再|就|请|麻烦|的话|过后|开始|全天|一天|整天|"
    r"上午|下午|晚上)*\s?"
    r"(?:来|上门|过来|来人|来修|来看|维修|修|在家|有人|方便|都行|可以|有空|能来)")
_VISIT_BEFORE = re.compile(r"(?:请|麻烦|希望|最好|能不能|可以|师傅|上门时间|你们)\s?$")
_TAIL = re.compile(r"[^，,。.!！？?；;\n]{0,16}")
CORRECTION = re.compile(r"不对|不是|错了|说错|写错|打错|改成|改为|改一下|更正|应该是|其实是|"
                        r"\bnot\b|\bwrong\b|\bactually\b|\bi meant\b|\bcorrection\b", re.I)
_DESCRIPTION_FIX = re.compile(r"(?:不是|不对)[^，,。 ]{0,12}?[，,。\s]*(?:而)?是(?P<fix>.{2,})"
                              r"|(?:说错了|写错了|应该是|其实是)[，,\s]*是?(?P<fix2>.{2,})")
NO_PHONE = re.compile(
    r"没(?:有)?(?:电话|手机|号码)|不(?:想|方便|愿意|用)?留(?:电话|手机|号码|了)?|不给(?:电话|号码)|"
    r"(?:微信|这里|这儿|聊天|机器人|telegram|tg|消息)(?:里|上)?(?:联系|找|说|回复)|"
    r"不(?:要|用)打(?:电话)?|no phone|don't have a phone|no number|(?:contact|reach) me here|"
    r"in (?:the|this) chat|rather not", re.I)


@dataclass(frozen=True)
class Place:
    """The address parts a message gives (None when it gives none) and a floor."""

    parts: dict[str, str] | None
    floor: str | None


def _entity(e: Any, kind: str) -> bool:
    return e.type == kind and bool(e.normalized)


def best_place(entities) -> Place:
    """The fullest address of the message (the later one on a tie), and any floor."""
    found = [e.normalized for e in entities if _entity(e, "address")]
    full = [a for a in found if a.get("building")]
    partial = [a for a in found if not a.get("building") and any(a.get(k) for k in ("unit",
                                                                                      "room"))]
    pool = full or partial
    best = max(reversed(pool), key=lambda a: sum(bool(a.get(k)) for k in ADDRESS_KEYS)) \
        if pool else None
    parts = {k: str(best[k]) for k in ADDRESS_KEYS if best and best.get(k)} or None
    floors = [a["floor"] for a in found if a.get("floor")]
    floor = (best or {}).get("floor") or (floors[-1] if floors else None)
    return Place(parts, str(floor) if floor else None)


def visit_time(text: str, entities, now: datetime | None = None) -> str | None:
    """A visit time said explicitly outside the time question, in the resident's words."""
    for e in entities:
        if e.type != "datetime":
            continue
        after, before = text[e.end:], text[:e.start]
        if not (_VISIT_AFTER.match(after) or _VISIT_BEFORE.search(before)):
            continue
        if now is not None and _in_the_past(e.normalized, now):
            continue
        return whole_time(text, e)
    return None


def whole_time(text: str, entity) -> str:
    """The time as said, its qualifier kept: "明儿上午十点以后", "下午三点以后都在家"."""
    tail = _TAIL.match(text, entity.end).group(0)
    return (text[entity.start:entity.end] + tail).strip()[:60]


def _in_the_past(value: Any, now: datetime) -> bool:
    try:
        start = datetime.fromisoformat(str((value or {}).get("start")))
    except (TypeError, ValueError):
        return False
    return start.date() < now.date()


def is_correction(text: str) -> bool:
    """True when the message corrects something said before."""
    return bool(CORRECTION.search(text or ""))


def corrected_problem(text: str) -> str | None:
    """The right problem in "不是灯 是电梯坏了" ("电梯坏了"), or None."""
    found = _DESCRIPTION_FIX.search(text or "")
    if not found:
        return None
    fix = (found.group("fix") or found.group("fix2") or "").strip(" ，,。")
    return fix if len(fix) >= 2 else None


def no_phone(text: str) -> bool:
    """True for "没电话", "不留了", "微信联系我就行", "contact me here"."""
    return bool(NO_PHONE.search(text or ""))


_SEPARATORS = " \t\n,，。.;；:：!！、~～"
_LEAD_INS = re.compile(r"(?:(?:我们|俺们|俺|我)?家?(?:住在|住|在|是)"
                       r"|(?:我的)?(?:电话|手机|号码)(?:是|号)?"
                       r"|\b(?:(?:i|we) live (?:in|at)|i'm in|we're in|in|at)"
                       r"|\b(?:my )?(?:phone|mobile|tel|number)(?: number)?(?: is)?)$",
                       re.IGNORECASE)


def without_entities(text: str, entities) -> str:
    """The words around the address, phone and time spans: "对的 五号院3号楼" → "对的"."""
    kept, at = [], 0
    for e in sorted(entities, key=lambda e: e.start):
        if e.start >= at:
            kept.append(text[at:e.start])
            at = e.end
    kept.append(text[at:])
    parts = [_LEAD_INS.sub("", part.strip(_SEPARATORS)).strip(_SEPARATORS) for part in kept]
    return " ".join(part for part in parts if part)


def completes(parts: dict[str, str], unit: str | None, room: str | None) -> bool:
    """True if a unit or room alone fills what an address lacks without changing any part."""
    given = {"unit": unit, "room": room}
    said = {k: v for k, v in parts.items() if k in given}
    return bool(said) and not parts.get("building") and all(given[k] is None for k in said)
