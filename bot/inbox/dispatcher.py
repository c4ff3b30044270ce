"""Hands stored updates to the Application: one at a time per conversation, in update order.

Each conversation's first pending update is handled by a task of its own; its later
updates wait until it is handled or parked, so an update that fails on a database or
network error stays in front of them while it is retried with backoff. The handled mark
is committed with the handlers' own work and the messages they wrote to the outbox, in one
transaction (``_attempt``); a crash before it means the update is handled again after the
restart, from the state before it. Stored updates outlive
any process: a restart picks up what was pending.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.ext import Application

from bot.events import wake_or_timeout
from bot.inbox.failures import Outcome, classify
from bot.rate_limit import REPLYING_TO
from domain import inbox, outbox
from domain.inbox import MAX_ATTEMPTS, TELL_AFTER, Pending
from domain.ports import UowFactory
from handlers import errors
from storage.errors import is_transient
from storage.models import utcnow

logger = logging.getLogger(__name__)
IDLE_LOOK = 1.0  # seconds between looks at the inbox when nothing woke the dispatcher
PRUNE_EVERY = 600.0


class Dispatcher:
    """Runs until stopped; ``stored(conversations)`` after an insert starts them at once."""

    def __init__(self, app: Application, uow_factory: UowFactory, *,
                 concurrency: int = 256) -> None:
        self.app, self.uow_factory, self.concurrency = app, uow_factory, concurrency
        self._busy: dict[str, asyncio.Task] = {}
        self._dirty: set[str] = set()  # got an update while busy: look again when done
        self._starved = False
        self._last: dict[str, int] = {}  # conversation -> last update id handled or parked
        self._wake = asyncio.Event()
        self._stopping = False
        self._db_down_logged = False

    def stored(self, heads: dict[str, Pending | None]) -> None:
        """New updates were committed: handle these conversations now.

        ``heads`` gives each one's first pending update, when due (read as they were stored).
        """
        for conversation, head in heads.items():
            if conversation in self._busy:
                self._dirty.add(conversation)
            elif head is not None and len(self._busy) < self.concurrency \
                    and not self._starved:  # others wait already: the oldest go first
                self._start(conversation, head)
            elif head is not None:
                self._starved = True  # the look after a slot frees picks it up

    async def run(self, stop: asyncio.Event) -> None:
        """Looks for due updates every second until ``stop``; then drains.

        The look finds what ``stored`` did not start: updates due again after a failure, left
        pending by a restart, put back by ``frontdoor inbox retry``, or over the concurrency.
        """
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            self._wake.clear()
            await self._start_due()
            if loop.time() - last_prune > PRUNE_EVERY:
                last_prune = loop.time()
                await self._prune()
            await wake_or_timeout(self._wake, stop, IDLE_LOOK)
        await self.drain()

    async def drain(self, timeout: float = 10.0) -> None:
        """Lets updates in hand finish (up to ``timeout``); the rest stay pending in the inbox."""
        self._stopping = True
        tasks = list(self._busy.values())
        if tasks:
            _, late = await asyncio.wait(tasks, timeout=timeout)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    async def _start_due(self) -> None:
        free = self.concurrency - len(self._busy)
        if free <= 0:
            return
        try:
            rows = await inbox.heads(self.uow_factory, utcnow(), list(self._busy), free)
        except Exception as error:
            if not is_transient(error):
                raise
            self._log_db_down(error)
            return
        self._db_down_logged = False
        for row in rows:
            if row.conversation not in self._busy:
                self._start(row.conversation, row)

    def _start(self, conversation: str, first: Pending | None) -> None:
        """Starts the conversation's task.

        A head read before an await may have been handled meanwhile (PostgreSQL queries
        yield to the loop): then the task reads its head afresh instead of running it twice.
        """
        if first is not None and first.update_id <= self._last.get(conversation, -1):
            first = None
        self._busy[conversation] = asyncio.create_task(
            self._conversation(conversation, first), name=f"inbox-{conversation}")

    async def _conversation(self, conversation: str, row: Pending | None) -> None:
        """Handles the conversation's updates one by one while there are any."""
        try:
            if row is None:
                row = await self._settle(inbox.take, conversation, utcnow())
            while row is not None and not self._stopping:
                row = await self._handle(row)
        finally:
            self._busy.pop(conversation, None)
            if self._starved:
                self._starved = False
                self._wake.set()
            if conversation in self._dirty:
                self._dirty.discard(conversation)
                if not self._stopping:
                    self._start(conversation, None)

    async def _handle(self, row: Pending) -> Pending | None:
        """Tries one update until it is handled or parked; returns the conversation's next."""
        update = Update.de_json(row.payload, self.app.bot)
        attempts, told = row.attempts, row.told
        while True:
            error, following = await self._attempt(update, row, attempts)
            if error is MOVED:  # another process handled it meanwhile
                self._noted(row)
                return await self._settle(inbox.take, row.conversation, utcnow())
            outcome = Outcome.DONE if error is None else classify(error)
            if outcome is Outcome.DONE:
                self._noted(row)
                return following
            attempts += 1
            park = outcome is Outcome.PARK or attempts >= MAX_ATTEMPTS
            told = await self._tell(update, park, attempts, told)
            logger.log(logging.ERROR if park else logging.WARNING,
                       "update %s failed (%s, try %d)%s", row.update_id,
                       type(error).__name__, attempts, "; parked" if park else "",
                       exc_info=error if outcome is Outcome.PARK else None)
            if park:
                await errors.notify_staff(self.app.bot, self.app.bot_data,
                                          self._settings.staff_chat_id, type(error).__name__)
            await self._settle(inbox.failed, row.id, attempts=attempts,
                               error=type(error).__name__, park=park, told=told, now=utcnow())
            if park:
                self._noted(row)
                return await self._settle(inbox.take, row.conversation, utcnow())
            if not await self._pause(inbox.backoff(attempts).total_seconds()):
                return None  # stopping: the row stays pending, due again after the restart

    async def _attempt(self, update: Update, row: Pending,
                       tries_before: int) -> tuple[BaseException | None, Pending | None]:
        """One try in one transaction.

        The handlers' work, the messages they collected for the outbox and the handled mark
        are committed together, or none of them.

        The update's row is locked first (``inbox.take_turn``): with several processes, one
        conversation's updates are handled one at a time, in order, whichever process stored
        them; one handled elsewhere meanwhile comes back as ``MOVED``.

        Returns the error that stopped the try, or the conversation's next update.
        """
        svc = self.app.bot_data["services"]
        try:
            async with outbox.staged(svc.transaction, self.uow_factory,
                                     written=svc.outbox_written) as collector:
                chat = update.effective_chat
                if chat is not None and chat.type != "private":  # answers to staff go first
                    collector.asked_in = chat.id
                if not await inbox.take_turn(self.uow_factory, row.id):
                    raise _Failed(MOVED)
                error = await self._try(update, tries_before)
                if error is not None:
                    raise _Failed(error)
                following = await inbox.handled(self.uow_factory, row.id, utcnow(),
                                                 row.conversation)
        except _Failed as failed:
            return failed.error, None
        except Exception as error:  # noqa: BLE001 - the commit failed: nothing was kept
            return error, None
        return None, following

    def _noted(self, row: Pending) -> None:
        """Remembers the conversation's last finished update (bounded memory)."""
        if len(self._last) > 50_000:
            self._last.clear()
        self._last[row.conversation] = row.update_id

    async def _try(self, update: Update, tries_before: int) -> BaseException | None:
        """Runs every handler group once; the error that stopped them, if any."""
        attempt = errors.Attempt(update.update_id, tries_before)
        token = errors.CURRENT.set(attempt)
        chat = update.effective_chat
        reply_to = REPLYING_TO.set(chat.id if chat is not None and chat.type == "private"
                                   else None)
        try:
            await self.app.process_update(update)
        except Exception as error:  # process_update routes errors to on_error; be safe
            attempt.error = error
        finally:
            REPLYING_TO.reset(reply_to)
            errors.CURRENT.reset(token)
        return attempt.error

    async def _tell(self, update: Update, park: bool, attempts: int, told: bool) -> bool:
        """Says once that the message is kept (after a few tries), or that it was parked."""
        if park:
            key = "error_generic"
        elif told or attempts < TELL_AFTER:
            return told
        else:
            key = "inbox_delayed"
        sent = await errors.tell_sender(self.app.bot, update, key,
                                        self._settings.default_language)
        return told or sent

    async def _settle(self, work, *args, **kwargs):
        """Runs a database step, waiting out an outage (unless the bot stops)."""
        delay = 0.2
        while True:
            try:
                return await work(self.uow_factory, *args, **kwargs)
            except Exception as error:
                if not is_transient(error) or self._stopping:
                    raise
                self._log_db_down(error)
            if not await self._pause(delay):
                raise asyncio.CancelledError
            delay = min(delay * 2, 5.0)

    async def _pause(self, seconds: float) -> bool:
        """Sleeps; False if the bot is stopping."""
        end = asyncio.get_running_loop().time() + seconds
        while not self._stopping:
            left = end - asyncio.get_running_loop().time()
            if left <= 0:
                return True
            await asyncio.sleep(min(left, 0.25))
        return False

    async def _prune(self) -> None:
        try:
            gone = await inbox.prune(self.uow_factory, utcnow())
        except Exception as error:
            if not is_transient(error):
                raise
            return
        if gone:
            logger.info("inbox: %d old rows deleted", gone)

    def _log_db_down(self, error: BaseException) -> None:
        if not self._db_down_logged:
            logger.warning("inbox: database unavailable (%s); waiting", type(error).__name__)
            self._db_down_logged = True

    @property
    def _settings(self):
        return self.app.bot_data["services"].settings


class _Moved(Exception):  # noqa: N818 - the update was handled by another process
    pass


MOVED = _Moved()


class _Failed(Exception):  # noqa: N818 - carries a handler's error out of the transaction
    def __init__(self, error: BaseException) -> None:
        super().__init__(type(error).__name__)
        self.error = error
