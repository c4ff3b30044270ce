"""Reloads what another process (or an operator) announced as changed: the NLU model.

``frontdoor nlu reload`` (after ``frontdoor nlu train``) raises the ``nlu`` version in the
database; every running process sees it within ``RELOAD_EVERY`` seconds, loads the model
in a worker thread (updates are handled meanwhile with the old one) and swaps it in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.events import wake_or_timeout
from bot.services import Services
from domain import runtime
from nlu.types import NLUEngine
from storage.errors import is_transient

logger = logging.getLogger(__name__)


class Reloader:
    """Watches the versions; ``loaded`` counts the reloads this process did."""

    def __init__(self, services: Services, build: Callable[[], NLUEngine], *,
                 every: float = runtime.RELOAD_EVERY) -> None:
        self.services, self.build, self.every = services, build, every
        self.version: int | None = None
        self.loaded = 0

    def describe(self) -> str:
        """What this process runs, for the health check: ``nlu=<version> reloads=<n>``."""
        return f"nlu={self.version if self.version is not None else '-'} reloads={self.loaded}"

    async def run(self, stop: asyncio.Event) -> None:
        """Looks every ``every`` seconds until ``stop``."""
        never = asyncio.Event()
        while not stop.is_set():
            try:
                await self.check()
            except Exception as error:
                if not is_transient(error):
                    logger.exception("reload: the model could not be reloaded; kept the old one")
            await wake_or_timeout(never, stop, self.every)

    async def check(self) -> bool:
        """Reloads when the version changed since the last look; True if it did."""
        current = await runtime.version(self.services.uow_factory, runtime.NLU)
        if self.version is None or current == self.version:
            self.version = current
            return False
        engine = await asyncio.to_thread(self.build)
        self.services.nlu = engine
        self.version = current
        self.loaded += 1
        logger.info("reload: NLU model %s loaded (version %d)", type(engine).__name__, current)
        return True
