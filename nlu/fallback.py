"""One engine in front of two: the primary (Rasa) while it works, the fallback otherwise."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from nlu.rasa_client import RasaError
from nlu.types import NLUEngine, ParseResult

log = logging.getLogger(__name__)


class FallbackEngine:
    """Asks ``primary``; when it fails, answers with ``fallback`` and retries later.

    The switch and the recovery are each logged once (never the message text). While the
    primary is down, it is tried again at most once per ``cooldown`` seconds; every other
    message goes straight to the fallback, so a dead server costs no latency.

    Args:
        primary: the preferred engine (a :class:`nlu.rasa_client.RasaEngine`).
        fallback: the engine that always answers (the embedded one).
        cooldown: seconds between attempts to use a failed primary again.
        clock: monotonic clock, replaceable in tests.
    """

    def __init__(self, primary: NLUEngine, fallback: NLUEngine, *, cooldown: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.primary = primary
        self.fallback = fallback
        self.cooldown = cooldown
        self.name = f"{primary.name}+{fallback.name}"
        self._clock = clock
        self._retry_at: float | None = None  # set while the primary is considered down

    @property
    def primary_down(self) -> bool:
        """True while answers come from the fallback."""
        return self._retry_at is not None

    async def parse(self, text: str) -> ParseResult:
        """Parses with the primary if it is up (or due a retry), else with the fallback."""
        if self._retry_at is None or self._clock() >= self._retry_at:
            try:
                result = await self.primary.parse(text)
            except Exception as exc:  # noqa: BLE001 - any failure of the primary means fall back
                self._down(exc)
            else:
                self._up()
                return result
        result = await self.fallback.parse(text)
        return replace(result, extras={**result.extras, "primary_down": self.primary.name})

    def _down(self, exc: Exception) -> None:
        """Notes a failure; logs it only on the switch from up to down."""
        if self._retry_at is None:
            log.warning("NLU engine %s failed (%s); answering with %s, retrying every %.0fs",
                        self.primary.name, _describe(exc), self.fallback.name, self.cooldown)
        self._retry_at = self._clock() + self.cooldown

    def _up(self) -> None:
        """Notes a success; logs it only on the switch from down to up."""
        if self._retry_at is not None:
            log.info("NLU engine %s is back; %s no longer needed",
                        self.primary.name, self.fallback.name)
            self._retry_at = None


def _describe(exc: Exception) -> str:
    """A log-safe description: our own messages carry no resident text, others only a type."""
    if isinstance(exc, RasaError):
        return f"{type(exc).__name__}: {exc}"
    return type(exc).__name__
