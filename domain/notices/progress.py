"""How far a running notice has got, for the one progress message in the staff chat.

Each launched notice has one message (``notices.progress_message_id``) that is edited in
place while it runs and turned into a summary when it ends. Which messages are still live
and when each was last edited is stored conversation state (``notice_progress:<id>``), so
a restart neither loses a summary nor posts a second message. Edits are throttled: the
staff group may receive only ~20 messages a minute, edits included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.notices import broadcast as bc
from domain.ports import UowFactory

NAME = "notice_progress"
LIVE, ENDED = (bc.RUNNING, bc.PAUSED), (bc.DONE, bc.CANCELLED)
PROBLEMS = (bc.FAILED, bc.BLOCKED, bc.UNCERTAIN)


@dataclass(frozen=True)
class Progress:
    """Counts of one notice's deliveries, and why the unsent ones were not sent."""

    notice_id: int
    status: str
    topic: str
    sent: int
    failed: int  # failed or uncertain (may or may not have arrived)
    blocked: int
    waiting: int  # pending, held until later (quiet hours, backoff)
    left: int  # pending or sending, the waiting ones included
    cancelled: int
    wake_at: datetime | None
    reasons: tuple[tuple[str, str, int], ...] = ()
    at: datetime | None = None  # when this was read
    emergency: bool = False
    released: bool = False  # a supervisor sent it in quiet hours anyway

    @property
    def held(self) -> bool:
        """Deliveries wait for quiet hours to end and a supervisor may send them anyway."""
        return (self.status in LIVE and self.waiting > 0 and not self.emergency
                and not self.released)

    @property
    def final(self) -> bool:
        """The notice is done or cancelled and nothing is in flight: time for the summary.

        Messages handed to the outbox before a cancel are still sent (or refused): the
        summary waits for their outcome, so it counts every row.
        """
        return self.status in ENDED and self.left == 0

    @property
    def total(self) -> int:
        """Every delivery of the notice."""
        return self.sent + self.failed + self.blocked + self.left + self.cancelled

    def eta_seconds(self, per_second: float) -> float | None:
        """Seconds until every delivery left is sent at ``per_second``; None if paused.

        The waiting ones go when their wait ends (``wake_at``): the wait is counted.
        """
        if self.status != bc.RUNNING:
            return None
        rate = max(per_second, 0.001)
        ready = max(0, self.left - self.waiting) / rate
        if not self.waiting or self.wake_at is None or self.at is None:
            return ready
        return max(ready, (self.wake_at - self.at).total_seconds()) + self.waiting / rate


@dataclass(frozen=True)
class Tracked:
    """A live progress message: its notice, message id and what it shows now."""

    notice_id: int
    message_id: int
    digest: str


async def snapshot(uow_factory: UowFactory, notice_id: int, *, now: datetime) -> Progress:
    """The notice's progress right now."""
    async with uow_factory() as uow:
        notice = await uow.notices.get(notice_id)
        counts = await uow.deliveries.counts_by_status(notice_id)
        waiting, wake = await uow.deliveries.waiting(notice_id, now)
        reasons = await uow.deliveries.errors(notice_id, PROBLEMS)
        return Progress(
            notice_id, notice.status, notice.topic, counts.get(bc.SENT, 0),
            counts.get(bc.FAILED, 0) + counts.get(bc.UNCERTAIN, 0), counts.get(bc.BLOCKED, 0),
            waiting, counts.get(bc.PENDING, 0) + counts.get(bc.SENDING, 0),
            counts.get(bc.CANCELLED_DELIVERY, 0), wake, tuple(reasons), now, notice.emergency,
            notice.quiet_released_at is not None)


async def to_post(uow_factory: UowFactory) -> list[int]:
    """Launched staff notices that have no progress message yet.

    A small notice may be done before its first message went out: it gets the summary.
    """
    async with uow_factory() as uow:
        return [n.id for n in await uow.notices.list_by_status([*LIVE, *ENDED])
                if n.approved_by is not None and n.started_at is not None
                and n.progress_message_id is None]


async def posted(uow_factory: UowFactory, notice_id: int, message_id: int, digest: str, *,
                 now: datetime, final: bool = False) -> None:
    """Records the notice's progress message and, unless it is the summary, tracks it."""
    async with uow_factory() as uow:
        (await uow.notices.get(notice_id)).progress_message_id = message_id
        if not final:
            await uow.conversations.put(_key(notice_id), name=NAME, state="live", now=now,
                                        data={"notice_id": notice_id, "message_id": message_id,
                                              "digest": digest})
        await uow.commit()


async def due_edits(uow_factory: UowFactory, *, now: datetime, every: timedelta,
                    limit: int = 1) -> list[Tracked]:
    """Messages to edit now: every ended notice, and the ``limit`` live ones due.

    A live message is due when it was last edited (or looked at) at least ``every`` ago;
    the longest-waiting first. The budget is for the whole group, not per message.
    """
    async with uow_factory() as uow:
        rows = sorted(await uow.conversations.list_for(NAME), key=lambda r: r.updated_at)
        ended, live = [], []
        for row in rows:
            data = row.data or {}
            notice = await uow.notices.get(int(data.get("notice_id", 0)))
            if notice is None:
                continue
            item = Tracked(notice.id, int(data["message_id"]), str(data.get("digest", "")))
            if notice.status in ENDED:
                ended.append(item)
            elif row.updated_at <= now - every:
                live.append(item)
        return ended + live[:limit]


async def edited(uow_factory: UowFactory, item: Tracked, digest: str, *, final: bool,
                 now: datetime) -> None:
    """Records an edit; the summary ends the tracking."""
    async with uow_factory() as uow:
        if final:
            await uow.conversations.delete(_key(item.notice_id))
        else:
            await uow.conversations.put(_key(item.notice_id), name=NAME, state="live", now=now,
                                        data={"notice_id": item.notice_id,
                                              "message_id": item.message_id, "digest": digest})
        await uow.commit()


async def touch(uow_factory: UowFactory, item: Tracked, *, now: datetime) -> None:
    """Nothing changed since the last edit: counts as looked at (keeps the round-robin)."""
    await edited(uow_factory, item, item.digest, final=False, now=now)


def _key(notice_id: int) -> str:
    return f"{NAME}:{notice_id}"


async def message_of(uow_factory: UowFactory, notice_id: int) -> int | None:
    """The notice's progress message id, or None (not launched, or no staff chat)."""
    async with uow_factory() as uow:
        notice = await uow.notices.get(notice_id)
        return notice.progress_message_id if notice is not None else None
