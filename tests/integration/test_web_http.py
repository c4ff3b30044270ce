"""The web view over real HTTP (aiohttp's test server on the real application and real
databases): the login page and its CSRF pair, logout's CSRF, headers, and URL tampering."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from aiohttp import CookieJar
from aiohttp.test_utils import TestClient, TestServer

from domain.web import auth
from handlers.open311.app import Api
from handlers.open311.app import build_app as open311_app
from handlers.web import app as web_app
from storage.models import StaffMember, Unit, UnitMember
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
async def client(uow_factory):
    async with uow_factory() as uow:
        await uow.staff.add(StaffMember(telegram_user_id=1, display_name="王书记",
                                        role="supervisor", street_leader=True))
        worker = await uow.staff.add(StaffMember(telegram_user_id=2, display_name="小李",
                                                 role="worker"))
        c1 = await uow.units.add(Unit(code="c1", name="一社区", kind="community"))
        c2 = await uow.units.add(Unit(code="c2", name="二社区", kind="community"))
        uow.session.add(UnitMember(staff_id=worker.id, unit_id=c1.id, role="worker"))
        who = (await add_resident(uow)).id
        await add_ticket(uow, who, code="JS-1", unit_id=c1.id, contact_phone="13812345678")
        await add_ticket(uow, who, code="JS-2", unit_id=c2.id, contact_phone="13900001111")
        await uow.commit()
    root = open311_app(Api(uow_factory, None, "社区"))
    root.add_subapp("/web", web_app.build_app(web_app.Web(uow_factory, TZ)))
    test_client = TestClient(TestServer(root), cookie_jar=CookieJar(unsafe=True))
    await test_client.start_server()
    yield test_client
    await test_client.close()


async def link(uow_factory, telegram_user_id: int) -> str:
    issued = await auth.issue_link(uow_factory, telegram_user_id, datetime.now(UTC))
    return f"/web/login/{issued.token}"


async def log_in(client, uow_factory, telegram_user_id: int = 1) -> None:
    url = await link(uow_factory, telegram_user_id)
    page = await client.get(url)
    assert page.status == 200
    token = CSRF.search(await page.text()).group(1)
    done = await client.post(url, data={"csrf": token}, allow_redirects=False)
    assert done.status == 303 and done.headers["Location"] == "/web/"
    cookie = done.cookies["fd_session"]
    assert cookie["httponly"] and cookie["path"] == "/web" and cookie["samesite"] == "Lax"


async def test_login_needs_the_pages_csrf_pair_and_uses_the_link_once(client, uow_factory):
    url = await link(uow_factory, 1)
    for _ in range(2):  # a preview fetcher's GETs leave the link good
        assert (await client.get(url)).status == 200
    forged = await client.post(url, data={"csrf": "guess"}, allow_redirects=False)
    assert forged.status == 403 and "表单已过期" in await forged.text()
    client.session.cookie_jar.clear()  # a cross-site POST carries no fd_pre cookie
    bare = await client.post(url, data={}, allow_redirects=False)
    assert bare.status == 403
    page = await client.get(url)
    good = await client.post(url, data={"csrf": CSRF.search(await page.text()).group(1)},
                             allow_redirects=False)
    assert good.status == 303
    again = await client.get(url)
    assert again.status == 410 and "登录链接已失效" in await again.text()
    assert (await client.post(url, data={"csrf": "x"})).status == 410


async def test_pages_need_a_session_and_logout_needs_its_csrf(client, uow_factory):
    first = await client.get("/web/tickets")
    assert first.status == 401 and "/web" in await first.text()
    await log_in(client, uow_factory)
    listing = await client.get("/web/tickets")
    body = await listing.text()
    assert listing.status == 200 and "JS-1" in body and "JS-2" in body
    for name, value in (("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"),
                        ("X-Frame-Options", "DENY")):
        assert listing.headers[name] == value
    assert "script-src" not in listing.headers["Content-Security-Policy"]
    refused = await client.post("/web/logout", data={"csrf": "forged"})
    assert refused.status == 403
    assert (await client.get("/web/tickets")).status == 200  # still logged in
    token = CSRF.search(body).group(1)
    out = await client.post("/web/logout", data={"csrf": token})
    assert out.status == 200 and "已退出登录" in await out.text()
    assert (await client.get("/web/tickets")).status == 401


async def test_a_units_worker_cannot_open_another_units_ticket(client, uow_factory):
    await log_in(client, uow_factory, telegram_user_id=2)
    body = await (await client.get("/web/tickets")).text()
    assert "JS-1" in body and "JS-2" not in body
    own = await client.get("/web/tickets/JS-1")
    assert own.status == 200 and "138****5678" in await own.text()
    other = await client.get("/web/tickets/JS-2")
    text = await other.text()
    assert other.status == 404 and "13900001111" not in text and "139****1111" not in text
    assert (await client.post("/web/tickets/JS-2/contact",
                              data={"csrf": CSRF.search(body).group(1)})).status == 404


async def test_the_full_contact_needs_a_post_with_csrf_and_is_audited(client, uow_factory):
    await log_in(client, uow_factory)
    page = await (await client.get("/web/tickets/JS-1")).text()
    assert "13812345678" not in page and "138****5678" in page
    assert (await client.post("/web/tickets/JS-1/contact", data={"csrf": "x"})).status == 403
    shown = await client.post("/web/tickets/JS-1/contact",
                              data={"csrf": CSRF.search(page).group(1)})
    assert shown.status == 200 and "13812345678" in await shown.text()
    async with uow_factory() as uow:
        ticket = await uow.tickets.get_by_code("JS-1")
        events = await uow.events.list_for_ticket(ticket.id, "contact_shown")
        assert [(e.actor_kind, e.payload) for e in events] == [("staff", {"via": "web"})]


async def test_language_switch_and_unknown_paths(client, uow_factory):
    await log_in(client, uow_factory)
    switched = await client.get("/web/lang/en?next=/web/tickets")
    assert switched.status == 200 and "Tickets" in await switched.text()
    outside = await client.get("/web/lang/zh?next=https://evil.example/", allow_redirects=False)
    assert outside.headers["Location"] == "/web/"
    missing = await client.get("/web/nowhere")
    assert missing.status == 404 and "<html" in await missing.text()


async def test_a_session_made_by_one_process_serves_on_another(client, uow_factory):
    """Behind the balancer any process serves a session: it lives in the database, and the
    cookie key is the database's, so both processes check the same signature."""
    await log_in(client, uow_factory)
    other_root = open311_app(Api(uow_factory, None, "社区"))
    other_root.add_subapp("/web", web_app.build_app(web_app.Web(uow_factory, TZ)))
    other = TestClient(TestServer(other_root), cookie_jar=client.session.cookie_jar)
    await other.start_server()
    try:
        served = await other.get("/web/tickets")
        assert served.status == 200 and "JS-1" in await served.text()
    finally:
        await other.close()


async def test_a_database_that_is_down_gets_a_clear_page_not_a_crash():
    """The database stopped (here: nobody listens on its port): every page says so, 503."""
    import functools

    from sqlalchemy.ext.asyncio import async_sessionmaker

    from benchmarks.cluster import free_port
    from storage.db import make_engine
    from storage.uow import SqlUnitOfWork

    engine = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/test")
    uow_factory = functools.partial(SqlUnitOfWork, async_sessionmaker(engine))
    root = open311_app(Api(uow_factory, None, "社区"))
    root.add_subapp("/web", web_app.build_app(web_app.Web(uow_factory, TZ)))
    down = TestClient(TestServer(root))
    await down.start_server()
    try:
        for path in ("/web/tickets", "/web/login/some-token", "/web/tickets/JS-1"):
            answer = await down.get(path)
            assert answer.status == 503 and answer.headers["Retry-After"] == "10"
            assert "数据库正在恢复" in await answer.text()
    finally:
        await down.close()
        await engine.dispose()
