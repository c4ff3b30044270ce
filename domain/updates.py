"""Exactly-once handling of incoming updates."""

from __future__ import annotations

from domain.ports import UowFactory


async def claim_update(uow_factory: UowFactory, update_id: int) -> bool:
    """Records ``update_id``; True the first time, False when it was already handled."""
    async with uow_factory() as uow:
        first_time = await uow.processed_updates.mark(update_id)
        await uow.commit()
    return first_time
