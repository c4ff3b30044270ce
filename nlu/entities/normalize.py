"""Length-preserving text normalisation shared by the extractors and the classifier.

Every character maps to exactly one character, so an offset in the normalised text is an
offset in what the resident typed: full-width forms become ASCII (１３８ → 138, ： → :),
traditional characters become simplified (樓 → 楼), Latin letters become lower case.
"""

from __future__ import annotations

import unicodedata

from nlu.entities.hanzi import TRAD_TO_SIMP


class _CharMap(dict):
    """A ``str.translate`` table that works each character out once, on demand."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        out = TRAD_TO_SIMP.get(char)
        if out is None:
            nfkc = unicodedata.normalize("NFKC", char)
            out = nfkc if len(nfkc) == 1 else char
            low = out.lower()
            out = low if len(low) == 1 else out
        self[code] = out
        return out


_MAP = _CharMap()


def normalize(text: str) -> str:
    """The normalised text, exactly as long as ``text``."""
    return text.translate(_MAP)
