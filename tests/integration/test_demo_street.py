"""The demo street on real databases: its units and their orders.

Deterministic by seed: ``test_demo_seed.test_the_same_seed_gives_the_same_rows…``.
"""

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.analysis import monthly
from domain.demo.generate import Plan
from domain.unit_rates import previous_period, ranking
from tests.integration.test_demo_seed import ORDERS, _aware, _factory, _rows, _seeded

TZ = ZoneInfo("Asia/Shanghai")
UNITS = ("SELECT u.code, u.name, u.kind, u.chat_id, "
         "(SELECT count(*) FROM unit_members m WHERE m.unit_id = u.id AND m.role = 'worker'), "
         "(SELECT count(*) FROM unit_members m WHERE m.unit_id = u.id "
         "AND m.role = 'supervisor') FROM units u WHERE u.code LIKE 'demo-%' ORDER BY u.id")


def _plan(**fields) -> Plan:
    return Plan(**{"until": date(2026, 11, 1), "seed": 7, "tickets": 400, "months": 3,
                   **fields})


async def test_a_desk_four_communities_and_five_departments_with_groups_and_staff(
        migrated_db_url):
    summary = await _seeded(migrated_db_url, _plan())
    units = await _rows(migrated_db_url, UNITS)
    kinds = Counter(u[2] for u in units)
    assert summary.units == 10
    assert (kinds["desk"], kinds["community"], kinds["department"] + kinds["service"]) == \
        (1, 4, 5)
    assert [u[1] for u in units if u[2] == "desk"] == ["劲松街道接诉即办中心"]
    assert {u[1] for u in units if u[2] in ("department", "service")} == {
        "燃气公司", "供热公司", "物业公司", "城管执法队", "房管所"}
    chats = [u[3] for u in units]
    assert len(set(chats)) == 10 and all(-1001000000200 < c < -1001000000001 for c in chats)
    assert all(u[5] >= 1 for u in units)  # a supervisor everywhere
    assert all(u[4] >= 1 for u in units if u[2] != "desk")  # workers in every other unit
    routes = await _rows(migrated_db_url, "SELECT r.what, u.kind, count(*) FROM unit_routes r "
                         "JOIN units u ON u.id = r.unit_id GROUP BY r.what, u.kind")
    assert {(what, kind) for what, kind, _ in routes} == {
        ("building", "community"), ("kind", "department"), ("kind", "service")}
    homes = await _rows(migrated_db_url, "SELECT count(*) FROM tickets t JOIN unit_routes r "
                        "ON r.what = 'building' AND r.key = t.building "
                        "WHERE r.unit_id = t.unit_id")
    assert homes == [(400,)]  # every ticket is held by its building's community
    leaders = await _rows(migrated_db_url, "SELECT role FROM staff_members WHERE street_leader")
    assert leaders == [("supervisor",)]


async def test_parallel_orders_send_backs_re_dispatches_and_late_orders(migrated_db_url):
    summary = await _seeded(migrated_db_url, _plan())
    orders = await _rows(migrated_db_url, ORDERS)
    assert summary.orders == len(orders)
    at = Counter((o[1], o[4]) for o in orders)
    parallel = {ticket for (ticket, _), n in at.items() if n > 1}
    assert parallel and summary.parallel == len(parallel)
    assert all(len({o[2] for o in orders if o[1] == t}) >= 2 for t in parallel)
    returned = [o for o in orders if o[12] is not None]
    assert returned and summary.sent_back == len(returned)
    replaced = await _rows(migrated_db_url, "SELECT payload FROM ticket_events "
                           "WHERE kind = 'dispatched'")
    replaces = {_payload(p)["replaces"] for (p,) in replaced} - {None}
    assert replaces and all(o[3] == "cancelled" for o in orders if o[0] in replaces)
    late = [o for o in orders if o[9] is not None and _aware(o[9]) > _aware(o[7])]
    assert late and summary.overdue >= len(late)
    assert Counter(o[3] for o in orders)["done"] > len(orders) // 2


