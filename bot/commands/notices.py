"""``frontdoor notices calendar|propose|effect``: seasonal notices on the command line.

``calendar`` lists the calendar entries due on a date (``--create`` drafts them);
``propose`` shows 每月一题 for a month with its evidence in Chinese and English
(``--create`` drafts it); ``effect`` compares a notice's category's tickets in the 30
days after it with a year before and with the buildings it did not target. Drafts are
never sent without a supervisor's approval in the staff chat.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime, time

from bot.commands.report_month import month_argument
from bot.commands.tables import Table, markdown
from bot.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``notices calendar``, ``notices propose`` and ``notices effect``."""
    parser = sub.add_parser("notices", help="seasonal notices: calendar, 每月一题, effect",
                            description="The seasonal calendar, the topic of the month "
                                        "(每月一题) and the effect of a notice.")
    nsub = parser.add_subparsers(dest="notices_command", metavar="NOTICES")
    cal = nsub.add_parser("calendar", help="calendar entries due on a date",
                          description="Lists the calendar entries due on --date (default "
                                      "today); --create makes their draft notices (once per "
                                      "entry and year).")
    cal.add_argument("--date", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    cal.add_argument("--create", action="store_true", help="make the draft notices")
    cal.set_defaults(handler=_calendar)
    prop = nsub.add_parser("propose", help="the topic of the month (每月一题)",
                           description="The kind of request most likely to surge in --month "
                                       "(default next month), where, and why; --create "
                                       "makes its draft notice (once per month).")
    prop.add_argument("--month", type=month_argument, default=None, help="YYYY-MM")
    prop.add_argument("--create", action="store_true", help="make the draft notice")
    prop.set_defaults(handler=_propose)
    eff = nsub.add_parser("effect", help="did a notice help?",
                          description="Tickets of the notice's category in the 30 days after "
                                      "it, per building: targeted buildings against a year "
                                      "before and against the buildings not targeted.")
    eff.add_argument("notice_id", type=int, metavar="NOTICE_ID")
    eff.set_defaults(handler=_effect)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _calendar(args: argparse.Namespace) -> int:
    from domain.notices.calendar import CalendarError, create_drafts, due_drafts, load_calendar

    settings = load_settings()
    try:
        calendar = load_calendar(settings.notice_calendar_file or None)
    except CalendarError as error:
        print(f"frontdoor notices calendar: {error}", file=sys.stderr)
        return 1
    now = (datetime.combine(args.date, time(), settings.tz) if args.date
           else datetime.now(settings.tz))
    due = due_drafts(calendar, now.date())
    print(f"Calendar entries due on {now.date().isoformat()}: {len(due)}")
    for d in due:
        print(f"  {d.source_key}  {d.entry.topic}  {d.start.isoformat()} – {d.end.isoformat()}"
              f"  {d.entry.category or '-'}")
    if args.create:
        created = asyncio.run(_with_db(settings, lambda f: create_drafts(f, calendar, now)))
        print(f"Draft notices created: {len(created)} {created or ''}".rstrip())
    return 0


def _propose(args: argparse.Namespace) -> int:
    from domain.analysis.months import label, shift
    from domain.notices.calendar import load_calendar
    from domain.notices.proposal import draft_proposal, propose, topic_for
    from handlers.notices import calendar_texts as words

    settings = load_settings()
    now = datetime.now(settings.tz)
    month = args.month or label(*shift(now.year, now.month, 1))

    calendar = load_calendar(settings.notice_calendar_file or None)

    async def run(factory):
        found = await propose(factory, month, settings.tz, now=now)
        if found is None or not args.create:
            return found, None
        zh, en = words.notice_texts(found, topic_for(found.score.category, calendar))
        return found, await draft_proposal(factory, found, text_zh=zh, text_en=en, now=now,
                                           topic=topic_for(found.score.category, calendar))

    found, notice_id = asyncio.run(_with_db(settings, run))
    if found is None:
        print(words.none_found(month, "zh"))
        print(words.none_found(month, "en"))
        return 0
    topic = topic_for(found.score.category, calendar)
    for lang in ("zh", "en"):
        print(words.heading(found, lang, topic))
        print(words.evidence(found, lang, topic))
        print()
    zh, en = words.notice_texts(found, topic)
    print(f"Draft notice (zh): {zh}\nDraft notice (en): {en}")
    if args.create:
        print(f"Draft notice created: #{notice_id}" if notice_id
              else f"Already drafted ({found.source_key})")
    return 0


def _effect(args: argparse.Namespace) -> int:
    from domain.notices.effect import NoEffect, effect

    settings = load_settings()
    now = datetime.now(settings.tz)
    try:
        report = asyncio.run(_with_db(settings, lambda f: effect(f, args.notice_id, now=now)))
    except NoEffect:
        print(f"frontdoor notices effect: notice {args.notice_id} does not exist, has no "
              "category, or was never sent or scheduled", file=sys.stderr)
        return 1
    start, end = (t.astimezone(settings.tz).date().isoformat() for t in (report.start,
                                                                        report.end))
    state = "complete" if report.complete else "still open"
    rows = [[name, g.buildings, g.tickets, g.rate, g.year_before, g.rate_year_before, g.change]
            for name, g in (("targeted", report.targeted), ("others", report.others))]
    diff = report.difference
    lines = [f"Category {report.category}; tickets opened {start} – {end} (30 days, {state}) "
             "against the same days a year before.",
             "Difference in differences (targeted change − others' change): "
             + ("n/a" if diff is None else f"{diff:+.2f} tickets per building")
             + " (negative: fewer tickets than the other buildings suggest)."]
    table = Table("group", "Tickets per building", ["group", "buildings", "tickets",
                                                    "per_building", "year_before",
                                                    "per_building_year_before", "change"], rows)
    print(markdown(f"Effect of notice #{report.notice_id}", lines, [table]), end="")
    return 0


async def _with_db(settings, work):
    """Runs ``work(uow_factory)`` on the configured database (migrated first)."""
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_async
    from storage.uow import SqlUnitOfWork

    await upgrade_async(settings.database_url)
    engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver)
    factory = make_session_factory(engine)
    try:
        return await work(lambda: SqlUnitOfWork(factory))
    finally:
        await engine.dispose()
