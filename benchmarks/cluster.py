"""Several bot processes behind HAProxy, on this machine: for the scale-out tests and bench.

``Cluster`` starts HAProxy with the repository's own ``deploy/haproxy.cfg`` (its servers and
bind address from the environment) and N bot processes (``benchmarks.intake_bot`` in webhook
mode, each on its own port) against a local Bot API that posts updates to the balancer.
Servers of the config that are not started point at a closed port: HAProxy's health check
marks them down. Each process logs to ``logs/bot-<i>.log``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
from pathlib import Path

from benchmarks.intake_procs import ROOT

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
CONFIG = ROOT / "deploy" / "haproxy.cfg"
MAX_PROCESSES = 3  # servers in deploy/haproxy.cfg


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _port_open(port: int, timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        with contextlib.suppress(OSError):
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return True
        await asyncio.sleep(0.05)
    return False


class Cluster:
    """HAProxy and ``n`` bot processes; ``kill(i)``, ``start_bot(i)``, ``stop_bot(i)``."""

    def __init__(self, *, base_url: str, base_file_url: str, db_url: str, n: int, logs: Path,
                 bot_args: list[str] | None = None, env: dict[str, str] | None = None) -> None:
        if not 1 <= n <= MAX_PROCESSES:
            raise ValueError(f"1 to {MAX_PROCESSES} processes (servers in {CONFIG.name})")
        self.base_url, self.base_file_url, self.db_url, self.n = base_url, base_file_url, db_url, n
        self.logs, self.bot_args, self.env = logs, list(bot_args or []), dict(env or {})
        self.lb_port = free_port()
        self.ports = [free_port() for _ in range(MAX_PROCESSES)]
        self.bots: list[asyncio.subprocess.Process | None] = [None] * n
        self.balancer: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        """Where the Bot API posts updates: the balancer."""
        return f"http://127.0.0.1:{self.lb_port}/telegram"

    async def __aenter__(self) -> Cluster:
        self.logs.mkdir(parents=True, exist_ok=True)
        await self._start_balancer()
        try:
            await asyncio.gather(*(self.start_bot(i) for i in range(self.n)))
        except BaseException:
            await self.close()
            raise
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _start_balancer(self) -> None:
        dead = free_port()  # servers not started: a port nobody listens on
        env = {**os.environ, "FRONTDOOR_LB_BIND": f"127.0.0.1:{self.lb_port}",
               "FRONTDOOR_LB_HTTP_BIND": f"127.0.0.1:{free_port()}"}  # no HTTP servers here
        for i in range(MAX_PROCESSES):
            port = self.ports[i] if i < self.n else dead
            env[f"FRONTDOOR_BOT{i + 1}"] = f"127.0.0.1:{port}"
            env[f"FRONTDOOR_HTTP{i + 1}"] = f"127.0.0.1:{dead}"
        log = (self.logs / "haproxy.log").open("ab")
        self.balancer = await asyncio.create_subprocess_exec(
            HAPROXY, "-db", "-f", str(CONFIG), env=env, stdout=log, stderr=log)
        if not await _port_open(self.lb_port, 10):
            raise RuntimeError(f"haproxy did not start (see {self.logs / 'haproxy.log'})")

    async def start_bot(self, i: int) -> None:
        """Starts process ``i`` and waits until it takes updates."""
        args = ["--base-url", self.base_url, "--base-file-url", self.base_file_url,
                "--db", self.db_url, "--webhook-port", str(self.ports[i]),
                "--webhook-url", self.url, *self.bot_args]
        env = {**os.environ, **self.env}
        with (self.logs / f"bot-{i}.log").open("ab") as err:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "benchmarks.intake_bot", *args, cwd=ROOT, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=err)
        self.bots[i] = proc
        try:
            line = await asyncio.wait_for(proc.stdout.readline(), timeout=120)
        except TimeoutError:
            line = b""
        if line.strip() != b"ready":
            await self.kill(i)
            raise RuntimeError(f"bot {i} did not start ({line!r}; see {self.logs})")

    async def kill(self, i: int) -> None:
        """SIGKILL process ``i`` and wait for it to be gone."""
        proc = self.bots[i]
        if proc is not None and proc.returncode is None:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()

    async def stop_bot(self, i: int, timeout: float = 30.0) -> None:
        """SIGTERM process ``i`` (it finishes what it holds) and wait for it to end."""
        proc = self.bots[i]
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except TimeoutError:
            await self.kill(i)

    def pid(self, i: int) -> int:
        """Process ``i``'s pid."""
        return self.bots[i].pid

    async def close(self) -> None:
        """Stops every bot, then the balancer."""
        await asyncio.gather(*(self.stop_bot(i) for i in range(self.n)))
        if self.balancer is not None and self.balancer.returncode is None:
            self.balancer.terminate()
            await self.balancer.wait()
