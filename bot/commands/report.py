"""``frontdoor report kpi --from --to --format csv|md``: the three rates on the command line.

``report month`` (the monthly analysis) lives in ``bot.commands.report_month``, ``report
tickets`` (a CSV list for a spreadsheet) in ``bot.commands.report_tickets``.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import date, datetime, time, timedelta

from bot.commands import report_month, report_tickets
from bot.commands.tables import Table, csv_text, markdown
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
    kpi.add_argument("--by", choices=("all", "unit"), default="all",
                     help="all: by category, building and worker (default); unit: the units "
                          "ranked (考核排名) with the period before beside (docs/ranking.md)")
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


def ranking_tables(ranked) -> list[Table]:
    """A ranking (``domain.unit_rates.Ranking``) as its lines and its excluded tickets."""
    names = {x.unit.id: x.unit.name for x in ranked.lines}
    return [report_month.rank_table(ranked.lines, "Units ranked by the three rates (考核排名)"),
            Table("excluded_unit", f"Excluded tickets by unit ({len(ranked.excluded)})",
                  ["unit", "code", "reason", "excluded_by"],
                  [[names.get(e.unit_id, e.unit_id), e.code, e.reason, e.excluded_by]
                   for e in ranked.excluded])]


def render_ranking(ranked, fmt: str) -> str:
    """The ranking as CSV or Markdown."""
    found = ranking_tables(ranked)
    if fmt == "csv":
        return csv_text(found)
    heading = (f"考核排名 {ranked.start.date()} – {ranked.end.date()} (exclusive), "
               f"w = {ranked.weight}; score = 0.2 response + 0.4 resolution + 0.4 satisfaction")
    return markdown(heading, [], found)


def _kpi(args: argparse.Namespace) -> int:
    settings = load_settings()
    from bot.services import build_services
    from domain import rates

    async def run() -> str:
        svc = build_services(settings)
        try:
            start = datetime.combine(args.start, time(), settings.tz)
            end = datetime.combine(args.end + timedelta(days=1), time(), settings.tz)
            if args.by == "unit":
                from domain import unit_rates
                ranked = await unit_rates.ranking(
                    svc.uow_factory, start, end, unit_rates.previous_period(start, end),
                    now=datetime.now(settings.tz), weight=settings.kpi_basic_weight)
                return render_ranking(ranked, args.format)
            report = await rates.report(svc.uow_factory, start, end,
                                        now=datetime.now(settings.tz),
                                        weight=settings.kpi_basic_weight)
        finally:
            await svc.close()
        return render(report, args.format)

    print(asyncio.run(run()), end="")
    return 0
