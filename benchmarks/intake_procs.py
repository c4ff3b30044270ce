"""The pieces ``benchmarks.intake`` runs around the residents: bot processes and databases."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from storage.migrate import upgrade_async

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH-token"
STAFF_CHAT_ID = -1001000000001
WEBHOOK_SECRET = "bench-webhook-secret"
_TICKS = os.sysconf("SC_CLK_TCK")


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (for the bot processes)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


class BotProcess:
    """A bot in a child process (``python -m <module> ...``) that prints ``ready`` once polling.

    Args:
        module: ``benchmarks.intake_bot`` or ``benchmarks.echo_bot``.
        args: Its command-line arguments.
    """

    def __init__(self, module: str, args: list[str]) -> None:
        self.command = [sys.executable, "-m", module, *args]
        self.proc: asyncio.subprocess.Process | None = None

    async def __aenter__(self) -> BotProcess:
        self.proc = await asyncio.create_subprocess_exec(
            *self.command, cwd=ROOT, stdout=asyncio.subprocess.PIPE)
        try:
            line = await asyncio.wait_for(self.proc.stdout.readline(), timeout=120)
        except TimeoutError:
            line = b""
        if line.strip() != b"ready":
            await self._end()
            raise RuntimeError(f"{' '.join(self.command[2:4])} did not start: {line!r}")
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._end()

    async def _end(self) -> None:
        if self.proc is None or self.proc.returncode is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.proc.wait(), timeout=30)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()

    def cpu_seconds(self) -> float:
        """User + system CPU time of the child so far (Linux ``/proc``)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS


@contextlib.asynccontextmanager
async def database(backend: str, postgres_url: str) -> AsyncIterator[str]:
    """A fresh, migrated database URL, gone afterwards.

    Args:
        backend: ``sqlite`` (a file in a temporary folder) or ``postgres`` (a throwaway
            database created on ``postgres_url``'s server and dropped with FORCE).
        postgres_url: Any ``postgresql+asyncpg://`` URL on the server to use.
    """
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="fd-bench-") as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
            await upgrade_async(url)
            yield url
        return
    server = make_url(postgres_url)
    name = f"fd_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(
        server.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = server.set(database=name).render_as_string(hide_password=False)
            await upgrade_async(url)
            yield url
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
