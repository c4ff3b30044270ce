"""``frontdoor bench broadcast|crash|scaleout``: runs ``benchmarks/<name>.py`` (source tree)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the ``bench`` subcommand with ``broadcast`` and ``crash`` under it."""
    parser = sub.add_parser("bench", help="run a benchmark against the local Bot API")
    kinds = parser.add_subparsers(dest="bench", metavar="BENCHMARK", required=True)
    p = kinds.add_parser(
        "broadcast", help="one notice to N residents at the rate limit (--crash: kill -9)",
        description="The broadcast benchmark (python -m benchmarks.broadcast --help).")
    p.add_argument("--residents", type=int, default=10_000)
    p.add_argument("--rate", type=int, default=300, help="overall limit, messages a second")
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--crash", action="store_true", help="SIGKILL the bot half-way, restart")
    p.add_argument("--no-baseline", action="store_true")
    p.set_defaults(handler=_broadcast)
    p = kinds.add_parser(
        "crash", help="residents and surveys while the bot is killed -9 and restarted",
        description="The crash benchmark (python -m benchmarks.crash --help).")
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--kills", type=int, default=5)
    p.add_argument("--residents", type=int, default=30)
    p.add_argument("--surveys", type=int, default=32)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_crash)
    p = kinds.add_parser(
        "scaleout", help="1, 2, 3 processes behind HAProxy on PostgreSQL (--kill: the sender)",
        description="The scale-out benchmark (python -m benchmarks.scaleout --help).")
    p.add_argument("--processes", default="1,2,3")
    p.add_argument("--kill", action="store_true", help="SIGKILL one process mid-run, restart")
    p.add_argument("--kill-sender", action="store_true",
                   help="with --kill: the process holding the sender's lease")
    p.add_argument("--residents", type=int, default=200)
    p.add_argument("--no-stress", action="store_true")
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_scaleout)


def _broadcast(args: argparse.Namespace) -> int:
    """Runs the benchmark in the source tree with the options given."""
    if not (ROOT / "benchmarks" / "broadcast.py").exists():
        print("frontdoor bench needs the source tree (benchmarks/ is not installed)")
        return 2
    argv = ["--residents", str(args.residents), "--rate", str(args.rate), "--db", args.db]
    argv += ["--crash"] * args.crash + ["--no-baseline"] * args.no_baseline
    return subprocess.call([sys.executable, "-m", "benchmarks.broadcast", *argv], cwd=ROOT)


def _crash(args: argparse.Namespace) -> int:
    """Runs the crash benchmark in the source tree with the options given."""
    if not (ROOT / "benchmarks" / "crash.py").exists():
        print("frontdoor bench needs the source tree (benchmarks/ is not installed)")
        return 2
    argv = ["--db", args.db, "--kills", str(args.kills), "--residents", str(args.residents),
            "--surveys", str(args.surveys), "--seed", str(args.seed)]
    return subprocess.call([sys.executable, "-m", "benchmarks.crash", *argv], cwd=ROOT)


def _scaleout(args: argparse.Namespace) -> int:
    """Runs the scale-out benchmark in the source tree with the options given."""
    if not (ROOT / "benchmarks" / "scaleout.py").exists():
        print("frontdoor bench needs the source tree (benchmarks/ is not installed)")
        return 2
    argv = ["--processes", args.processes, "--residents", str(args.residents),
            "--seed", str(args.seed)] + ["--kill"] * args.kill + ["--no-stress"] * args.no_stress
    argv += ["--kill-sender"] * args.kill_sender
    return subprocess.call([sys.executable, "-m", "benchmarks.scaleout", *argv], cwd=ROOT)
