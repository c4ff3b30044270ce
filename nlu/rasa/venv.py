"""Rasa's own Python 3.10 virtual environment, built once and cached outside the repo.

Rasa 3.6 needs Python < 3.11 and pins libraries that clash with the bot's, so it lives in
an environment of its own under ``$FRONTDOOR_CACHE_DIR`` (default ``~/.cache/frontdoor``),
named by a hash of the Rasa requirement, ``constraints.txt`` and the interpreter version.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RASA_REQUIREMENT = "rasa[jieba]==3.6.21"
CONSTRAINTS = Path(__file__).with_name("constraints.txt")
_DONE = ".frontdoor-complete"


class RasaSetupError(RuntimeError):
    """Rasa's environment, training or server could not be brought up."""


def cache_dir() -> Path:
    """The cache root: ``$FRONTDOOR_CACHE_DIR`` or ``~/.cache/frontdoor``."""
    root = os.environ.get("FRONTDOOR_CACHE_DIR") or Path.home() / ".cache" / "frontdoor"
    return Path(root).expanduser()


def find_python() -> str:
    """A Python 3.10 interpreter: ``$FRONTDOOR_RASA_PYTHON``, pyenv or ``python3.10``."""
    explicit = os.environ.get("FRONTDOOR_RASA_PYTHON")
    if explicit:
        return explicit
    pyenv = sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.10.*/bin/python")))
    found = pyenv[-1] if pyenv else shutil.which("python3.10")
    if not found:
        raise RasaSetupError("Rasa needs Python 3.10: install it (pyenv install 3.10.13) "
                             "or set FRONTDOOR_RASA_PYTHON to its path")
    return found


def venv_dir(python: str | None = None) -> Path:
    """Where the environment for this Rasa version, constraints and Python lives."""
    python = python or find_python()
    probe = "import sys; print((3, 8) <= sys.version_info[:2] <= (3, 10)); print(sys.version)"
    try:
        ok, version = subprocess.run([python, "-c", probe], capture_output=True, text=True,
                                     check=True).stdout.strip().split("\n", 1)
    except (OSError, subprocess.CalledProcessError) as exc:
        raise RasaSetupError(f"cannot run the Python for Rasa ({python}): {exc}") from exc
    if ok != "True":
        raise RasaSetupError(f"Rasa 3.6 needs Python 3.8-3.10, {python} is {version.split()[0]}")
    key = digest([RASA_REQUIREMENT.encode(), CONSTRAINTS.read_bytes(), version.encode()])
    return cache_dir() / f"rasa-venv-{key}"


def venv_ready(venv: Path) -> bool:
    """True when ``venv`` was built completely (a crash mid-install leaves no mark)."""
    return (venv / _DONE).exists()


def rasa_bin(venv: Path) -> Path:
    """The ``rasa`` console script of an environment."""
    return venv / "bin" / "rasa"


def ensure_venv() -> Path:
    """Builds Rasa's environment once (under a lock) and returns its directory."""
    python = find_python()
    venv = venv_dir(python)
    if venv_ready(venv):
        return venv
    with locked(venv.with_name(venv.name + ".lock")):
        if venv_ready(venv):
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        started = time.monotonic()
        print(f"Building Rasa's environment in {venv} (several minutes, ~2.4 GB)...",
              flush=True)
        run_command([python, "-m", "venv", str(venv)])
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        run_command([*pip, "install", "--progress-bar", "off", "-c", str(CONSTRAINTS),
                     RASA_REQUIREMENT])
        run_command([str(rasa_bin(venv)), "--version"])
        (venv / _DONE).write_text(RASA_REQUIREMENT + "\n")
        print(f"Rasa's environment is ready ({time.monotonic() - started:.0f} s).", flush=True)
    return venv


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds an exclusive ``flock`` on ``path`` so parallel builds wait for each other."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rasa_env() -> dict[str, str]:
    """The environment for Rasa's processes: no telemetry, quieter TensorFlow."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def run_command(cmd: list[str], cwd: str | None = None,
                env: dict[str, str] | None = None) -> None:
    """Runs a command with its output on our stdout; raises :class:`RasaSetupError`."""
    sys.stdout.flush()
    result = subprocess.run(cmd, cwd=cwd or tempfile.gettempdir(), stdout=None,
                            stderr=subprocess.STDOUT, env=env)
    if result.returncode:
        raise RasaSetupError(f"command failed ({result.returncode}): {' '.join(cmd)}")


def digest(parts: list[bytes]) -> str:
    """A short hex digest of length-prefixed parts."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(len(part).to_bytes(8, "big") + part)
    return sha.hexdigest()[:16]
