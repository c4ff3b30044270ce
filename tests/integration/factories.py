"""Small builders of valid rows for storage tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from storage.models import Notice, Resident, Ticket
from storage.uow import SqlUnitOfWork

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
_numbers = itertools.count(1)


async def add_resident(uow: SqlUnitOfWork, **fields) -> Resident:
    n = next(_numbers)
    values = {"telegram_user_id": 10_000_000_000 + n, "first_name": f"居民{n}",
              "building": "3", "unit": "2", "room": "502"}
    values.update(fields)
    return await uow.residents.add(Resident(**values))


async def add_ticket(uow: SqlUnitOfWork, resident_id: int, **fields) -> Ticket:
    n = next(_numbers)
    values = {"code": f"T-{n:06d}", "resident_id": resident_id, "status": "new",
              "category": "城乡建设/城市建设和市政管理/冬季采暖", "category_level1": "城乡建设",
              "description": "暖气不热", "building": "3", "created_at": T0}
    values.update(fields)
    return await uow.tickets.add(Ticket(**values))


async def add_notice(uow: SqlUnitOfWork, **fields) -> Notice:
    values = {"topic": "heating", "text_zh": "供暖检查", "status": "running"}
    values.update(fields)
    return await uow.notices.add(Notice(**values))
