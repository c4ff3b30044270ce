"""The demo street's orders without a database: the escalation hook and the street file."""

from datetime import date

from domain.demo.generate import Demo, Plan, Start
from domain.demo.street import load_street
from domain.units.kinds import UnitKind
from nlu.problem_types import load_problem_types

UNIT_IDS = {u.code: 100 + n for n, u in enumerate(load_street().units)}


def test_the_street_file_names_known_department_kinds_and_the_demos_categories():
    street = load_street()
    kinds = set(load_problem_types().departments)
    assert {k for u in street.units for k in u.kinds} <= kinds
    assert sum(u.kind is UnitKind.COMMUNITY for u in street.units) == 4
    taken = {c for t in street.takers.values() for c in t.categories}
    leaves = {k.category.rsplit("/", 1)[-1] for k in Demo(Plan(date(2026, 11, 1)),
                                                          Start()).kinds}
    assert taken <= leaves


def test_every_overdue_order_is_listed_for_escalation_once_per_deadline():
    demo = Demo(Plan(date(2026, 11, 1), seed=3, tickets=600, months=6), Start(units=UNIT_IDS))
    orders, overdue = [], []
    for batch in demo.batches(200):
        orders += batch.orders
        overdue += batch.overdue
    by_id = {o["id"]: o for o in orders}
    until = demo.end
    expected = set()
    for o in orders:
        if o["status"] == "cancelled":
            continue
        for kind, due, met in (("respond", o["respond_due_at"], o["first_response_at"]),
                               ("resolve", o["resolve_due_at"], o["done_at"])):
            if due < until and (met is None or met > due):
                expected.add((o["id"], kind))
    assert expected and {(x["order_id"], x["kind"]) for x in overdue} == expected
    assert len(overdue) == len(expected)
    assert all(x["unit_id"] == by_id[x["order_id"]]["unit_id"] for x in overdue)
    assert any(x["met_at"] is None for x in overdue)  # still late when the window ends


def test_without_units_there_is_no_street_and_no_order():
    demo = Demo(Plan(date(2026, 11, 1), seed=3, tickets=50), Start())
    assert demo.street is None and demo.members() == []
    assert not [o for batch in demo.batches() for o in batch.orders]
