"""Getting updates: long polling with getUpdates, or delivery to a webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time

import aiohttp

from bot.localapi.errors import OTHER_GETUPDATES, WEBHOOK_ACTIVE, ApiError, bad_request
from bot.localapi.params import Params
from bot.localapi.state import State

logger = logging.getLogger(__name__)
DEFAULT_KINDS = None  # every kind the simulator produces is in Telegram's default set
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
MAX_POLL_SECONDS = 50.0


def _kind(update: dict) -> str:
    return next(key for key in update if key != "update_id")


def _drop_unwanted(state: State) -> None:
    """Forgets queued updates of kinds the bot said it does not want."""
    if state.allowed_updates:
        wanted = set(state.allowed_updates)
        state.updates = [u for u in state.updates if _kind(u) in wanted]


def _confirm(state: State, offset: int | None) -> None:
    """Forgets updates below ``offset`` (or all but the last ``-offset`` when negative)."""
    if offset is None or offset == 0:
        return
    if offset > 0:
        state.updates = [u for u in state.updates if u["update_id"] >= offset]
    else:
        state.updates = state.updates[offset:]


async def get_updates(api, p: Params) -> list:
    """Implements getUpdates: answers at once when updates are queued, else long-polls."""
    state = api.state
    if state.webhook:
        raise ApiError(409, WEBHOOK_ACTIVE)
    allowed = p.json("allowed_updates")
    if allowed is not None:
        state.allowed_updates = list(allowed) or DEFAULT_KINDS
    _confirm(state, p.int("offset"))
    _drop_unwanted(state)
    limit = min(100, max(1, p.int("limit", 100)))
    timeout = min(MAX_POLL_SECONDS, max(0.0, p.float("timeout", 0.0)))
    api.poll_generation += 1
    generation = api.poll_generation
    state.wake()
    await state.wait_for(
        lambda: bool(state.updates) or api.closing or api.poll_generation != generation
        or state.webhook is not None, timeout)
    if api.poll_generation != generation:
        raise ApiError(409, OTHER_GETUPDATES)
    _drop_unwanted(state)
    return state.updates[:limit]


async def set_webhook(api, p: Params) -> bool:
    """Implements setWebhook: plain http is allowed here, everything is on loopback."""
    url = p.str("url") or ""
    if not url:
        return await delete_webhook(api, p)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = p.str("secret_token")
    if secret is not None and not SECRET.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if p.bool("drop_pending_updates"):
        api.state.updates.clear()
    allowed = p.json("allowed_updates")
    if allowed is not None:
        api.state.allowed_updates = list(allowed) or DEFAULT_KINDS
    api.state.webhook = {"url": url, "secret_token": secret,
                         "max_connections": p.int("max_connections", 40),
                         "last_error_date": None, "last_error_message": None}
    api.state.bump()
    return True


async def delete_webhook(api, p: Params) -> bool:
    """Implements deleteWebhook."""
    if p.bool("drop_pending_updates"):
        api.state.updates.clear()
    api.state.webhook = None
    api.state.bump()
    return True


async def get_webhook_info(api, p: Params) -> dict:
    """Implements getWebhookInfo."""
    state = api.state
    hook = state.webhook or {}
    info = {"url": hook.get("url", ""), "has_custom_certificate": False,
            "pending_update_count": len(state.updates)}
    if hook:
        info.update(max_connections=hook["max_connections"], ip_address="127.0.0.1")
        if state.allowed_updates:
            info["allowed_updates"] = state.allowed_updates
        if hook["last_error_date"]:
            info.update(last_error_date=hook["last_error_date"],
                        last_error_message=hook["last_error_message"])
    return info


class WebhookSender:
    """POSTs queued updates one at a time, in order, to the webhook; retries on failure."""

    def __init__(self, state: State) -> None:
        self.state = state
        self._task: asyncio.Task | None = None
        self._session: aiohttp.ClientSession | None = None
        self.delivered = 0

    def start(self) -> None:
        """Starts delivering in the background."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._task = asyncio.create_task(self._run(), name="localapi-webhook")

    async def stop(self) -> None:
        """Stops delivering and closes the HTTP session."""
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session:
            await self._session.close()

    async def _run(self) -> None:
        backoff = 0.1
        state = self.state
        while True:
            await state.wait_for(lambda: bool(state.webhook and state.updates), 3600)
            hook, update = state.webhook, state.updates[0]
            error = await self._post(hook, update)
            if error is None:
                backoff = 0.1
                self.delivered += 1
                if update in state.updates:
                    state.updates.remove(update)
                state.bump()
                continue
            hook.update(last_error_date=int(time.time()), last_error_message=error)
            logger.info("webhook delivery failed (%s); retrying in %.1fs", error, backoff)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)

    async def _post(self, hook: dict, update: dict) -> str | None:
        headers = {}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = hook["secret_token"]
        try:
            async with self._session.post(hook["url"], json=update, headers=headers) as resp:
                if 200 <= resp.status < 300:
                    return None
                return f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return f"Connection failed: {exc.__class__.__name__}"
