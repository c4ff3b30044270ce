"""A hand-checked small data set for the daily digest of 2026-11-23 and the weekly review
of 2026-W47 (2026-11-16 .. 11-22), Asia/Shanghai; 王 is the one worker.

- A 11-22 10:00 emergency, new, respond by 11:00 (never answered): new, emergency, overdue;
- B 11-20 claimed by 王, answered, resolve by 11-23 17:00: due today;
- C 11-21 claimed by 王, answered in time, resolve by 11-22 12:00: overdue (王);
- D 11-19 resolved by 王 11-22 15:00; a survey answered 11-20 "not solved": closed, unhappy;
- E 11-18 reopened 11-22 20:00 (held by 王, resolve by 11-25); a survey 11-21 "dissatisfied";
- F 11-22 07:00 (before the daily's window), new; G 11-23 09:00 (after it), new;
- H 11-10 claimed by 王, answered in time: open longer than 7 days; the week before's ticket;
- I 2026-10-05 环境保护: last month.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from storage.models import StaffMember, Survey
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
WORKER_TG = 9002


def at(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A local time in 2026."""
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


async def seed_digest_data(uow_factory, worker_tg: int = WORKER_TG, *,
                           worker: int | None = None) -> dict:
    """Adds the data set and commits; returns ticket ids by letter (and "worker")."""
    async with uow_factory() as uow:
        if worker is None:
            wang = await uow.staff.add(StaffMember(telegram_user_id=worker_tg,
                                                   display_name="王", role="worker"))
            worker = wang.id
        r = await add_resident(uow)
        t = {}
        t["A"] = await add_ticket(uow, r.id, created_at=at(11, 22, 10), urgency="emergency",
                                  respond_due_at=at(11, 22, 11), resolve_due_at=at(11, 22, 14))
        t["B"] = await add_ticket(uow, r.id, created_at=at(11, 20), status="claimed",
                                  assignee_id=worker, first_response_at=at(11, 20, 1),
                                  resolve_due_at=at(11, 23, 17))
        t["C"] = await add_ticket(uow, r.id, created_at=at(11, 21), status="claimed",
                                  assignee_id=worker, respond_due_at=at(11, 21, 10),
                                  first_response_at=at(11, 21, 9), resolve_due_at=at(11, 22, 12))
        t["D"] = await add_ticket(uow, r.id, created_at=at(11, 19), status="resolved",
                                  assignee_id=worker, first_response_at=at(11, 19, 1),
                                  resolved_at=at(11, 22, 15))
        t["E"] = await add_ticket(uow, r.id, created_at=at(11, 18), status="reopened",
                                  assignee_id=worker, first_response_at=at(11, 18, 1),
                                  reopened_count=1, resolve_due_at=at(11, 25))
        t["F"] = await add_ticket(uow, r.id, created_at=at(11, 22, 7))
        t["G"] = await add_ticket(uow, r.id, created_at=at(11, 23, 9))
        t["H"] = await add_ticket(uow, r.id, created_at=at(11, 10), status="claimed",
                                  assignee_id=worker, respond_due_at=at(11, 10, 4),
                                  first_response_at=at(11, 10, 1))
        t["I"] = await add_ticket(uow, r.id, created_at=at(10, 5), status="closed",
                                  category="环境保护/噪音污染/施工噪音", category_level1="环境保护")
        await uow.events.append(t["E"].id, "reopened", "resident", r.id, at=at(11, 22, 20))
        for ticket, answers in ((t["D"], {"solved": "no", "answered_at": at(11, 20)}),
                                (t["E"], {"solved": "yes", "satisfaction": "dissatisfied",
                                          "answered_at": at(11, 21)}),
                                (t["H"], {"solved": "no", "answered_at": at(11, 12)})):
            await uow.surveys.add(Survey(ticket_id=ticket.id, resident_id=r.id, round=1,
                                         status="answered", due_at=ticket.created_at,
                                         is_latest=True, **answers))
        await uow.commit()
        return {"worker": worker, **{k: v.id for k, v in t.items()}}
