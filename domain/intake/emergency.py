"""Emergencies: gas, fire, smoke, someone trapped in a lift, flooding indoors."""

from __future__ import annotations

KEYWORDS = (
    "煤气味", "燃气味", "煤气泄漏", "燃气泄漏", "漏气", "着火", "起火", "失火", "火灾", "冒烟",
    "浓烟", "被困", "困在电梯", "关在电梯", "水漫", "淹了", "屋里进水", "家里进水",
    "gas leak", "smell gas", "smell of gas", "fire", "smoke", "trapped", "stuck in the lift",
    "stuck in the elevator", "flooding", "flooded",
)


def is_emergency(text: str, intent: str | None = None) -> bool:
    """True when the NLU says emergency or the text names one."""
    lowered = (text or "").lower()
    return intent == "emergency" or any(word in lowered for word in KEYWORDS)
