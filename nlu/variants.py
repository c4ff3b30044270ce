"""Typos, variants and northern dialect words mapped to the words the classifier learnt.

Residents type with a pinyin keyboard and speak Beijing Chinese: 电悌 for 电梯 (same
sound), 暖器 for 暖气, 跑水/冒水 for a leak, "电梯不走了" or "趴窝了" for a broken lift.
:func:`standardize` rewrites those into their standard form before the embedded engine
featurises a message, both when it trains and when it parses (``features.prepare``).

Character-level folding (traditional → simplified, full-width → ASCII, lower case) is done
first by :func:`nlu.entities.normalize.normalize`, which keeps the text's length for entity
offsets. This step is for the classifier only and may change the length (不走了 → 坏了);
entities are never extracted from its output.

``VARIANTS`` is the table, ``(variant, standard)``, matched on the normalised text, longest
variant first. Its :func:`fingerprint` is part of the model cache key, so a cached model is
retrained when the table changes. Add an entry only when the variant has no other common
meaning in a resident's message.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

VARIANTS: tuple[tuple[str, str], ...] = (
    # same-sound characters picked by the pinyin keyboard
    ("电悌", "电梯"),
    ("电锑", "电梯"),
    ("电踢", "电梯"),
    ("暖器", "暖气"),
    ("暖汽", "暖气"),
    ("煤汽", "煤气"),
    ("燃汽", "燃气"),
    ("下水到", "下水道"),
    ("下水倒", "下水道"),
    ("堵赛", "堵塞"),
    ("楼到灯", "楼道灯"),
    # Beijing and northern speech for a leak
    ("跑水", "漏水"),
    ("冒水", "漏水"),
    # a lift (or anything) that "does not go" or "lies down" is broken
    ("不走了", "坏了"),
    ("趴窝", "坏了"),
    # a drain that is "held in" is blocked
    ("憋了", "堵了"),
    ("憋住了", "堵住了"),
)


@lru_cache(maxsize=4)
def _pattern(table: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    mapping = dict(table)
    variants = sorted(mapping, key=lambda v: (-len(v), v))
    return re.compile("|".join(map(re.escape, variants))), mapping


def standardize(text: str) -> str:
    """``text`` (already normalised) with every variant of ``VARIANTS`` in standard form."""
    if not VARIANTS:
        return text
    pattern, mapping = _pattern(VARIANTS)
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def fingerprint() -> bytes:
    """A digest of the table, for the model cache key."""
    joined = "\n".join(f"{v}\t{s}" for v, s in VARIANTS)
    return hashlib.sha256(joined.encode()).digest()
