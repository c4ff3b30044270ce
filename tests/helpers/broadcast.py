"""Broadcast helpers for end-to-end tests: residents known to both sides, a notice."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.localapi.client import ControlClient
from domain.notices import broadcast
from handlers.notices import broadcast as broadcast_handlers
from storage.models import Notice, Resident
from tests.helpers.botharness import settled


async def residents(app, control: ControlClient, langs: list[str], first_id: int) -> list:
    """Residents (stored and known to the local Bot API) speaking ``langs``; returns rows."""
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.residents.add_all([
            Resident(telegram_user_id=first_id + n, first_name=f"居民{n}", language=lang)
            for n, lang in enumerate(langs)])
        await uow.commit()
    for row in rows:
        await control.create_user(row.telegram_user_id, row.first_name,
                                  language_code=row.language)
    return rows


async def approved_notice(app, **fields) -> int:
    """An approved heating notice (fields override); returns its id."""
    values = {"topic": "heating", "text_zh": "明日9点停水", "text_en": "Water off at 9:00",
              "status": "approved"}
    values.update(fields)
    async with app.bot_data["services"].uow_factory() as uow:
        notice = await uow.notices.add(Notice(**values))
        await uow.commit()
        return notice.id


async def delivery_rows(app, notice_id: int) -> dict[int, dict]:
    """The notice's deliveries by resident id (detached snapshots)."""
    async with app.bot_data["services"].uow_factory() as uow:
        rows = await uow.deliveries.list_by_status(
            notice_id, ["pending", "sending", "sent", "failed", "blocked", "uncertain"])
        return {r.resident_id: {c: getattr(r, c) for c in r.__table__.columns.keys()}
                for r in rows}


async def bot_texts(control: ControlClient, chat_id: int) -> list[str]:
    """Texts the bot sent into a chat."""
    return [m.get("text") or "" for m in await control.messages(chat_id) if m.get("from_bot")]


async def tick(bot, svc, **kwargs) -> int:
    """The broadcast tick, then until the outbox has sent what it fed; notices done are
    finished (the next tick would do it)."""
    fed = await broadcast_handlers.tick(bot, svc, **kwargs)
    await settled()
    await broadcast.finish(svc.uow_factory, now=kwargs.get("now") or datetime.now(UTC))
    return fed
