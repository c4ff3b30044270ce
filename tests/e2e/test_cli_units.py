"""``frontdoor units`` as an operator runs it: add, map, list, import, and clear refusals."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from bot.localapi.client import ControlClient
from tests.helpers.resident import Resident

FRONTDOOR = [sys.executable, "-m", "bot.cli"]
FILE = """\
units:
  - {code: desk, name: 街道平台, kind: desk, chat_id: -1001000000010}
  - {code: js-1, name: 劲松一社区, kind: community, chat_id: -1001000000011, buildings: [1, 2]}
  - {code: heat, name: 供热公司, kind: service, chat_id: -1001000000020, department_kinds: [供热]}
staff:
  - {telegram_user_id: 7001, name: 王芳, units: {js-1: supervisor, heat: worker}}
"""


def _run(args, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env["FRONTDOOR_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'units.sqlite3'}"
    return subprocess.run([*FRONTDOOR, "units", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def test_help_names_every_action(tmp_path):
    result = _run(["--help"], tmp_path)
    assert result.returncode == 0
    for action in ("list", "add", "map", "import"):
        assert action in result.stdout
    assert "desk" in _run(["add", "--help"], tmp_path).stdout


def test_a_fresh_database_lists_the_one_community_in_the_staff_chat(tmp_path):
    result = _run(["list"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "community" in result.stdout and "(staff chat)" in result.stdout


def test_add_map_and_list(tmp_path):
    added = _run(["add", "js-1", "--name", "劲松一社区", "--kind", "community",
                  "--chat", "-1001000000011"], tmp_path)
    assert added.returncode == 0, added.stderr
    heat = _run(["add", "heat", "--name", "供热公司", "--kind", "service"], tmp_path)
    assert heat.returncode == 0
    mapped = _run(["map", "building", "1", "2号楼", "--to", "js-1"], tmp_path)
    assert mapped.returncode == 0 and "2 building(s) now go to js-1: 1, 2" in mapped.stdout
    assert _run(["map", "kind", "供热", "--to", "heat"], tmp_path).returncode == 0
    listing = _run(["list"], tmp_path).stdout
    assert "-1001000000011" in listing and "buildings: 1, 2" in listing
    assert "kinds: 供热" in listing


def test_refusals_say_why_in_one_line_without_a_traceback(tmp_path):
    _run(["add", "js-1", "--name", "一社区", "--kind", "community"], tmp_path)
    cases = [
        (["add", "js-1", "--name", "again", "--kind", "community"], "exists already"),
        (["add", "JS 2", "--name", "x", "--kind", "community"], "unit code"),
        (["add", "js-2", "--name", "x", "--kind", "community", "--chat", "5"], "negative"),
        (["map", "building", "东边", "--to", "js-1"], "write it as a number"),
        (["map", "kind", "供热", "--to", "js-1"], "a kind goes to a department or service"),
        (["map", "kind", "暖", "--to", "js-1"], "one of 供热"),
        (["map", "building", "3", "--to", "nope"], "no unit 'nope'"),
    ]
    for args, reason in cases:
        result = _run(args, tmp_path)
        assert result.returncode == 1, args
        assert reason in result.stderr and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"frontdoor units {args[0]}: ")


def test_import_a_file_twice_and_a_bad_file(tmp_path):
    path = tmp_path / "units.yml"
    path.write_text(FILE, encoding="utf-8")
    checked = _run(["import", str(path), "--dry-run"], tmp_path)
    assert checked.returncode == 0 and "3 units, 1 staff; no errors" in checked.stdout
    first = _run(["import", str(path)], tmp_path)
    assert first.returncode == 0, first.stderr
    assert "units added 3, updated 0; routes 3; staff 1" in first.stdout
    again = _run(["import", str(path)], tmp_path)
    assert "units added 0, updated 3" in again.stdout
    listing = _run(["list"], tmp_path).stdout
    assert "desk" in listing and "buildings: 1, 2" in listing
    bad = tmp_path / "bad.yml"
    bad.write_text("units:\n  - {code: x, name: x, kind: street}\n  - {code: y}\n",
                   encoding="utf-8")
    refused = _run(["import", str(bad)], tmp_path)
    assert refused.returncode == 1
    lines = refused.stderr.splitlines()
    assert lines[0].startswith("frontdoor units import: units[0]: unit kind 'street'")
    assert lines[1].startswith("frontdoor units import: units[1]: needs")
    missing = _run(["import", str(tmp_path / "none.yml")], tmp_path)
    assert missing.returncode == 1 and "cannot read" in missing.stderr
    (tmp_path / "broken.yml").write_text("units: [", encoding="utf-8")
    broken = _run(["import", str(tmp_path / "broken.yml")], tmp_path)
    assert broken.returncode == 1 and "is not YAML" in broken.stderr


async def test_the_playground_has_every_units_group_and_a_card_reaches_its_community(tmp_path):
    (tmp_path / "units.yml").write_text(FILE, encoding="utf-8")
    assert _run(["import", str(tmp_path / "units.yml")], tmp_path).returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTDOOR_")}
    env["FRONTDOOR_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'units.sqlite3'}"
    process = await asyncio.create_subprocess_exec(
        *FRONTDOOR, "run", "--port", str(port), cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        line = b""
        async with asyncio.timeout(60):
            while b"Playground:" not in line:
                line = await process.stdout.readline()
                assert line, "frontdoor run exited before printing the playground URL"
        async with ControlClient(f"http://127.0.0.1:{port}") as control:
            groups = {g["id"]: g["title"] for g in (await control.info())["groups"]}
            assert groups[-1001000000011] == "劲松一社区" and -1001000000010 in groups
            r = Resident(control, 4101)
            await r.join()
            await r.say("暖气不热")
            for data in ("intake:cat:0", "intake:cl:1"):
                await r.tap(data)
            await r.say("2号楼1单元101")
            await r.say("13800138000")
            await r.tap("intake:when:tomorrow_am")
            await r.tap("intake:urg:normal")
            await r.tap("intake:ok")
            [card] = await control.wait_for_bot_messages(-1001000000011, timeout=20)
            assert "暖气" in card["text"]
            assert not [m for m in await control.messages(-1001000000010) if m["from"]["is_bot"]]
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in await process.stdout.read()
