"""Notice topics as data: the keys residents subscribe to, and who gets each by default.

Names live in the text catalogues (``topic_<key>``); this module knows only the keys.

Defaults for a resident who never opened /notices: every topic about a service they
depend on or their safety is on; ``festivals`` (activities and holiday greetings) is off.
It is the least actionable topic and the one most likely to feel like spam, and a
resident annoyed by spam blocks the bot, which loses the water-cut notice too. Fireworks
bans before the Spring Festival are a safety notice and go out under ``fire_safety``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One notice topic: its key and whether it is on for a resident who never chose."""

    key: str
    default_on: bool = True


TOPICS: tuple[Topic, ...] = (
    Topic("heating"),
    Topic("water"),
    Topic("drainage"),  # drainage and flooding (汛期, 七下八上)
    Topic("power"),
    Topic("lifts"),
    Topic("fire_safety"),
    Topic("snow_ice"),
    Topic("catkins"),  # 杨柳飞絮: allergies and a fire risk in spring
    Topic("festivals", default_on=False),
    Topic("works"),  # building works, roads, pipes
)
KEYS: tuple[str, ...] = tuple(t.key for t in TOPICS)
_BY_KEY = {t.key: t for t in TOPICS}


def is_topic(key: str) -> bool:
    """True for a known topic key (callback data is user input: check it)."""
    return key in _BY_KEY


def default_on(key: str) -> bool:
    """Whether ``key`` is on for a resident who never changed it."""
    return _BY_KEY[key].default_on
