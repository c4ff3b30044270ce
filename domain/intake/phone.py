"""Phone numbers: validated and normalised, kept as entered too."""

from __future__ import annotations

import re

_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0(?:10|2\d))(\d{8})$|^(0[3-9]\d{2})(\d{7,8})$")
_LOCAL = re.compile(r"^[2-9]\d{7}$")


def normalize_phone(raw: str | None) -> str | None:
    """``13812345678``, ``010-12345678`` or an 8-digit local number; None if invalid."""
    digits = re.sub(r"[\s\-()（）.]", "", (raw or "").translate(_FULLWIDTH))
    digits = digits.removeprefix("0086").removeprefix("+")
    if match := _MOBILE.match(digits):
        return match.group(1)
    if match := _LANDLINE.match(digits):
        area, number = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
        return f"{area}-{number}"
    if _LOCAL.match(digits):
        return digits
    return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")