async def test_orders_follow_the_rules_of_their_tickets(migrated_db_url):
    await _seeded(migrated_db_url, _plan())
    orders = await _rows(migrated_db_url, ORDERS)
    first_resolved = dict(await _rows(migrated_db_url, "SELECT ticket_id, min(at) FROM "
                                      "ticket_events WHERE kind = 'resolved' GROUP BY ticket_id"))
    kinds = dict(await _rows(migrated_db_url, "SELECT id, kind FROM units"))
    for (_id, ticket, unit, status, dispatched, _by, assignee, respond, resolve, first, done,
         result, _reason) in orders:
        assert kinds[unit] in ("department", "service")
        assert _aware(respond) > _aware(dispatched) and _aware(resolve) > _aware(respond)
        assert (status == "done") == (done is not None) == (result is not None)
        if first is not None:
            assert assignee is not None and _aware(first) >= _aware(dispatched)
        if ticket in first_resolved:  # no order left open when the ticket resolved
            assert status in ("done", "cancelled")
            assert done is None or _aware(done) <= _aware(first_resolved[ticket])
    for ticket, resolved in first_resolved.items():  # the last order done resolves it
        done = [_aware(o[10]) for o in orders if o[1] == ticket and o[10] is not None]
        assert not done or max(done) == _aware(resolved)


async def test_the_ranking_and_the_monthly_analysis_have_something_to_show(migrated_db_url):
    await _seeded(migrated_db_url, _plan())
    start, end = datetime(2026, 10, 1, tzinfo=TZ), datetime(2026, 11, 1, tzinfo=TZ)
    now = datetime(2026, 11, 1, 9, tzinfo=TZ)
    async with _factory(migrated_db_url) as uow_factory:
        ranked = await ranking(uow_factory, start, end, previous_period(start, end), now=now)
        analysis = await monthly(uow_factory, "2026-10", TZ, now=now)
    kinds = Counter(x.unit.kind for x in ranked.lines)
    assert kinds["community"] == 4 and kinds["department"] + kinds["service"] >= 4
    assert sum(x.rank is not None for x in ranked.lines) >= 8
    assert sum(x.last_rank is not None for x in ranked.lines) >= 6  # September beside
    assert len({round(x.score, 4) for x in ranked.lines if x.score is not None}) >= 4
    assert list(analysis.ranking) == ranked.lines


def _payload(value):
    import json

    return json.loads(value) if isinstance(value, str) else value


async def test_overdue_orders_were_escalated_some_summoned_and_answered(migrated_db_url):
    summary = await _seeded(migrated_db_url, _plan())
    rows = await _rows(migrated_db_url, "SELECT e.order_id, e.kind, e.deadline, e.escalated_at, "
                       "e.summoned_at, e.answered_at, e.second_at, e.summoned_by, o.unit_id "
                       "FROM order_escalations e JOIN work_orders o ON o.id = e.order_id")
    assert rows and summary.escalations == len(rows)
    assert len({(r[0], r[1]) for r in rows}) == len(rows)  # once per order and deadline
    assert all(_aware(r[3]) > _aware(r[2]) for r in rows)  # after the deadline
    summoned = [r for r in rows if r[4] is not None]
    assert summoned and summary.summoned == len(summoned)
    assert all(_aware(r[4]) > _aware(r[3]) for r in summoned)
    desk_heads = await _rows(migrated_db_url, "SELECT m.staff_id FROM unit_members m JOIN units "
                             "u ON u.id = m.unit_id WHERE u.kind = 'desk' AND "
                             "m.role = 'supervisor'")
    assert {r[7] for r in summoned} <= {h for (h,) in desk_heads}
    events = dict(await _rows(migrated_db_url, "SELECT kind, count(*) FROM ticket_events WHERE "
                              "kind IN ('order_escalated', 'order_summoned') GROUP BY kind"))
    assert events["order_summoned"] == len(summoned)
    assert events["order_escalated"] == len(rows) + summary.second
    assert any(r[5] is not None for r in summoned)  # 报到 or the order moved on
    assert summary.second == sum(r[6] is not None for r in rows)
