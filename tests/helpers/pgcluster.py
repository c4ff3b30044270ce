"""A PostgreSQL cluster of a test's own, to stop and start (never the shared server on 5432).

Uses the installed PostgreSQL 15's ``initdb`` and ``pg_ctl``, as the ``postgres`` user when
the tests run as root (initdb refuses root), on a free port, with its data in a temporary
folder that is removed afterwards.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One throwaway cluster: ``start()``, ``stop()``, ``url``; trust auth on 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.port = folder, _free_port()
        self.data, self.log = folder / "data", folder / "server.log"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        """Creates the cluster (no fsync: it is thrown away)."""
        self._run(str(BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")

    def start(self) -> None:
        """Starts the server and waits until it accepts connections."""
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o",
                  options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stops the server (``immediate`` is a crash, as ``kill -9`` of the postmaster)."""
        self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        """An asyncpg URL for SQLAlchemy."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"


@contextlib.contextmanager
def own_cluster() -> Iterator[Cluster]:
    """A started cluster, stopped and deleted afterwards."""
    if not (BIN / "initdb").exists():
        raise RuntimeError(f"PostgreSQL 15 is not installed ({BIN}/initdb missing)")
    folder = Path(tempfile.mkdtemp(prefix="fd-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(Exception):
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
