"""What staff may read of a resident's own words: numbers masked, invisible tricks removed.

``for_staff`` is the one function every path that shows a resident's free text to staff
calls (cards, relayed messages, survey comments, exclusion reasons in reports). The stored
record keeps the words as written; the full contact reaches the claimer and supervisors
only in private (``domain.staff.views.contact_of``).
"""

from __future__ import annotations

import re
import unicodedata

_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
_KEEP = {"\n", "\t"}
_SEP = r"[ \-\u00a0\u3000]?"
_ID_CARD = re.compile(r"(?<![0-9])[1-9](?:" + _SEP + r"[0-9]){16}" + _SEP + r"[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86" + _SEP + r")?1" + _SEP + r"[3-9](?:" + _SEP
                     + r"[0-9]){9}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}" + _SEP + r"[2-9](?:" + _SEP
                       + r"[0-9]){6,7}(?![0-9])")
_SAID_NUMBER = re.compile(r"(?:电话|手机|座机|号码|tel|phone|call)[:：\s]*([0-9](?:" + _SEP
                          + r"[0-9]){6,7})(?![0-9])", re.IGNORECASE)


def clean(text: str) -> str:
    """Removes escape sequences, control characters and direction overrides (U+202E …)."""
    text = _ANSI.sub("", text)
    return "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch)[0] != "C")


def mask_numbers(text: str) -> str:
    """Masks mobile, landline and ID-card numbers, full-width digits and spaces included.

    ``电话１３８ ０１１１ ２２２２`` -> ``电话138****2222``; an ID card keeps its first three
    and last two characters. Ticket codes, dates and times are left alone.
    """
    plain = text.translate(_FULL_WIDTH)  # same length: positions match the original
    spans: list[tuple[int, int, str]] = []
    for pattern, keep in ((_ID_CARD, (3, 2)), (_MOBILE, (3, 4)), (_LANDLINE, (3, 4))):
        for m in pattern.finditer(plain):
            if not _overlaps(spans, m.start(), m.end()):
                spans.append((m.start(), m.end(), _masked(m.group(), *keep)))
    for m in _SAID_NUMBER.finditer(plain):
        if not _overlaps(spans, m.start(1), m.end(1)):
            spans.append((m.start(1), m.end(1), _masked(m.group(1), 0, 2)))
    for start, end, masked in sorted(spans, reverse=True):
        text = text[:start] + masked + text[end:]
    return text


def for_staff(text: str | None) -> str | None:
    """A resident's words as staff may see them (None stays None)."""
    if text is None:
        return None
    return mask_numbers(clean(text))


def _masked(found: str, head: int, tail: int) -> str:
    chars = [c for c in found if c.isalnum()]
    if len(chars) == 13 and chars[:3] == ["8", "6", "1"]:  # +86 before a mobile number
        chars = chars[2:]
    hidden = max(len(chars) - head - tail, 1)
    return "".join(chars[:head]) + "*" * hidden + "".join(chars[len(chars) - tail:])


def _overlaps(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e, _ in spans)
