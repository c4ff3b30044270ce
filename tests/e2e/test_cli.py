"""The console command as a user runs it: help, db upgrade, bad settings, run + /start."""

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.localapi.client import ControlClient

FRONTDOOR = [sys.executable, "-m", "bot.cli"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env["FRONTDOOR_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    env["FRONTDOOR_OPEN311_PORT"] = "0"  # no fixed port in tests (test_cli_open311 serves one)
    env.update(extra)
    return env


def _run(args, tmp_path, **extra):
    return subprocess.run([*FRONTDOOR, *args], cwd=tmp_path, env=_env(tmp_path, **extra),
                          capture_output=True, text=True, timeout=60)


def test_help_lists_the_subcommands(tmp_path):
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    for command in ("run", "db", "nlu"):
        assert command in result.stdout
    assert _run(["db", "upgrade", "--help"], tmp_path).returncode == 0
    assert _run(["run", "--help"], tmp_path).returncode == 0


def test_db_upgrade_creates_the_schema(tmp_path):
    result = _run(["db", "upgrade"], tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
    assert {"tickets", "residents", "inbox_updates", "alembic_version"} <= tables


def test_bad_setting_stops_with_one_line_naming_the_key(tmp_path):
    result = _run(["run"], tmp_path, FRONTDOOR_TIMEZONE="Mars/Olympus")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "FRONTDOOR_TIMEZONE" in lines[0]
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def test_run_starts_the_playground_and_answers_start(tmp_path):
    port = _free_port()
    process = await asyncio.create_subprocess_exec(
        *FRONTDOOR, "run", "--port", str(port), cwd=tmp_path, env=_env(tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    try:
        line = b""
        async with asyncio.timeout(60):
            while b"Playground:" not in line:
                line = await process.stdout.readline()
                assert line, "frontdoor run exited before printing the playground URL"
        assert f"http://127.0.0.1:{port}/".encode() in line
        async with ControlClient(f"http://127.0.0.1:{port}") as control:
            await control.create_user(4001, "赵", language_code="zh")
            sent = await control.send_text(4001, "/start")
            reply = await control.wait_for_bot_messages(
                4001, after=sent["message"]["message_id"], timeout=20)
        assert reply[0]["text"].startswith("您好，赵")
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in await process.stdout.read()
    assert (tmp_path / "cli.sqlite3").exists()


def test_outbox_list_counts_and_shows_no_contents(tmp_path):
    assert _run(["db", "upgrade"], tmp_path).returncode == 0
    db = sqlite3.connect(tmp_path / "cli.sqlite3")
    for n, (status, chat) in enumerate([("uncertain", 0), ("pending", -100)], 1):
        db.execute("INSERT INTO outbox (id, kind, priority, at_most_once, method, chat_id, lane,"
                   " params, status, attempts, due_at, created_at) VALUES (?, 'reply', 1, 1,"
                   " 'sendMessage', ?, 'x', ?, ?, 1, '2026-12-07 09:00:00',"
                   " '2026-12-07 09:00:00')", (n, chat, '{"text": "电话13800001111"}', status))
    db.commit()
    db.close()
    listed = _run(["outbox", "list"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert "pending 1" in listed.stdout and "uncertain 1" in listed.stdout
    assert "13800001111" not in listed.stdout and "resident" in listed.stdout
    only = _run(["outbox", "list", "--uncertain"], tmp_path).stdout.splitlines()
    assert len(only) == 3 and "uncertain" in only[2]
