"""The web view in headless Chromium (issue 24): a staff member gets a link from the bot
through the local Bot API, logs in, filters the list, reads a ticket's timeline, logs out;
used, expired and preview-fetched links; a unit's worker changing the URL. Real
python-telegram-bot, real database (both backends)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from domain.web.auth import issue_link
from storage.models import Unit, UnitMember
from tests.helpers.botharness import make_settings
from tests.helpers.browser import chromium_driver, until
from tests.helpers.resident import tickets
from tests.helpers.staff import ADMIN, SUPERVISOR, WORKER, open_ticket, team
from tests.helpers.web import serving_web, web_link
from tests.integration.factories import add_ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def bot_settings(migrated_db_url):
    return make_settings(migrated_db_url, first_admin_id=ADMIN)


@pytest.fixture
async def driver():
    browser = await asyncio.to_thread(chromium_driver)
    yield browser
    await asyncio.to_thread(browser.quit)


async def go(driver, url: str) -> None:
    await asyncio.to_thread(driver.get, url)


async def click(driver, how, what) -> None:
    element = await until(driver, EC.element_to_be_clickable((how, what)))
    await asyncio.to_thread(element.click)


async def page_text(driver) -> str:
    return await asyncio.to_thread(lambda: driver.find_element(By.TAG_NAME, "body").text)


async def log_in(driver, link: str) -> None:
    await go(driver, link)
    await click(driver, By.ID, "login")
    await until(driver, EC.url_matches(r"/web/(tickets)?$"))


async def test_log_in_filter_read_a_ticket_and_log_out(bot, control, driver):
    await team(control)
    _, card = await open_ticket(control)
    async with serving_web(bot) as base:
        link, answer = await web_link(control, SUPERVISOR)
        assert answer["link_preview_options"] == {"is_disabled": True}
        assert "10" in answer["text"]
        await log_in(driver, link)
        await go(driver, f"{base}/tickets")
        await asyncio.to_thread(
            lambda: Select(driver.find_element(By.NAME, "state")).select_by_value("open"))
        await click(driver, By.CSS_SELECTOR, "form.filters button[type=submit]")
        await until(driver, EC.url_contains("state=open"))
        rows = await asyncio.to_thread(
            lambda: [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#tickets tbody tr")])
        assert len(rows) == 1 and "暖气" in rows[0] and "5" in rows[0]
        await click(driver, By.CSS_SELECTOR, "#tickets tbody a")
        await until(driver, EC.presence_of_element_located((By.ID, "timeline")))
        shown = await page_text(driver)
        assert "提交诉求" in shown and "138****8000" in shown and "13800138000" not in shown
        await click(driver, By.ID, "show-phone")
        await until(driver, EC.text_to_be_present_in_element((By.ID, "phone"), "13800138000"))
        await click(driver, By.CSS_SELECTOR, "header form button")
        await until(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "main"), "已退出登录"))
        await go(driver, f"{base}/tickets")
        assert "发送 /web" in await page_text(driver)
        await go(driver, link)  # the link was used by the login
        assert "登录链接已失效" in await page_text(driver)


async def test_a_photo_sent_after_the_report_shows_in_the_timeline(bot, control, driver):
    await team(control)
    r, _ = await open_ticket(control)
    [ticket] = await tickets(bot)
    listing = await r.say("/status")
    await r.tap(f"tk:photo:{ticket.id}", message=listing)
    await r.send(photo=True)
    async with serving_web(bot) as base:
        link, _ = await web_link(control, SUPERVISOR)
        await log_in(driver, link)
        await go(driver, f"{base}/tickets/{ticket.code}")
        image = await until(driver, EC.presence_of_element_located((By.CSS_SELECTOR,
                                                                     "#timeline img.photo")))
        await until(driver, lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image))
        assert "居民补充照片" in await page_text(driver)
        async with httpx.AsyncClient() as outsider:  # no session: no photo
            src = await asyncio.to_thread(image.get_attribute, "src")
            assert (await outsider.get(src)).status_code == 401


async def test_a_preview_fetch_leaves_the_link_good_and_expired_links_are_refused(
        bot, control, driver):
    await team(control)
    async with serving_web(bot) as base:
        link, _ = await web_link(control, WORKER)
        async with httpx.AsyncClient() as preview:  # what a link-preview bot does
            assert (await preview.get(link)).status_code == 200
            assert (await preview.get(link)).status_code == 200
            assert (await preview.get(f"{base}/tickets")).status_code == 401  # no session
        await log_in(driver, link)
        assert "工单" in await page_text(driver)
        stale = await issue_link(bot.bot_data["services"].uow_factory, WORKER,
                                 datetime.now(UTC) - timedelta(minutes=11))
        await go(driver, f"{base}/login/{stale.token}")
        assert "登录链接已失效" in await page_text(driver)
        assert not await asyncio.to_thread(driver.find_elements, By.ID, "login")
        link, answer = await web_link(control, 5555)  # not staff: no link
    assert link is None and "只对社区工作人员开放" in answer["text"]


async def test_a_units_worker_cannot_open_another_units_ticket(bot, control, driver):
    await team(control)
    await open_ticket(control, 5001)
    uow_factory = bot.bot_data["services"].uow_factory
    async with uow_factory() as uow:
        mine = await uow.units.add(Unit(code="c1", name="一社区", kind="community"))
        theirs = await uow.units.add(Unit(code="c2", name="二社区", kind="community"))
        worker = await uow.staff.get_by_telegram_id(WORKER)
        uow.session.add(UnitMember(staff_id=worker.id, unit_id=mine.id, role="worker"))
        [first] = await uow.tickets.list_by_status(["new"])
        second = await add_ticket(uow, first.resident_id, code="JS-OTHER-1",
                                  contact_phone="13900001111")
        first.unit_id, second.unit_id = mine.id, theirs.id
        codes = first.code, second.code
        await uow.commit()
    async with serving_web(bot) as base:
        link, _ = await web_link(control, WORKER)
        await log_in(driver, link)
        await go(driver, f"{base}/tickets")
        listed = await page_text(driver)
        assert codes[0] in listed and codes[1] not in listed
        await go(driver, f"{base}/tickets/{codes[1]}")
        refused = await page_text(driver)
        assert "没有这个工单，或者您无权查看" in refused and "139****" not in refused
        await go(driver, f"{base}/tickets/{codes[0]}")
        assert "138****8000" in await page_text(driver)


async def test_the_overview_the_analysis_charts_and_the_buildings(bot, control, driver):
    await team(control)
    _, card = await open_ticket(control)
    async with serving_web(bot) as base:
        link, _ = await web_link(control, ADMIN)
        await log_in(driver, link)
        await until(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "ul.counts")))
        overview = await page_text(driver)
        assert "总览" in overview and "响应率" in overview
        await click(driver, By.CSS_SELECTOR, "ul.counts a[href*='state=open']")
        await until(driver, EC.url_contains("state=open"))
        assert "5" in await page_text(driver)
        await go(driver, f"{base}/analysis")
        labels = await asyncio.to_thread(lambda: [
            t.text for t in driver.find_elements(By.CSS_SELECTOR, "figure.chart svg text")])
        assert any("月" in label for label in labels)  # Chinese words as text in the SVG
        fonts = await asyncio.to_thread(lambda: driver.execute_script(
            "return [...document.querySelectorAll('figure.chart svg text')]"
            ".map(t => getComputedStyle(t).fontFamily).join('|')"))
        assert "CJK" in fonts
        fill = await asyncio.to_thread(lambda: driver.execute_script(
            "return getComputedStyle(document.querySelector('figure.chart svg path')).fill"))
        assert fill == "rgb(255, 255, 255)"  # the chart's own colours apply (not all black)
        await go(driver, f"{base}/buildings")
        await click(driver, By.CSS_SELECTOR, "ul.buildings a")
        await until(driver, EC.url_contains("building="))
        assert "暖气" in await page_text(driver)  # the building's ticket, by its grid link
