"""User-facing text: one catalogue per language, Chinese first, English second."""

from __future__ import annotations

from handlers.texts import en, zh

CATALOGUES: dict[str, dict[str, str]] = {"zh": zh.TEXTS, "en": en.TEXTS}
LANGUAGES = ("zh", "en")


def text(lang: str, key: str, **values: object) -> str:
    """Returns the text for ``key`` in ``lang``, falling back to Chinese."""
    catalogue = CATALOGUES.get(lang, zh.TEXTS)
    template = catalogue.get(key) or zh.TEXTS[key]
    return template.format(**values) if values else template


def pick_language(language_code: str | None, default: str = "zh") -> str:
    """Chooses zh or en from a Telegram user's language code."""
    if not language_code:
        return default
    code = language_code.lower()
    if code.startswith("en"):
        return "en"
    if code.startswith("zh"):
        return "zh"
    return default
