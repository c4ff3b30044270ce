"""``frontdoor nlu rasa``: build Rasa's environment, train the model, serve it on loopback."""

from __future__ import annotations

import argparse
import secrets
import signal
import sys
from collections.abc import Callable
from pathlib import Path


def register(nlu_sub: argparse._SubParsersAction) -> None:
    """Adds ``rasa setup``, ``rasa train``, ``rasa serve`` and ``rasa status`` under ``nlu``."""
    parser = nlu_sub.add_parser(
        "rasa", help="a real Rasa 3.6 server (its own Python 3.10 environment)",
        description="Builds Rasa's environment, trains the model from nlu/ and serves it on "
                    "127.0.0.1 with an auth token. Everything is cached by a hash of its "
                    "inputs under $FRONTDOOR_CACHE_DIR (default ~/.cache/frontdoor).")
    sub = parser.add_subparsers(dest="rasa_command", metavar="ACTION")

    setup = sub.add_parser("setup", help="build (or find) Rasa's virtual environment")
    setup.set_defaults(handler=_setup)

    train = sub.add_parser("train", help="train (or find cached) the model from nlu/")
    _project(train)
    train.set_defaults(handler=_train)

    serve = sub.add_parser("serve", help="train if needed, then serve in the foreground",
                           description="Serves the model on 127.0.0.1 until Ctrl-C.")
    _project(serve)
    serve.add_argument("--port", type=int, default=5005, help="port (default: 5005)")
    serve.add_argument("--token", help="auth token (default: FRONTDOOR_RASA_TOKEN, or a "
                                       "random one that is printed)")
    serve.set_defaults(handler=_serve)

    status = sub.add_parser("status", help="environment, cached models and the server")
    status.set_defaults(handler=_status)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nlu-dir", type=Path, help="the Rasa project (default: nlu/)")
    parser.add_argument("--epochs", type=int, help="override DIET/ResponseSelector epochs")


def _setup(_args: argparse.Namespace) -> int:
    """Builds Rasa's environment if it is not cached yet."""
    from nlu.rasa import runtime

    return _guard(lambda: print(f"Rasa environment: {runtime.ensure_venv()}"))


def _train(args: argparse.Namespace) -> int:
    """Trains the model (or finds it in the cache) and prints its path."""
    from nlu.rasa import runtime

    def train() -> None:
        model = runtime.train(args.nlu_dir or runtime.NLU_DIR, epochs=args.epochs)
        print(f"model: {model} ({runtime.train_info(model)})")

    return _guard(train)


def _serve(args: argparse.Namespace) -> int:
    """Trains if needed and serves until interrupted."""
    from bot.settings import load_settings
    from nlu.rasa import runtime

    token = args.token or load_settings().rasa_token
    if not token:
        token = secrets.token_urlsafe(24)
        print(f"no token given; using FRONTDOOR_RASA_TOKEN={token}")

    def serve() -> None:
        model = runtime.train(args.nlu_dir or runtime.NLU_DIR, epochs=args.epochs)
        proc = runtime.serve(model, args.port, token, foreground=True)
        print(f"Rasa is serving {model.name} at http://127.0.0.1:{args.port} (Ctrl-C stops)",
              flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops Rasa too
        try:
            proc.wait()
        except KeyboardInterrupt:
            pass
        finally:
            runtime.stop(proc)

    return _guard(serve)


def _status(_args: argparse.Namespace) -> int:
    """Prints the environment, the cached models and whether the configured server answers."""
    from bot.settings import load_settings
    from nlu.rasa import runtime
    from nlu.rasa.venv import venv_dir, venv_ready

    def status() -> None:
        venv = venv_dir()
        ready = "ready" if venv_ready(venv) else "not built: run frontdoor nlu rasa setup"
        print(f"environment: {venv} ({ready})")
        model = runtime.model_path(runtime.NLU_DIR)
        print(f"model for nlu/: {model} ({'cached' if model.exists() else 'not trained'})")
        settings = load_settings()
        if not settings.rasa_url:
            print("server: FRONTDOOR_RASA_URL is not set (the bot uses the embedded engine)")
            return
        up = runtime.wait_ready(settings.rasa_url.rstrip("/"), settings.rasa_token or "")
        print(f"server: {settings.rasa_url} {'answers' if up else 'does NOT answer'}")

    return _guard(status)


def _guard(action: Callable[[], None]) -> int:
    """Runs ``action``; a setup failure becomes one line on stderr and exit code 1."""
    from nlu.rasa.runtime import RasaSetupError

    try:
        action()
    except (RasaSetupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
