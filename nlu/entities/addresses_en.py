"""Building, unit and room in the forms English-speaking residents type.

``building 6 unit 1 room 402``, ``Bldg 6, Rm 402``, ``Building 6, Unit 1, 402``,
``No. 5 building``, ``flat 402, block 6``, ``Yard 3, Building 2``, ``building six``,
``15th floor``. Parts come in any order, separated by spaces, commas or "of"/"in"; a bare
three- or four-digit number right after a building or unit is the room. The value is the
same dict the Chinese forms give: ``yard``, ``building``, ``unit``, ``floor``, ``room``.
Runs on normalised (lower-case, half-width) text.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span

KEYS = ("yard", "building", "unit", "floor", "room")
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth".split(), start=1)}

_B = r"(?<![a-z0-9])"  # a word starts here
_E = r"(?![a-z0-9])"  # a word ends here
_WORD_NUM = "|".join(sorted(WORDS, key=len, reverse=True))
_NUM = rf"(?:\d{{1,4}}|{_WORD_NUM}){_E}"
_NO = r"\.?\s*(?:(?:no\.?|number|#)\s*)?"  # "building 6", "bldg. 6", "block no. 6", "unit #2"
_ORD = "|".join(ORDINALS)
PART = re.compile(
    rf"{_B}(?:"
    rf"(?:yard|compound|courtyard){_NO}(?P<yard>{_NUM})"
    rf"|(?:building|bldg|bld|block|blk|tower){_NO}(?P<building>{_NUM})"
    rf"|no\.?\s*(?P<building_no>\d{{1,3}})\s+building{_E}"
    rf"|(?:unit|entrance){_NO}(?P<unit>{_NUM})"
    rf"|(?P<floor>\d{{1,2}})(?:st|nd|rd|th)\s+floor{_E}|(?P<floor_word>{_ORD})\s+floor{_E}"
    rf"|floor{_NO}(?P<floor_no>\d{{1,2}}){_E}"
    rf"|(?:room|rm|flat|apt|apartment|suite){_NO}(?P<room>\d{{1,4}}){_E}"
    r")"
)
_JOIN = re.compile(r"\s*(?:[,;:/\-–]\s*|\s(?:of|in)\s+)?\s*")
_BARE_ROOM = re.compile(r"\s*[,/\-]?\s*(\d{3,4})(?![\d:.a-z])")


def _value(m: re.Match[str]) -> tuple[str, str]:
    """The part a match names and its value as a string of digits."""
    kind, token = next((k, v) for k, v in m.groupdict().items() if v)
    if kind == "floor_word":
        return "floor", str(ORDINALS[token])
    key = kind.split("_")[0]
    return key, str(WORDS[token] if token in WORDS else int(token))


def find_english_addresses(text: str) -> list[Span]:
    """Address spans written in English, in normalised text."""
    spans: list[Span] = []
    parts: dict[str, str] = {}
    start = end = 0
    for m in PART.finditer(text):
        key, value = _value(m)
        joined = parts and _JOIN.fullmatch(text, end, m.start()) and key not in parts
        if not joined:
            if parts:
                spans.append(_finish(text, start, end, parts))
            parts, start = {}, m.start()
        parts[key] = value
        end = m.end()
    if parts:
        spans.append(_finish(text, start, end, parts))
    return spans


def _finish(text: str, start: int, end: int, parts: dict[str, str]) -> Span:
    """The span of collected parts, taking a bare room number that follows them."""
    if "room" not in parts and ("building" in parts or "unit" in parts):
        bare = _BARE_ROOM.match(text, end)
        if bare:
            parts["room"], end = str(int(bare.group(1))), bare.end()
    return Span("address", start, end, {k: parts[k] for k in KEYS if k in parts})
