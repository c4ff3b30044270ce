"""A real Rasa server for the tests in this folder: built, trained and served once.

The environment and the model are cached outside the repository (see ``nlu/rasa``), so
only the first run on a machine pays for them. These tests never skip: when Rasa cannot be
built or started they fail and say why.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nlu.rasa import runtime

EPOCHS = int(os.environ.get("FRONTDOOR_RASA_TEST_EPOCHS", "10"))


class RasaServer:
    """One ``rasa run`` process that a test may stop and start again on the same port."""

    def __init__(self, model: Path, port: int, token: str) -> None:
        self.model, self.port, self.token = model, port, token
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = runtime.serve(self.model, self.port, self.token)

    def stop(self) -> None:
        if self.process is not None:
            runtime.stop(self.process)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@pytest.fixture(scope="session")
def rasa_model() -> Path:
    """The small test model trained from ``nlu/`` (``FRONTDOOR_RASA_TEST_EPOCHS`` epochs)."""
    try:
        runtime.ensure_venv()
        return runtime.train(runtime.NLU_DIR, epochs=EPOCHS)
    except (runtime.RasaSetupError, OSError) as exc:
        pytest.fail(f"tests/rasa need a real Rasa (they never skip) and it could not be "
                    f"built: {exc}. Try: frontdoor nlu rasa setup", pytrace=False)


@pytest.fixture(scope="session")
def rasa_server(rasa_model: Path) -> Iterator[RasaServer]:
    """A running server on a free loopback port with a random token."""
    server = RasaServer(rasa_model, runtime.free_port(), secrets.token_urlsafe(16))
    try:
        server.start()
    except runtime.RasaSetupError as exc:
        pytest.fail(f"the Rasa server did not start: {exc}", pytrace=False)
    yield server
    server.stop()
