"""Chinese numerals (三, 十二, 二十三, 一百零二, 两, 五零二) and Arabic digits to ``int``."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
CN_NUM = "[零〇一二两三四五六七八九十百千]"


def to_int(token: str) -> int | None:
    """The value of a numeral written in digits or Chinese; ``None`` if it is not one."""
    token = token.strip()
    if not token:
        return None
    if token.isdigit():
        return int(token)
    if any(c not in DIGITS and c not in UNITS for c in token):
        return None
    if not any(c in UNITS for c in token):
        return int("".join(str(DIGITS[c]) for c in token))
    total, current = 0, 0
    for char in token:
        if char in DIGITS:
            current = DIGITS[char]
        else:
            total += (current or 1) * UNITS[char]
            current = 0
    return total + current
