"""``frontdoor report kpi --from --to --format csv|md``: the three rates on the command line.

``report month`` (the monthly analysis) lives in ``bot.commands.report_month``, ``report
tickets`` (a CSV list for a spreadsheet) in ``bot.commands.report_tickets``.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime, time, timedelta

from bot.commands import report_month, report_tickets
from bot.commands.tables import csv_text, markdown
from bot.settings import load_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``report kpi``, ``report month`` and ``report tickets``."""
    parser = sub.add_parser("report", help="reports", description="Reports from the database.")
    rsub = parser.add_subparsers(dest="report_command", metavar="REPORT")
    kpi = rsub.add_parser("kpi", help="the three rates (三率)",
                          description="Response, resolution and satisfaction rates of tickets "
                                      "opened from --from to --to (both inclusive).")
    kpi.add_argument("--from", dest="start", required=True, type=date.fromisoformat)
    kpi.add_argument("--to", dest="end", required=True, type=date.fromisoformat)
    kpi.add_argument("--format", choices=("csv", "md"), default="md")
    kpi.set_defaults(handler=_kpi)
    report_month.add_parser(rsub)
    report_tickets.add_parser(rsub)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def render(report, fmt: str) -> str:
    """The report as CSV or Markdown: its lines, then the excluded tickets."""
    rates_and_excluded = list(report_month.rate_tables(report))
    if fmt == "csv":
        return csv_text(rates_and_excluded)
    heading = f"三率 {report.start.date()} – {report.end.date()} (exclusive), w = {report.weight}"
    return markdown(heading, [], rates_and_excluded)


def _kpi(args: argparse.Namespace) -> int:
    settings = load_settings()
    from bot.services import build_services
    from domain import rates

    async def run() -> str:
        svc = build_services(settings)
        try:
            start = datetime.combine(args.start, time(), settings.tz)
            end = datetime.combine(args.end + timedelta(days=1), time(), settings.tz)
            report = await rates.report(svc.uow_factory, start, end,
                                        now=datetime.now(settings.tz),
                                        weight=settings.kpi_basic_weight)
        finally:
            await svc.close()
        return render(report, args.format)

    print(asyncio.run(run()), end="")
    return 0
