"""``frontdoor units list|add|map|import``: the street's units, their groups and routes.

A unit is the dispatch desk, a community, a department or an outside service, each with
its own staff group. With none configured, the one community made by migration 0010u uses
``FRONTDOOR_STAFF_CHAT_ID``, as before. The data file's format: ``domain/units/datafile.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot.commands.inbox import _run
from bot.settings import load_settings
from domain.units import datafile, registry
from domain.units.kinds import Route, UnitError, UnitKind
from nlu.problem_types import load_problem_types


def register(sub: argparse._SubParsersAction) -> None:
    """Adds ``units list``, ``units add``, ``units map`` and ``units import``."""
    parser = sub.add_parser(
        "units", help="the street's units: dispatch desk, communities, departments",
        description="Units of the street, each with its own staff group. Without any, one "
                    "community works in FRONTDOOR_STAFF_CHAT_ID (today's single community).")
    usub = parser.add_subparsers(dest="units_command", metavar="ACTION")
    usub.add_parser("list", help="every unit: kind, group, staff, open orders, routes",
                    description="Lists the units.").set_defaults(handler=_list)
    add = usub.add_parser("add", help="add a unit", description="Adds one unit.")
    add.add_argument("code", help="short unique code: a-z 0-9 - _ (e.g. js-1, heating)")
    add.add_argument("--name", required=True, help="its name, e.g. 劲松一社区")
    add.add_argument("--kind", required=True, choices=[k.value for k in UnitKind],
                     help="desk (the street's dispatch desk), community, department, service")
    add.add_argument("--chat", type=int, metavar="CHAT_ID",
                     help="its staff group (a forum supergroup, -100…); left out: the "
                          "configured staff group")
    add.set_defaults(handler=_add)
    mapping = usub.add_parser(
        "map", help="route buildings to a community, department kinds to a department",
        description="frontdoor units map building 1 2 3 --to js-1  |  "
                    "frontdoor units map kind 供热 --to heating")
    mapping.add_argument("what", choices=[r.value for r in Route],
                         help="building, or kind (a department kind of nlu/problem_types.yml)")
    mapping.add_argument("keys", nargs="+", metavar="KEY", help="buildings or kinds")
    mapping.add_argument("--to", required=True, metavar="CODE", help="the unit's code")
    mapping.set_defaults(handler=_map)
    load = usub.add_parser("import", help="add or update units and staff from a YAML file",
                           description="Reads a units file (format: domain/units/datafile.py, "
                                       "docs/units.md); all or nothing.")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    load.set_defaults(handler=_import)
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)


def _known_kinds() -> set[str]:
    return set(load_problem_types().departments)


def _refused(action: str, error: UnitError) -> int:
    errors = getattr(error, "errors", None) or [str(error)]
    for line in errors:
        print(f"frontdoor units {action}: {line}", file=sys.stderr)
    return 1


def _upgraded() -> None:
    from storage.migrate import upgrade

    upgrade(load_settings().database_url)


def _list(_args: argparse.Namespace) -> int:
    _upgraded()
    rows = _run(registry.listing)
    print(f"{'CODE':<12} {'KIND':<10} {'GROUP':<16} {'STAFF':>5} {'OPEN':>5}  NAME / ROUTES")
    for r in rows:
        group = str(r.chat_id) if r.chat_id is not None else "(staff chat)"
        print(f"{r.code:<12} {r.kind.value:<10} {group:<16} {r.members:>5} "
              f"{r.open_orders:>5}  {r.name}")
        if r.buildings:
            print(f"{'':<52}buildings: {', '.join(r.buildings)}")
        if r.kinds:
            print(f"{'':<52}kinds: {', '.join(r.kinds)}")
    return 0


def _add(args: argparse.Namespace) -> int:
    _upgraded()
    try:
        row = _run(lambda f: registry.add_unit(f, args.code, args.name, args.kind, args.chat))
    except UnitError as error:
        return _refused("add", error)
    print(f"unit {row.code} added ({row.kind.value}, "
          f"{row.chat_id if row.chat_id is not None else 'the configured staff chat'})")
    return 0


def _map(args: argparse.Namespace) -> int:
    _upgraded()
    route = Route(args.what)
    known = _known_kinds() if route is Route.KIND else None
    try:
        done = _run(lambda f: registry.map_route(f, route, args.keys, args.to, known))
    except UnitError as error:
        return _refused("map", error)
    for key, before in done.moved.items():
        print(f"{route.value} {key}: moved from {before}")
    print(f"{len(done.keys)} {route.value}(s) now go to {args.to}: {', '.join(done.keys)}")
    return 0


def _import(args: argparse.Namespace) -> int:
    try:
        doc = yaml.safe_load(args.file.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"frontdoor units import: cannot read {args.file}: {error.strerror}",
              file=sys.stderr)
        return 1
    except yaml.YAMLError as error:
        print(f"frontdoor units import: {args.file} is not YAML: {error}", file=sys.stderr)
        return 1
    try:
        plan = datafile.read_plan(doc, _known_kinds())
        if args.dry_run:
            print(f"{args.file}: {len(plan.units)} units, {len(plan.staff)} staff; no errors")
            return 0
        _upgraded()
        done = _run(lambda f: datafile.apply(f, plan))
    except UnitError as error:
        return _refused("import", error)
    print(f"units added {len(done.added)}, updated {len(done.updated)}; routes {done.routes}; "
          f"staff {done.staff}")
    return 0
