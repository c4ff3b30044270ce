"""``frontdoor open311 key add|list|revoke`` and ``frontdoor run`` serving the API."""

import asyncio
import signal
import sqlite3

import httpx

from tests.e2e.test_cli import FRONTDOOR, _env, _free_port, _run
from tests.helpers.open311 import spec_example


def test_key_add_prints_a_key_list_never_does_revoke_refuses_it(tmp_path):
    added = _run(["open311", "key", "add", "city-12345"], tmp_path)
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    assert len(key) >= 32 and "\n" not in key
    again = _run(["open311", "key", "add", "city-12345"], tmp_path)
    assert again.returncode == 1 and "KeyNameTaken" in again.stdout
    listed = _run(["open311", "key", "list"], tmp_path)
    assert "city-12345" in listed.stdout and "active" in listed.stdout
    assert key not in listed.stdout
    db = sqlite3.connect(tmp_path / "cli.sqlite3")
    stored = db.execute("SELECT name, key_hash FROM open311_keys").fetchall()
    db.close()
    assert stored[0][0] == "city-12345" and key not in stored[0][1]
    assert _run(["open311", "key", "revoke", "city-12345"], tmp_path).returncode == 0
    assert "revoked" in _run(["open311", "key", "list"], tmp_path).stdout
    assert _run(["open311", "key", "revoke", "nobody"], tmp_path).returncode == 1


async def test_run_prints_the_open311_url_and_serves_it(tmp_path):
    key = _run(["open311", "key", "add", "c"], tmp_path).stdout.strip()
    port, api_port = _free_port(), _free_port()
    process = await asyncio.create_subprocess_exec(
        *FRONTDOOR, "run", "--port", str(port), cwd=tmp_path,
        env=_env(tmp_path, FRONTDOOR_OPEN311_PORT=str(api_port)),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        line = b""
        async with asyncio.timeout(60):
            while b"Open311:" not in line:
                line = await process.stdout.readline()
                assert line, "frontdoor run exited before printing the Open311 URL"
        url = f"http://127.0.0.1:{api_port}/open311/v2"
        assert url.encode() in line
        async with httpx.AsyncClient() as http:
            services = await http.get(f"{url}/services.json")
            posted = await http.post(f"{url}/requests.json", data=spec_example(key))
            openapi = await http.get(f"{url}/openapi.yaml")
        assert services.status_code == 200 and services.json()[0]["service_code"]
        assert posted.status_code == 201, posted.text
        assert openapi.text.startswith("openapi: 3.0.3")
    finally:
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            await process.wait()
    assert process.returncode == 0
    assert b"Traceback" not in await process.stdout.read()
