"""Headless Chromium for browser tests, from Debian's packages; selenium's manager stays off."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--window-size=1280,900")


def chromium_driver(user_data_dir: str | os.PathLike | None = None):
    """Starts headless Chromium via chromedriver and returns the WebDriver (caller quits it).

    Fails (never skips) when Chromium or chromedriver is missing: ``make test`` installs
    them (Debian packages ``chromium`` and ``chromium-driver``).
    """
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.fail(f"browser test needs {', '.join(missing)}: run `make system-deps` "
                    "(apt-get install chromium chromium-driver)", pytrace=False)
    os.environ["SE_OFFLINE"] = "true"  # never let selenium fetch a driver or browser
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ARGS:
        options.add_argument(arg)
    profile = Path(user_data_dir or tempfile.mkdtemp(prefix="chromium-profile-"))
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    if user_data_dir is None:
        quit_driver = driver.quit

        def quit_and_clean() -> None:
            quit_driver()
            shutil.rmtree(profile, ignore_errors=True)

        driver.quit = quit_and_clean
    return driver


async def until(driver, condition, timeout=10):
    """Runs a blocking WebDriverWait in a thread so the server keeps serving meanwhile."""
    wait = WebDriverWait(driver, timeout, poll_frequency=0.1)
    return await asyncio.to_thread(wait.until, condition)


async def click(driver, selector: str, timeout: float = 10) -> None:
    """Clicks the element once clickable, again if a re-render replaced it meanwhile."""
    for _ in range(5):
        button = await until(driver, EC.element_to_be_clickable((By.CSS_SELECTOR, selector)),
                             timeout)
        try:
            await asyncio.to_thread(button.click)
            return
        except StaleElementReferenceException:
            continue
    raise AssertionError(f"{selector} kept being re-rendered")


async def type_and_send(driver, pane: str, text: str) -> None:
    box = driver.find_element(By.ID, f"{pane}-input")
    await asyncio.to_thread(box.send_keys, text)
    await asyncio.to_thread(driver.find_element(By.ID, f"{pane}-send").click)
