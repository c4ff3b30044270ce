"""Emergencies: what opens a ticket at once, with safety advice, instead of the form.

The rule table (``levels.py``) decides. The classifier's "emergency" intent alone counts
only for a message of some length at the start of a report: a single word ("急") typed at
a step never skips the read-back card.
"""

from __future__ import annotations

from domain.intake.levels import EMERGENCY, Assessment, assess, mentions

MIN_CLASSIFIED = 4  # characters a message needs before the classifier alone may say emergency


def emergency_of(text: str, intent: str | None = None, *, context: str = "",
                 at_start: bool = True) -> Assessment | None:
    """The emergency assessment of a message (``context``: the draft so far), or None."""
    found = assess(f"{context}\n{text}" if context else text)
    if found.is_emergency:
        return found
    if mentions(text, EMERGENCY):  # its words are there, but negated: "没有煤气味"
        return None
    if intent == "emergency" and at_start and len((text or "").strip()) >= MIN_CLASSIFIED:
        return Assessment(EMERGENCY, ())
    return None


def is_emergency(text: str, intent: str | None = None) -> bool:
    """True when the message is an emergency (see ``emergency_of``)."""
    return emergency_of(text, intent) is not None
