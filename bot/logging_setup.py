"""Logging for the process: one format, no personal data, quiet HTTP libraries."""

from __future__ import annotations

import logging


def setup_logging(level: str = "INFO") -> None:
    """Configures the root logger once."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request URL, which contains the bot token: keep it quiet.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
