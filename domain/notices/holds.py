"""Quiet-hour holds follow the setting as it is now.

A notice held for quiet hours waits until the end of the window **as configured now**
(``quiet.hold_until``): each broadcast tick moves the held deliveries of running notices
to the end of the current window, earlier or later, or releases them at once when it is no
longer quiet (the window changed or was turned off, or a supervisor sent the notice anyway,
``launch.send_anyway``).
"""

from __future__ import annotations

from datetime import datetime, time, tzinfo

from domain.notices import broadcast as bc
from domain.notices.quiet import hold_until
from domain.ports import UowFactory


async def follow_quiet(uow_factory: UowFactory, *, now: datetime,
                       quiet: tuple[time, time] | None, tz: tzinfo | None) -> int:
    """Moves the holds of running notices to the quiet window as configured now.

    Returns:
        How many deliveries were moved.
    """
    async with uow_factory() as uow:
        moved = 0
        for notice in await uow.notices.list_by_status([bc.RUNNING]):
            wake = hold_until(now, tz, quiet, emergency=notice.emergency,
                              released=notice.quiet_released_at is not None)
            if wake > now:
                moved += await uow.deliveries.hold_pending(notice.id, wake)
            else:
                moved += await uow.deliveries.release_held(notice.id, now)
        await uow.commit()
        return moved
