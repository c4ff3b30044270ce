"""The web view behind HAProxy (the repository's deploy/haproxy.cfg): two processes' HTTP
servers on one database; a login through the balancer holds whichever process answers,
and when one process is gone the other serves the same session. Real HAProxy, real
aiohttp servers, real databases (both)."""

from __future__ import annotations

import asyncio
import os
import re
from datetime import UTC, datetime

import httpx
import pytest

from benchmarks.cluster import CONFIG, HAPROXY, _port_open, free_port
from bot.http_server import HttpServer
from domain.web.auth import issue_link
from storage.models import StaffMember
from tests.helpers.botharness import make_settings

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
async def balanced(migrated_db_url, uow_factory, tmp_path):
    """Two HTTP servers (their default languages differ, to tell who answered) and HAProxy."""
    ports, lb = [free_port(), free_port()], free_port()
    servers = [HttpServer(make_settings(migrated_db_url, open311_port=port, default_language=lang,
                                        public_url=f"http://127.0.0.1:{lb}"), uow_factory)
               for port, lang in zip(ports, ("zh", "en"), strict=True)]
    for server in servers:
        await server.start()
    dead = free_port()
    env = {**os.environ, "FRONTDOOR_LB_BIND": f"127.0.0.1:{free_port()}",
           "FRONTDOOR_LB_HTTP_BIND": f"127.0.0.1:{lb}",
           "FRONTDOOR_HTTP1": f"127.0.0.1:{ports[0]}", "FRONTDOOR_HTTP2": f"127.0.0.1:{ports[1]}",
           "FRONTDOOR_HTTP3": f"127.0.0.1:{dead}"}
    for i in (1, 2, 3):
        env[f"FRONTDOOR_BOT{i}"] = f"127.0.0.1:{dead}"
    log = (tmp_path / "haproxy.log").open("ab")
    proxy = await asyncio.create_subprocess_exec(HAPROXY, "-db", "-f", str(CONFIG), env=env,
                                                 stdout=log, stderr=log)
    assert await _port_open(lb, 10), (tmp_path / "haproxy.log").read_text()
    await asyncio.sleep(2.5)  # both servers pass their health check
    try:
        yield f"http://127.0.0.1:{lb}/web", servers, uow_factory
    finally:
        proxy.terminate()
        await proxy.wait()
        for server in servers:
            await server.stop()


async def test_one_login_serves_on_every_process_and_survives_one_going(balanced):
    base, servers, uow_factory = balanced
    async with uow_factory() as uow:
        await uow.staff.add(StaffMember(telegram_user_id=1, display_name="王书记",
                                        role="supervisor", street_leader=True))
        await uow.commit()
    issued = await issue_link(uow_factory, 1, datetime.now(UTC))
    async with httpx.AsyncClient() as browser:
        page = await browser.get(f"{base}/login/{issued.token}")
        done = await browser.post(f"{base}/login/{issued.token}",
                                  data={"csrf": CSRF.search(page.text).group(1)})
        assert done.status_code == 303
        titles = set()
        for _ in range(6):
            listing = await browser.get(f"{base}/tickets")
            assert listing.status_code == 200
            titles.add("<h1>工单</h1>" in listing.text and "zh" or "en")
        assert titles == {"zh", "en"}  # both processes served the one session
        await servers[0].stop()
        for _ in range(4):
            assert (await browser.get(f"{base}/tickets")).status_code == 200
