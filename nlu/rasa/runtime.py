"""Training a Rasa model and serving it on loopback, from Rasa's own environment.

A model is cached as ``<cache>/rasa-models/nlu-<key>.tar.gz``, the key a hash of the
project's ``config.yml``, ``domain.yml``, ``data/**``, its problem types, the epoch override
and the Rasa version, with a ``.json`` sidecar recording how long it took to train.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx
import yaml

from nlu.rasa.project import training_inputs, write_project
from nlu.rasa.venv import (
    RASA_REQUIREMENT,
    RasaSetupError,
    cache_dir,
    digest,
    ensure_venv,
    locked,
    rasa_bin,
    rasa_env,
    run_command,
)

NLU_DIR = Path(__file__).resolve().parent.parent
KEEP_MODELS = 6

__all__ = ["NLU_DIR", "RasaSetupError", "cache_dir", "ensure_venv", "free_port", "model_key",
           "model_path", "prune_models", "serve", "stop", "train", "train_info", "wait_ready"]


def model_key(project_dir: Path, epochs: int | None = None) -> str:
    """A hash of ``config.yml``, ``domain.yml``, ``data/**``, the problem types and epochs."""
    project_dir = Path(project_dir)
    parts = [RASA_REQUIREMENT.encode(), str(epochs).encode()]
    for name in ("config.yml", "domain.yml"):
        parts += [name.encode(), (project_dir / name).read_bytes()]
    files = [p for p in sorted((project_dir / "data").rglob("*")) if p.is_file()]
    for path in [*files, *training_inputs(project_dir)]:
        parts += [str(path.relative_to(project_dir)).encode(), path.read_bytes()]
    return digest(parts)


def model_path(project_dir: Path, epochs: int | None = None) -> Path:
    """Where the model for this project and epoch override is (or will be) cached."""
    return cache_dir() / "rasa-models" / f"nlu-{model_key(project_dir, epochs)}.tar.gz"


def train(project_dir: Path = NLU_DIR, epochs: int | None = None) -> Path:
    """Trains an NLU model from a Rasa project, or returns the cached one.

    Args:
        project_dir: folder with ``config.yml``, ``domain.yml`` and ``data/``.
        epochs: if given, overrides ``epochs`` of every component that has one (a small,
            quick model for tests); the project's own ``config.yml`` is left untouched.

    Returns:
        The path of the ``.tar.gz`` model.
    """
    project_dir = Path(project_dir).resolve()
    model = model_path(project_dir, epochs)
    models, key = model.parent, model.name.removesuffix(".tar.gz")
    if model.exists():
        os.utime(model)  # mark as recently used for prune_models()
        return model
    venv = ensure_venv()
    models.mkdir(parents=True, exist_ok=True)
    with locked(models / f"{key}.lock"):
        if model.exists():
            return model
        with tempfile.TemporaryDirectory(prefix="rasa-train-") as tmp:
            project_dir = write_project(Path(tmp) / "project", project_dir)  # + the types
            config = _config_with_epochs(project_dir / "config.yml", epochs, Path(tmp))
            started = time.monotonic()
            print(f"Training the Rasa model from {project_dir} (epochs={epochs})...",
                  flush=True)
            run_command([str(rasa_bin(venv)), "train", "nlu", "--config", str(config),
                         "--domain", str(project_dir / "domain.yml"),
                         "--nlu", str(project_dir / "data"), "--out", tmp,
                         "--fixed-model-name", "model"], cwd=tmp, env=rasa_env())
            seconds = round(time.monotonic() - started, 1)
            info = {"train_seconds": seconds, "epochs": epochs}
            model.with_suffix("").with_suffix(".json").write_text(json.dumps(info))
            shutil.move(os.path.join(tmp, "model.tar.gz"), model.with_suffix(".part"))
            model.with_suffix(".part").rename(model)
            print(f"Trained in {seconds:.0f} s: {model}", flush=True)
    prune_models(keep=KEEP_MODELS)
    return model


def prune_models(keep: int = KEEP_MODELS) -> None:
    """Deletes all but the ``keep`` most recently used models (each is ~140 MB)."""
    models = sorted((cache_dir() / "rasa-models").glob("nlu-*.tar.gz"),
                    key=lambda p: p.stat().st_mtime, reverse=True)
    for old in models[keep:]:
        stem = old.name.removesuffix(".tar.gz")
        for path in (old, old.with_name(f"{stem}.json"), old.with_name(f"{stem}.lock")):
            path.unlink(missing_ok=True)


def serve(model: Path, port: int, token: str, timeout: float = 300.0,
          foreground: bool = False) -> subprocess.Popen:
    """Starts ``rasa run --enable-api`` on 127.0.0.1 and waits until it answers.

    Args:
        model: a trained model (``.tar.gz``).
        port: the loopback port to listen on.
        token: the auth token clients must send as ``?token=``.
        timeout: seconds to wait for the server to answer before giving up.
        foreground: let the server write to this terminal instead of a log file.

    Returns:
        The server process; end it with :func:`stop`.
    """
    venv = ensure_venv()
    # "--auth-token=…" in one piece: a random token may begin with "-", which argparse would
    # take for an option and stop the server ("expected one argument").
    cmd = [str(rasa_bin(venv)), "run", "--enable-api", f"--auth-token={token}",
           "-i", "127.0.0.1", "-p", str(port), "--model", str(model)]
    log = cache_dir() / f"rasa-server-{port}.log"
    with open(os.devnull if foreground else log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=tempfile.gettempdir(), env=rasa_env(),
                                stdout=None if foreground else out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    where = "the output above" if foreground else str(log)
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RasaSetupError(f"rasa run exited with {proc.returncode}; see {where}")
            if wait_ready(url, token, timeout=1.0):
                httpx.post(f"{url}/model/parse", params={"token": token}, json={"text": "你好"},
                           timeout=60.0)  # pays TensorFlow's warm-up before the first resident
                return proc
            time.sleep(0.5)
        raise RasaSetupError(f"rasa run did not answer within {timeout:.0f} s; see {where}")
    except BaseException:
        stop(proc)  # never leave a half-started server behind (Ctrl-C included)
        raise


def wait_ready(url: str, token: str, timeout: float = 1.0) -> bool:
    """True when the server at ``url`` reports a loaded model on ``/status``."""
    try:
        response = httpx.get(f"{url}/status", params={"token": token}, timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and bool(response.json().get("model_file"))


def stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    """Terminates a server started by :func:`serve` and its process group."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # serve() starts it in a session of its own
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def train_info(model: Path) -> dict:
    """What :func:`train` recorded about a model (``train_seconds``, ``epochs``)."""
    sidecar = Path(model).with_suffix("").with_suffix(".json")
    return json.loads(sidecar.read_text()) if sidecar.exists() else {}


def _config_with_epochs(config: Path, epochs: int | None, tmp: Path) -> Path:
    """The config itself, or a copy in ``tmp`` with every ``epochs`` set to ``epochs``."""
    if epochs is None:
        return config
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for component in data.get("pipeline") or []:
        if "epochs" in component or component.get("name") in ("DIETClassifier",
                                                                "ResponseSelector"):
            component["epochs"] = epochs
    out = tmp / "config.yml"
    out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return out

