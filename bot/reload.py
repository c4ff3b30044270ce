"""Reloads what another process (or an operator) announced as changed: the NLU model.

``frontdoor nlu reload`` (after ``frontdoor nlu train``) or an accepted
``frontdoor nlu train --from-tickets`` raises the ``nlu`` version in the database; every
running process sees it within ``RELOAD_EVERY`` seconds, loads the model in a worker thread
(updates are handled meanwhile with the old one) and swaps it in. The model is the serving
one of the database (``domain.learning.serving``: the shipped data plus the labelled tickets
of the newest accepted training), so every process loads the same one; ``prime`` loads it
at start, before the first update.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.events import wake_or_timeout
from bot.services import Services
from domain import learning, runtime
from nlu.types import NLUEngine
from storage.errors import is_transient

logger = logging.getLogger(__name__)


class Reloader:
    """Watches the versions; ``loaded`` counts the reloads this process did."""

    def __init__(self, services: Services,
                 build: Callable[[learning.Serving | None], NLUEngine], *,
                 every: float = runtime.RELOAD_EVERY) -> None:
        self.services, self.build, self.every = services, build, every
        self.version: int | None = None
        self.loaded = 0
        self.model_id: int | None = None  # the serving model of the database, if any

    async def prime(self) -> None:
        """At start: the version seen, and the database's serving model when there is one."""
        self.version = await runtime.version(self.services.uow_factory, runtime.NLU)
        serving = await learning.serving(self.services.uow_factory)
        if serving is not None:
            self.services.nlu = await asyncio.to_thread(self.build, serving)
            self.model_id = serving.id
            logger.info("reload: serving NLU model %d (%d tickets)", serving.id,
                        len(serving.rows))

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
        serving = await learning.serving(self.services.uow_factory)
        engine = await asyncio.to_thread(self.build, serving)
        self.services.nlu = engine
        self.version, self.model_id = current, serving.id if serving else None
        self.loaded += 1
        logger.info("reload: NLU model %s loaded (version %d)", type(engine).__name__, current)
        return True
