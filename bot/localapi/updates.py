"""Getting updates: long polling with getUpdates, or delivery to a webhook."""

from __future__ import annotations

import asyncio
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


def queue_of(update: dict) -> str:
    """The queue an update is delivered in: its chat (or its sender, or all together)."""
    body = update.get(_kind(update)) or {}
    chat = (body.get("chat") or (body.get("message") or {}).get("chat") or {}).get("id")
    if chat is not None:
        return f"c{chat}"
    sender = (body.get("from") or {}).get("id")
    return f"u{sender}" if sender is not None else "-"


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
    """POSTs queued updates to the webhook, retrying on failure, as Telegram does.

    Up to the webhook's ``max_connections`` requests run at once, but one chat's updates
    go one at a time, in order: the next is sent only after the webhook answered 2xx to
    the one before (Telegram's Bot API server keeps a queue per chat the same way).
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self._task: asyncio.Task | None = None
        self._session: aiohttp.ClientSession | None = None
        self._busy: dict[str, asyncio.Task] = {}  # chat (queue) -> its delivery in flight
        self._retry_at: dict[str, float] = {}  # a chat whose last delivery failed
        self._backoff: dict[str, float] = {}
        self.delivered = 0
        self.most_at_once = 0

    def start(self) -> None:
        """Starts delivering in the background."""
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10),
                                              connector=aiohttp.TCPConnector(limit=100))
        self._task = asyncio.create_task(self._run(), name="localapi-webhook")

    async def stop(self) -> None:
        """Stops delivering and closes the HTTP session."""
        tasks = [t for t in (self._task, *self._busy.values()) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._session:
            await self._session.close()

    def _ready(self) -> list[tuple[str, dict]]:
        """Each idle chat's first queued update, within the connection limit."""
        hook = self.state.webhook
        if not hook:
            return []
        room = max(1, int(hook.get("max_connections") or 40)) - len(self._busy)
        now, seen, ready = time.monotonic(), set(self._busy), []
        for update in self.state.updates:
            if room <= 0:
                break
            queue = queue_of(update)
            if queue in seen:
                continue
            seen.add(queue)
            if self._retry_at.get(queue, 0.0) > now:
                continue
            ready.append((queue, update))
            room -= 1
        return ready

    async def _run(self) -> None:
        state = self.state
        while True:
            seen = state.seq
            ready = self._ready()
            if not ready:  # wait for a change (an update, a delivery done) or a retry's time
                await state.wait_for(lambda seen=seen: state.seq != seen, self._next_retry())
                continue
            for queue, update in ready:
                self._busy[queue] = asyncio.create_task(self._deliver(queue, update))
            self.most_at_once = max(self.most_at_once, len(self._busy))

    def _next_retry(self) -> float:
        if not self._retry_at:
            return 3600.0
        return max(0.01, min(self._retry_at.values()) - time.monotonic())

    async def _deliver(self, queue: str, update: dict) -> None:
        state = self.state
        try:
            hook = state.webhook
            error = await self._post(hook, update) if hook else "no webhook"
            if error is None:
                self.delivered += 1
                self._retry_at.pop(queue, None)
                self._backoff.pop(queue, None)
                if update in state.updates:
                    state.updates.remove(update)
                return
            backoff = self._backoff.get(queue, 0.05) * 2
            self._backoff[queue] = min(backoff, 2.0)
            self._retry_at[queue] = time.monotonic() + self._backoff[queue]
            if hook:
                hook.update(last_error_date=int(time.time()), last_error_message=error)
            logger.info("webhook delivery failed (%s); retrying in %.1fs", error,
                        self._backoff[queue])
        finally:
            self._busy.pop(queue, None)
            state.bump()

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
