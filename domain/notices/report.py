""""Still a problem? Report it": the category a report from a notice starts with."""

from __future__ import annotations

from domain.errors import DomainError
from domain.ports import UowFactory


class NotDelivered(DomainError):
    """The presser never received this notice (forged or foreign callback data)."""

    code = "stale_button"


async def category_for_report(uow_factory: UowFactory, telegram_user_id: int,
                              notice_id: int) -> str | None:
    """The notice's category (None when it has none) for a resident it was delivered to.

    Raises:
        NotDelivered: when the notice does not exist or never went to this resident.
    """
    async with uow_factory() as uow:
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        notice = await uow.notices.get(notice_id)
        if resident is None or notice is None:
            raise NotDelivered(notice_id)
        if await uow.deliveries.get_for(notice_id, resident.id) is None:
            raise NotDelivered(notice_id)
        return notice.category
