"""Which staff group a ticket lives in: its unit's, or the configured one (docs/units.md)."""

from __future__ import annotations

from telegram.ext import ContextTypes

from domain.units.routing import ticket_group
from handlers.common import services


def group_or_default(context: ContextTypes.DEFAULT_TYPE, own: int | None) -> int | None:
    """A unit's own group, else the configured staff group (None: no staff group at all)."""
    return own if own is not None else services(context).settings.staff_chat_id


async def group_of(context: ContextTypes.DEFAULT_TYPE, ticket_id: int) -> int | None:
    """The staff group of the ticket's unit."""
    own = await ticket_group(services(context).uow_factory, ticket_id)
    return group_or_default(context, own)
