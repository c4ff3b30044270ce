"""Chinese mobile numbers (138 1234 5678, +86-138-1234-5678) and landlines (010-12345678).

A local eight-digit number without an area code counts as a landline only right after
电话/座机/固话 (``座机62345678``); its value then has no area code.
"""

from __future__ import annotations

import re

from nlu.entities.spans import Span

_SEP = r"[ \-]?"
MOBILE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)?86[ \-]?|\(\+?86\)[ ]?)?"
    rf"(1[3-9]\d){_SEP}(\d{{4}}){_SEP}(\d{{4}})(?!\d)"
)
LANDLINE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)86[ \-]?)?"
    r"(?:\((010|02\d|0[3-9]\d\d)\)[ ]?|(010|02\d|0[3-9]\d\d)[ \-]?)"
    r"([1-9]\d{2,3})[ \-]?(\d{4})(?!\d)"
)

LOCAL = re.compile(r"(?:电话|座机|固话)(?:号码?)?(?:是|为)?[:：]?\s?([2-8]\d{7})(?!\d)")


def find_phones(text: str) -> list[Span]:
    """Mobile and landline numbers in normalised text, with canonical values."""
    spans = [
        Span("phone", m.start(), m.end(), "".join(m.groups()))
        for m in MOBILE.finditer(text)
    ]
    for m in LANDLINE.finditer(text):
        area = m.group(1) or m.group(2)
        spans.append(Span("landline", m.start(), m.end(), f"{area}-{m.group(3)}{m.group(4)}"))
    spans += [Span("landline", m.start(1), m.end(1), m.group(1)) for m in LOCAL.finditer(text)]
    return spans
