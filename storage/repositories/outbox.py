"""The outbox's rows: add messages, pick each lane's next due one, claim, record outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.orm import aliased

from storage.models import OutboxMessage, OutboxSender
from storage.notify import OUTBOX_CHANNEL
from storage.repositories.base import Repository
from storage.repositories.dialect import insert_for

WAKE_SENDER = select(func.pg_notify(OUTBOX_CHANNEL, ""))
PENDING, SENDING, SENT, UNCERTAIN, FAILED = "pending", "sending", "sent", "uncertain", "failed"
OPEN = (PENDING, SENDING)


class Outbox(Repository[OutboxMessage]):
    """Messages to send, in lanes (one chat, or one ticket's topic) sent one at a time."""

    model = OutboxMessage

    async def add_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Inserts the rows (one cached statement for many parameter sets).

        On PostgreSQL the sending process (which may be another one) is woken at the commit
        (``NOTIFY``, see ``storage/notify.py``).
        """
        if rows:
            await self.session.execute(insert(OutboxMessage), [dict(r) for r in rows])
            if self.session.get_bind().dialect.name == "postgresql":
                await self.session.execute(WAKE_SENDER)

    async def open_keys(self, keys: Iterable[str], statuses: Sequence[str] = (PENDING,)
                        ) -> set[str]:
        """Which of these coalescing keys a row holds already (pending, or in ``statuses``)."""
        keys = list(keys)
        if not keys:
            return set()
        stmt = select(OutboxMessage.dedupe).where(OutboxMessage.dedupe.in_(keys))
        if statuses:
            stmt = stmt.where(OutboxMessage.status.in_(list(statuses)))
        return set(await self.session.scalars(stmt))

    async def add_photos(self, key: str, photos: list[str]) -> None:
        """Adds photos to the pending album row written with this key."""
        row = await self.session.scalar(select(OutboxMessage).where(
            OutboxMessage.dedupe == key, OutboxMessage.status == PENDING).limit(1))
        if row is None:
            return
        params = dict(row.params or {})
        params["photos"] = [*params.get("photos", []), *photos][:10]  # Telegram's most
        await self.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == row.id,
                                        OutboxMessage.status == PENDING)
            .values(params=params).execution_options(synchronize_session=False))

    async def sent_id(self, key: str) -> int | None:
        """The message id of the sent row written with this key, if any."""
        stmt = select(OutboxMessage.message_id).where(
            OutboxMessage.dedupe == key, OutboxMessage.status == SENT).limit(1)
        return await self.session.scalar(stmt)

    async def due(self, now: datetime, limit: int) -> list[OutboxMessage]:
        """Pending rows that are due and first in their lane, most urgent first."""
        earlier = aliased(OutboxMessage)
        first = ~select(earlier.id).where(
            earlier.lane == OutboxMessage.lane, earlier.status.in_(OPEN),
            earlier.id < OutboxMessage.id).exists()
        stmt = (select(OutboxMessage)
                .where(OutboxMessage.status == PENDING, OutboxMessage.due_at <= now, first)
                .order_by(OutboxMessage.priority, OutboxMessage.id).limit(limit))
        return list(await self.session.scalars(stmt))

    async def claim(self, ids: Sequence[int], *, token: str, until: datetime) -> list[int]:
        """Marks still-pending rows ``sending`` for this claimer; returns the ids it got."""
        if not ids:
            return []
        stmt = (update(OutboxMessage)
                .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status == PENDING)
                .values(status=SENDING, claim_token=token, claimed_until=until,
                        attempts=OutboxMessage.attempts + 1)
                .returning(OutboxMessage.id).execution_options(synchronize_session=False))
        return list((await self.session.execute(stmt)).scalars())

    async def settle(self, row_id: int, token: str | None, **values: Any) -> bool:
        """Records an outcome on a row this claimer holds (or one settled as uncertain)."""
        cond = [OutboxMessage.id == row_id]
        if token is None:  # settling a lapsed claim: only while it is still in flight
            cond.append(OutboxMessage.status == SENDING)
        else:
            cond.append(or_(and_(OutboxMessage.status == SENDING,
                                 OutboxMessage.claim_token == token),
                            OutboxMessage.status == UNCERTAIN))
        stmt = (update(OutboxMessage).where(*cond).values(**values)
                .execution_options(synchronize_session=False))
        return (await self.session.execute(stmt)).rowcount > 0

    async def lapsed(self, now: datetime, limit: int = 200) -> list[OutboxMessage]:
        """Rows still ``sending`` whose claimer died: lease over, or no live sender."""
        alive = select(OutboxSender.token).where(OutboxSender.token == OutboxMessage.claim_token,
                                                 OutboxSender.alive_until > now).exists()
        stmt = (select(OutboxMessage)
                .where(OutboxMessage.status == SENDING,
                       or_(OutboxMessage.claimed_until <= now, ~alive))
                .order_by(OutboxMessage.id).limit(limit))
        return list(await self.session.scalars(stmt))

    async def in_flight(self) -> int:
        """Rows ``sending``, whoever claimed them."""
        stmt = select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status == SENDING)
        return int(await self.session.scalar(stmt) or 0)

    async def alive(self, token: str, until: datetime) -> None:
        """This sender is alive until ``until`` (inserted or renewed)."""
        stmt = insert_for(self.session, OutboxSender).values(token=token, alive_until=until)
        await self.session.execute(stmt.on_conflict_do_update(
            index_elements=[OutboxSender.token], set_={"alive_until": until}))

    async def gone(self, token: str, now: datetime) -> None:
        """This sender stops; senders long dead are forgotten."""
        await self.session.execute(delete(OutboxSender).where(or_(
            OutboxSender.token == token, OutboxSender.alive_until < now - timedelta(days=1))))

    async def open_count(self, kind: str) -> int:
        """Rows of this kind still to send (pending or sending)."""
        stmt = select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.kind == kind, OutboxMessage.status.in_(OPEN))
        return int(await self.session.scalar(stmt) or 0)

    async def counts(self) -> dict[str, int]:
        """Rows per status."""
        stmt = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: n for status, n in (await self.session.execute(stmt)).all()}

    async def listing(self, status: str | None = None, limit: int = 50) -> list[OutboxMessage]:
        """The newest rows (of one status)."""
        stmt = select(OutboxMessage)
        if status:
            stmt = stmt.where(OutboxMessage.status == status)
        return list(await self.session.scalars(stmt.order_by(OutboxMessage.id.desc())
                                               .limit(limit)))

    async def requeue(self, row_id: int, now: datetime) -> bool:
        """Puts an uncertain or failed row back to be sent (an operator's decision)."""
        stmt = (update(OutboxMessage)
                .where(OutboxMessage.id == row_id,
                       OutboxMessage.status.in_((UNCERTAIN, FAILED)),
                       OutboxMessage.params.is_not(None))
                .values(status=PENDING, due_at=now, claim_token=None, claimed_until=None)
                .execution_options(synchronize_session=False))
        return (await self.session.execute(stmt)).rowcount > 0

    async def prune(self, sent_before: datetime, closed_before: datetime) -> int:
        """Deletes sent rows (not about a resident) and old uncertain or failed ones."""
        stmt = delete(OutboxMessage).where(or_(
            and_(OutboxMessage.status == SENT, OutboxMessage.about_user.is_(None),
                 OutboxMessage.sent_at < sent_before),
            and_(OutboxMessage.status.in_((UNCERTAIN, FAILED)),
                 OutboxMessage.created_at < closed_before)))
        return (await self.session.execute(stmt)).rowcount

    async def sent_about(self, user_id: int) -> list[tuple[int, int]]:
        """(chat, message id) of sent messages carrying this resident's words."""
        stmt = select(OutboxMessage.chat_id, OutboxMessage.message_id).where(
            OutboxMessage.about_user == user_id, OutboxMessage.message_id.is_not(None))
        return [(c, m) for c, m in (await self.session.execute(stmt)).all()]

    async def erase_person(self, user_id: int, chat_id: int | None) -> int:
        """Deletes the rows about this resident and the unsent ones to their chat."""
        cond = [OutboxMessage.about_user == user_id]
        if chat_id is not None:
            cond.append(OutboxMessage.chat_id == chat_id)
        stmt = delete(OutboxMessage).where(or_(*cond))
        return (await self.session.execute(stmt)).rowcount
