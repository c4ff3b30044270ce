"""A hand-checked small data set for the monthly analysis of 2026-10 (Asia/Shanghai).

Twelve tickets over three months and two buildings, plus one a year ago and one too old:

- 2025-09-20 城乡建设 (outside the 13 months read) · 2025-10-15 城乡建设 (a year ago);
- 2026-09: 城乡建设 (answered: solved, satisfied; responded in time) and 交通运输;
- 2026-10: 城乡建设 ×4 in building 3 — one opened 2026-09-30 17:00 UTC (already October in
  Beijing), one excluded ("不属于社区管辖") — so a hot spot of 4; 交通运输 ×2 and 环境保护 ×1
  in building 5. Surveys: ``on_time`` solved + satisfied, ``late`` not solved +
  dissatisfied, ``silent`` expired (no answer);
- 2026-11-01 01:00 Beijing (2026-10-31 17:00 UTC): November, not counted.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from storage.models import StaffMember, Survey
from tests.integration.factories import add_resident, add_ticket

TZ = ZoneInfo("Asia/Shanghai")
HEATING = "城乡建设/城市建设和市政管理/冬季采暖"
PARKING = "交通运输/城市交通/停车管理"
NOISE = "环境保护/噪音污染/施工噪音"
OCT = datetime(2026, 10, 12, 9, tzinfo=UTC)


async def seed_month(uow) -> dict:
    """Adds the data set (not committed); returns the tickets by name."""
    worker = await uow.staff.add(StaffMember(telegram_user_id=9002, display_name="王",
                                             role="worker"))
    r = await add_resident(uow)
    hour = timedelta(hours=1)

    async def ticket(at, category, building="3", **fields):
        return await add_ticket(uow, r.id, created_at=at, category=category,
                                category_level1=category.split("/")[0], building=building,
                                assignee_id=worker.id, **fields)

    t = {
        "too_old": await ticket(datetime(2025, 9, 20, tzinfo=UTC), HEATING),
        "year_ago": await ticket(datetime(2025, 10, 15, tzinfo=UTC), HEATING),
        "sep": await ticket(datetime(2026, 9, 10, tzinfo=UTC), HEATING,
                            respond_due_at=datetime(2026, 9, 10, 2, tzinfo=UTC),
                            first_response_at=datetime(2026, 9, 10, 1, tzinfo=UTC)),
        "sep_parking": await ticket(datetime(2026, 9, 11, tzinfo=UTC), PARKING, "5"),
        "on_time": await ticket(datetime(2026, 9, 30, 17, tzinfo=UTC), HEATING,
                                respond_due_at=OCT, first_response_at=OCT - hour),
        "late": await ticket(OCT, HEATING, respond_due_at=OCT + hour,
                             first_response_at=OCT + 3 * hour),
        "silent": await ticket(OCT, HEATING, respond_due_at=OCT + hour),
        "excluded": await ticket(OCT, HEATING, excluded_from_kpi=True,
                                 exclusion_reason="不属于社区管辖", excluded_by=worker.id),
        "parking1": await ticket(OCT, PARKING, "5"),
        "parking2": await ticket(OCT + 24 * hour, PARKING, "5"),
        "noise": await ticket(OCT, NOISE, "5"),
        "november": await ticket(datetime(2026, 10, 31, 17, tzinfo=UTC), HEATING),
    }

    def survey(name, status, **answers):
        return Survey(ticket_id=t[name].id, resident_id=r.id, round=1, status=status,
                      due_at=OCT, is_latest=status == "answered", **answers)

    await uow.surveys.add_all([
        survey("sep", "answered", solved="yes", satisfaction="satisfied"),
        survey("on_time", "answered", solved="yes", satisfaction="satisfied"),
        survey("late", "answered", solved="no", satisfaction="dissatisfied"),
        survey("silent", "expired"),
    ])
    return t
