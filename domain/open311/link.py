"""Linking an Open311 request to a resident's Telegram: by the short code the API gave.

The resident sends ``/link CODE``; the request's ticket becomes theirs (status, staff
replies and the callback surveys reach them in Telegram). The code works once. Nobody is
ever matched by phone number.
"""

from __future__ import annotations

import re
from datetime import datetime

from domain.errors import DomainError
from domain.open311.requests import LINK_ALPHABET, LINK_LENGTH
from domain.ports import UowFactory
from storage.models import Resident

_CODE = re.compile(f"^[{LINK_ALPHABET}]{{{LINK_LENGTH}}}$")


class LinkUnknown(DomainError):
    """No request waits for this code (mistyped, or used already)."""

    code = "link_unknown"


async def link_request(uow_factory: UowFactory, *, telegram_user_id: int,
                       first_name: str | None, lang: str, link_code: str,
                       now: datetime) -> str:
    """Gives the request's ticket to this Telegram user; returns the ticket code."""
    code = link_code.strip().upper()
    if not _CODE.match(code):
        raise LinkUnknown(code[:16])
    async with uow_factory() as uow:
        ticket = await uow.requests.by_link_code(code)
        if ticket is None:
            raise LinkUnknown(code)
        resident = await uow.residents.get_by_telegram_id(telegram_user_id)
        if resident is None:
            resident = await uow.residents.add(Resident(
                telegram_user_id=telegram_user_id, first_name=first_name, language=lang))
        reporter = ticket.resident_id
        ticket.resident_id, ticket.link_code = resident.id, None
        await uow.events.append(ticket.id, "linked", "resident", resident.id, at=now,
                                payload={"from_resident": reporter})
        await uow.commit()
        return ticket.code
