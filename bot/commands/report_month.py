"""``frontdoor report month 2026-10 --format md|html|csv``: the monthly analysis (月分析).

Markdown and CSV are the operator's formats: English headings, raw column names, rates as
fractions. HTML is for a street leader (``bot/commands/report_html.py``): headings, labels
and explanations in ``--lang`` (default zh), percentages, local times, the 每月一题
proposal and the two charts.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import datetime
from pathlib import Path

from bot.commands.tables import Table, csv_text, markdown
from bot.settings import load_settings
from domain.unit_rates import shown
from handlers.digests.charts import labels

RATE_COLUMNS = ("dimension", "key", "tickets", "response_rate", "resolution_rate",
                "satisfaction_rate", "answered", "no_answer", "uncertain", "pending_response")
RANK_COLUMNS = ["rank", "last_rank", "unit", "kind", "tickets", "response_rate",
                "resolution_rate", "satisfaction_rate", "score", "last_score", "answered",
                "no_answer", "pending_response"]


def month_argument(value: str) -> str:
    """Checks ``YYYY-MM`` for argparse (a bad month is a one-line usage error)."""
    from domain.analysis.months import BadMonth, parse

    try:
        parse(value)
    except BadMonth as error:
        raise argparse.ArgumentTypeError(str(error)) from error
    return value


def add_parser(rsub: argparse._SubParsersAction) -> None:
    """Adds ``report month``."""
    month = rsub.add_parser(
        "month", help="the monthly analysis (月分析)",
        description="Requests by category against last month and last year, the three rates "
                    "by category, building and worker, the ranking of units (单位排名, "
                    "with two units or more), hot spots, excluded tickets, "
                    "unanswered surveys and the 12-month series. HTML embeds the charts.")
    month.add_argument("month", type=month_argument, help="YYYY-MM, e.g. 2026-10")
    month.add_argument("--format", choices=("md", "html", "csv"), default="md")
    month.add_argument("--output", type=Path, default=None,
                       help="file to write (default: print; html: month-YYYY-MM.html)")
    month.add_argument("--lang", choices=("zh", "en"), default="zh", help="chart labels")
    month.set_defaults(handler=_month)


def rate_tables(report) -> tuple[Table, Table]:
    """A rates report (``domain.rates.Report``) as its lines and its excluded tickets."""
    return (
        Table("dimension", "Three rates (三率) by category, building and worker",
              list(RATE_COLUMNS),
              [[getattr(line, c) for c in RATE_COLUMNS] for line in report.lines]),
        Table("excluded_code", f"Excluded tickets ({len(report.excluded)})",
              ["code", "category", "reason", "excluded_by"],
              [[e.code, e.category, e.reason, e.excluded_by] for e in report.excluded]),
    )


def rank_table(lines, title: str) -> Table:
    """Ranked units (``domain.unit_rates.UnitLine``) as a table, best first."""
    return Table("rank", title, RANK_COLUMNS, [
        [x.rank, x.last_rank, x.unit.name, x.unit.kind, x.line.tickets, x.line.response_rate,
         x.line.resolution_rate, x.line.satisfaction_rate, x.score, x.last_score,
         x.line.answered, x.line.no_answer, x.line.pending_response] for x in lines])


def tables(a) -> list[Table]:
    """The analysis as tables, in the order of the report."""
    rates_table, excluded_table = rate_tables(a.rates)
    rows = [[c.category, c.tickets, c.previous, f"{c.change:+d}", c.last_year,
             f"{c.change_last_year:+d}"] for c in [*a.top, a.total]]
    rows[-1][0] = "(all)"
    months = [[m, *(a.volume[c][i] for c in a.volume)] for i, m in enumerate(a.months)]
    trend = [[m, line.tickets, line.response_rate, line.resolution_rate,
              line.satisfaction_rate, line.no_answer] for m, line in zip(a.months, a.trend,
                                                                          strict=True)]
    ranked = shown(a.ranking)
    return [
        Table("category", f"Requests by category (top {len(a.top)})",
              ["category", "tickets", "last_month", "change", "last_year", "change_year"],
              rows),
        rates_table,
        *([rank_table(ranked, "单位排名: units ranked by the three rates, last month beside "
                              "(score = 0.2 response + 0.4 resolution + 0.4 satisfaction)")]
          if ranked else []),
        Table("hot_spot_building", "Hot spots (热点): one category again and again in one "
              "building", ["building", "category", "tickets"],
              [[h.building, h.category, h.tickets] for h in a.hot_spots]),
        excluded_table,
        Table("volume_month", "Requests per month by category (12 months)",
              ["month", *a.volume], months),
        Table("trend_month", "Three rates per month (12 months)",
              ["month", "tickets", "response_rate", "resolution_rate", "satisfaction_rate",
               "no_answer"], trend),
    ]


def summary(a) -> tuple[str, list[str]]:
    """The heading and the figures above the tables."""
    total = a.total_rates
    return (f"Monthly analysis {a.month}", [
        f"Tickets opened {a.start.isoformat()} – {a.end.isoformat()} (exclusive), "
        f"basic-satisfaction weight {a.rates.weight}.",
        f"Requests: {a.total.tickets} ({a.total.change:+d} on last month, "
        f"{a.total.change_last_year:+d} on the same month last year).",
        f"Surveys without an answer: {total.no_answer}; uncertain sends: {total.uncertain} "
        "(neither counts in the rates).",
    ])


def _month(args: argparse.Namespace) -> int:
    settings = load_settings()
    now = datetime.now(settings.tz)
    analysis, proposal = asyncio.run(_analyse(settings, args.month, now))
    heading, lines = summary(analysis)
    if args.format == "html":
        from bot.commands.report_html import page
        from domain.analysis.charts import NoCjkFont, monthly_pngs
        from domain.notices.calendar import load_calendar
        from domain.notices.proposal import topic_for

        try:
            pictures = monthly_pngs(analysis, labels(args.lang))
        except NoCjkFont as error:
            print(f"frontdoor report month: {error}", file=sys.stderr)
            return 1
        topic = (topic_for(proposal.score.category,
                           load_calendar(settings.notice_calendar_file or None))
                 if proposal else "")
        output = args.output or Path(f"month-{analysis.month}.html")
        output.write_text(page(analysis, proposal, pictures, lang=args.lang, now=now,
                               topic=topic), encoding="utf-8")
        print(f"wrote {output}")
        return 0
    text = (csv_text(tables(analysis)) if args.format == "csv"
            else markdown(heading, lines, tables(analysis)))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0


async def _analyse(settings, month: str, now: datetime):
    """The analysis of ``month`` and the 每月一题 proposal for the month after, as of ``now``.

    From the configured database (migrated first).
    """
    from domain.analysis import monthly
    from domain.analysis.months import label, parse, shift
    from domain.notices.proposal import propose
    from storage.db import make_engine, make_session_factory
    from storage.migrate import upgrade_async
    from storage.uow import SqlUnitOfWork

    await upgrade_async(settings.database_url)
    engine = make_engine(settings.database_url, sqlite_driver=settings.sqlite_driver)
    factory = make_session_factory(engine)
    uow_factory = lambda: SqlUnitOfWork(factory)  # noqa: E731
    try:
        analysis = await monthly(uow_factory, month, settings.tz, settings.kpi_basic_weight,
                                 now=now)
        following = label(*shift(*parse(month), 1))
        return analysis, await propose(uow_factory, following, settings.tz, now=now)
    finally:
        await engine.dispose()
