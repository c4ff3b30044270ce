"""Building, unit and room in the forms residents type.

``5号院3号楼2单元502``, ``3栋2单元502室``, ``5-2-502``, ``3号楼``, ``二单元``, ``5号院``,
``1号楼1门101`` (Beijing's 门 for 单元), ``5号楼2-502``, ``6层``, and the building named
after the room (``1单元302 5号楼``, ``502室，8号楼``). English forms are read by
:mod:`nlu.entities.addresses_en`. The value is a dict with the parts found: ``yard``,
``building``, ``unit``, ``floor``, ``room`` (strings of digits, or a letter for ``A座``).
"""

from __future__ import annotations

import re

from nlu.entities.addresses_en import KEYS, find_english_addresses
from nlu.entities.numerals import to_int
from nlu.entities.spans import Span

NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百]{1,4})"
_GAP = r"[ ,，、]?"
_NOT_DOOR = r"(?![口卫前外内诊店面锁禁铃框窗])"
_NOT_FLOOR = r"(?![道下上梯房顶里外前后门栋盘市])"
_BETWEEN = re.compile(r"[ ,，、]*")
ADDRESS = re.compile(
    r"(?<![\d\-./a-z])"
    rf"(?:(?P<yard>{NUM})号院{_GAP})?"
    r"(?:"
    r"(?P<db>\d{1,3})-(?P<du>\d{1,2})-(?P<dr>\d{3,4})(?![\d\-])(?:室|号)?"
    r"|"
    rf"(?:(?P<building>{NUM}|[a-z])\s?(?P<bsfx>号楼|(?:栋|幢|座)(?![楼房])|号(?={NUM}\s?(?:单元|门))){_GAP})?"
    rf"(?:(?P<u2>\d{{1,2}})-(?P<r2>\d{{3,4}})(?![\d\-])(?:室|号)?"
    rf"|(?:(?P<unit>{NUM})\s?(?P<usfx>单元|门{_NOT_DOOR}){_GAP})?"
    rf"(?:(?P<floor>{NUM})\s?(?:层|楼{_NOT_FLOOR}))?"
    r"(?:(?P<room>\d{3,4}|[零〇一二三四五六七八九]{3,4}|\d{1,2}(?=\s?(?:室|房间)))(?!\d)"
    r"\s?(?P<rsfx>室|号|房间|户)?)?"
    r"))"
)


def _num(token: str | None) -> str | None:
    if token is None:
        return None
    value = to_int(token)
    return token.upper() if value is None else str(value)


def _lone_measure_word(g: dict[str, str | None]) -> bool:
    """True for ``一座``/``两栋`` standing alone: a measure word, not a building number."""
    if g["bsfx"] in (None, "号楼") or (g["building"] or "0")[0].isdigit():
        return False
    return not any(g[k] for k in ("yard", "unit", "u2", "floor", "room"))


def _parts(m: re.Match[str]) -> dict[str, str] | None:
    """The address parts of a match, or ``None`` when the match is not an address."""
    g = m.groupdict()
    if g["db"]:
        parts = {"yard": g["yard"], "building": g["db"], "unit": g["du"], "room": g["dr"]}
    else:
        parts = {"yard": g["yard"], "building": g["building"],
                 "unit": g["unit"] or g["u2"], "floor": g["floor"], "room": g["room"] or g["r2"]}
        if g["usfx"] == "门" and not g["building"]:
            return None
        if _lone_measure_word(g):
            return None
        others = [parts[k] for k in ("yard", "building", "unit", "floor")]
        if g["room"] and not any(others) and not g["rsfx"]:
            return None
        if g["room"] and not any(others) and g["rsfx"] in ("号", "户"):
            return None
    clean = {k: _num(v) for k, v in parts.items() if v}
    return clean or None


def find_addresses(text: str) -> list[Span]:
    """Building/unit/room spans in normalised text, Chinese and English forms."""
    spans = []
    for m in ADDRESS.finditer(text):
        if m.end() == m.start():
            continue
        parts = _parts(m)
        if parts:
            end = m.end()
            while end > m.start() and text[end - 1] in " ,，、":
                end -= 1
            spans.append(Span("address", m.start(), end, parts))
    return _building_after_room(text, spans) + find_english_addresses(text)


def _building_after_room(text: str, spans: list[Span]) -> list[Span]:
    """Joins ``1单元302`` and a ``5号楼`` right after it into one address."""
    out: list[Span] = []
    for span in spans:
        last = out[-1] if out else None
        if (last is not None and _BETWEEN.fullmatch(text, last.end, span.start)
                and not {"yard", "building"} & last.normalized.keys()
                and {"unit", "floor", "room"} & last.normalized.keys()
                and not {"unit", "floor", "room"} & span.normalized.keys()):
            parts = {**last.normalized, **span.normalized}
            out[-1] = Span("address", last.start, span.end,
                           {k: parts[k] for k in KEYS if k in parts})
        else:
            out.append(span)
    return out
