"""Which text of a notice a resident reads: their language, Chinese when it is missing."""

from __future__ import annotations

from typing import Protocol


class Texts(Protocol):
    """Anything with a Chinese text and an optional English one (a Notice row)."""

    text_zh: str
    text_en: str | None


def language_for(notice: Texts, language: str | None) -> str:
    """The language the resident reads the notice in: ``en`` when asked and present, else zh."""
    return "en" if language == "en" and (notice.text_en or "").strip() else "zh"


def text_for(notice: Texts, language: str | None) -> str:
    """The notice in ``language``; Chinese first, and the fallback when English is empty."""
    return notice.text_en if language_for(notice, language) == "en" else notice.text_zh
