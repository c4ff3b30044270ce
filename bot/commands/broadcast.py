"""``frontdoor broadcast list|watch``: notices and a progress bar for a running broadcast.

``watch`` reads the database the bot writes (``domain.notices.progress.snapshot``), so it
works from any terminal while the bot sends: a bar redrawn in place on a terminal, a line
per interval otherwise, and the summary with counts and reasons when the notice ends.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.settings import load_settings
from domain.notices.progress import Progress, snapshot

WIDTH = 30
# Watched until the summary: a cancelled or done notice while messages are still in flight.
WATCHED = ("running", "approved", "scheduled", "cancelled", "done")


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``broadcast list`` and ``broadcast watch``."""
    parser = sub.add_parser("broadcast", help="notices being sent: list, progress bar",
                            description="Notices and their deliveries, from the database.")
    bsub = parser.add_subparsers(dest="broadcast_command", metavar="ACTION")
    listing = bsub.add_parser("list", help="the latest notices with their status and counts")
    listing.add_argument("--limit", type=int, default=20)
    listing.set_defaults(handler=_list)
    watch = bsub.add_parser("watch", help="a progress bar until the notice ends",
                            description="Shows sent / failed / blocked / waiting / left, the "
                                        "rate and an ETA until the notice is done, paused "
                                        "or cancelled; then a summary.")
    watch.add_argument("notice_id", type=int)
    watch.add_argument("--interval", type=float, default=1.0, help="seconds between looks")
    watch.add_argument("--once", action="store_true", help="print one line and stop")
    watch.set_defaults(handler=_watch)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def bar(p: Progress, rate: float | None, tz: ZoneInfo | None = None,
        limit: float | None = None) -> str:
    """One line: ``[#####.....] 50% sent 500 · failed 0 · … · 30.0/s · ETA 17 s``.

    ``rate`` is the one measured; the ETA uses the configured ``limit`` until there is one
    (and counts a wait for quiet hours to end). Times are local in ``tz`` (the settings'
    zone), with the zone named.
    """
    total = max(p.total, 1)
    done = p.sent + p.failed + p.blocked + p.cancelled
    filled = round(WIDTH * done / total)
    eta = p.eta_seconds(rate or limit) if rate or limit else None
    parts = [f"[{'#' * filled}{'.' * (WIDTH - filled)}] {100 * done // total:3d}%",
             f"sent {p.sent}", f"failed {p.failed}", f"blocked {p.blocked}",
             f"waiting {p.waiting}", f"left {p.left}"]
    if p.status != "running":
        parts.append(p.status)
    if rate:
        parts.append(f"{rate:.1f}/s")
    if eta is not None and p.left:
        parts.append(f"ETA {_duration(eta)}")
    if p.waiting and p.wake_at is not None:
        parts.append(f"waiting until {_local(p.wake_at, tz)}")
    if p.released:
        parts.append("sent in quiet hours anyway")
    return " · ".join(parts)


def _duration(seconds: float) -> str:
    """``17 s``, ``4 min 5 s`` or ``9 h 25 min``."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def _local(at: datetime, tz: ZoneInfo | None) -> str:
    """``2026-11-24 08:00 Asia/Shanghai (UTC+08:00)``: local time with its zone named."""
    zone = tz or ZoneInfo("UTC")
    local = at.astimezone(zone)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {zone.key} (UTC{offset[:3]}:{offset[3:]})"


def summary(p: Progress) -> str:
    """The end: counts of every row (the ones left included), then each reason."""
    lines = [f"notice {p.notice_id} ({p.topic}) {p.status}: {p.sent} sent, {p.failed} failed "
             f"or uncertain, {p.blocked} blocked, {p.cancelled} cancelled, {p.left} left, "
             f"of {p.total}"]
    lines += [f"  {status}: {error or '-'} × {count}" for status, error, count in p.reasons]
    return "\n".join(lines)


def _watch(args: argparse.Namespace) -> int:
    settings = load_settings()
    from bot.services import build_services

    async def run() -> int:
        svc = build_services(settings)
        tty = sys.stdout.isatty()
        last: tuple[float, int] | None = None
        try:
            async with svc.uow_factory() as uow:
                if await uow.notices.get(args.notice_id) is None:
                    print(f"no notice {args.notice_id}", file=sys.stderr)
                    return 1
            while True:
                p = await snapshot(svc.uow_factory, args.notice_id,
                                   now=datetime.now(settings.tz))
                now = time.monotonic()
                rate = (p.sent - last[1]) / (now - last[0]) if last and now > last[0] else None
                last = (now, p.sent)
                line = bar(p, rate, settings.tz, settings.telegram_overall_per_second)
                print(f"\r{line}\033[K" if tty else line, end="" if tty else "\n", flush=True)
                if args.once or p.final or p.status not in WATCHED:
                    print("\n" + summary(p) if tty else summary(p))
                    return 0
                await asyncio.sleep(args.interval)
        finally:
            await svc.close()

    return asyncio.run(run())


def _list(args: argparse.Namespace) -> int:
    settings = load_settings()
    from bot.services import build_services

    async def run() -> None:
        svc = build_services(settings)
        try:
            async with svc.uow_factory() as uow:
                notices = await uow.notices.latest(args.limit)
                for n in notices:
                    counts = await uow.deliveries.counts_by_status(n.id)
                    shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"
                    flag = " 🚨" if n.emergency else ""
                    print(f"{n.id:>6}  {n.status:<10} {n.topic:<10}{flag} {shown}")
                if not notices:
                    print("no notices yet")
        finally:
            await svc.close()

    asyncio.run(run())
    return 0
