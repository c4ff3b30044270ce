"""What the handlers get from the composition root: settings, a unit of work, the NLU."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.settings import Settings
from domain.learning import Serving
from nlu.embedded import EmbeddedEngine
from nlu.fallback import FallbackEngine
from nlu.rasa_client import RasaEngine
from nlu.types import NLUEngine
from storage.db import make_engine, make_session_factory
from storage.uow import SqlUnitOfWork, one_transaction

RESERVED_CONNECTIONS = 4  # the outbox's sender, the receiver, scheduled jobs, the reloader


@dataclass
class Services:
    """Everything long-lived a handler may need, built once at start."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker
    nlu: NLUEngine
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def update_concurrency(self) -> int:
        """How many updates to handle at once: within the connections, less a few spare."""
        if self.settings.uses_sqlite:
            return 256  # one writer at a time anyway; waiting costs no connection
        connections = self.settings.database_pool_size + self.settings.database_max_overflow
        return max(1, connections - RESERVED_CONNECTIONS)

    def uow_factory(self) -> SqlUnitOfWork:
        """A fresh unit of work."""
        return SqlUnitOfWork(self.session_factory)

    def transaction(self):
        """One transaction that the units of work of this task join until it commits."""
        return one_transaction(self.session_factory)

    def outbox_written(self) -> None:
        """Wakes the outbox's sender (when this process runs one)."""
        sender = self.extras.get("outbox_sender")
        if sender is not None:
            sender.poke()

    async def close(self) -> None:
        """Releases the database connections and the Rasa client."""
        primary = getattr(self.nlu, "primary", None)
        if isinstance(primary, RasaEngine):
            await primary.aclose()
        await self.engine.dispose()


def build_services(settings: Settings) -> Services:
    """Connects to the database (the schema is upgraded elsewhere) and loads the NLU once."""
    pool = {} if settings.uses_sqlite else {
        "pool_size": settings.database_pool_size, "max_overflow": settings.database_max_overflow}
    engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver, **pool)
    return Services(settings=settings, engine=engine,
                    session_factory=make_session_factory(engine), nlu=build_nlu(settings))


def build_nlu(settings: Settings, serving: Serving | None = None) -> NLUEngine:
    """The embedded engine; in front of it Rasa when FRONTDOOR_RASA_URL is set.

    ``serving`` is the database's serving model (``domain.learning.serving``): the labelled
    tickets it adds to the shipped data; without it the shipped data (and the history file).
    """
    history = Path(settings.nlu_history) if settings.nlu_history else None
    embedded = EmbeddedEngine.load(cache_dir=Path(settings.nlu_cache_dir), history=history,
                                   tz=settings.tz, rows=serving.rows if serving else None)
    embedded.learn_types(serving.typed if serving else [])
    if not settings.rasa_url:
        return embedded
    rasa = RasaEngine(settings.rasa_url, settings.rasa_token, timeout=settings.rasa_timeout,
                      tz=settings.tz)
    return FallbackEngine(rasa, embedded)
