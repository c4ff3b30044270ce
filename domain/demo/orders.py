"""The work orders (派件) of one demo ticket, as ``domain/units/orders.py`` would write them.

A claimed ticket of a kind a department takes is dispatched by its community's supervisor
(``DISPATCH_RATE``; always when the ticket was transferred), sometimes to the partner unit
as well, in parallel. The unit takes the order (late for a share set per unit) and finishes
it before the ticket resolves, the last one when it resolves; or it sends it back (退单) and
the supervisor re-dispatches it to the partner (the order is cancelled, the new one records
the one it replaces) or keeps it. A ticket not resolved by the end of the window leaves its
orders open, taken or sent back.

Every order that went past a deadline is listed in ``Batch.overdue``: the orders that would
have been escalated (吹哨) — the hook for the escalation rows (issue 22, item 1).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.demo.rows import Batch, Row, event
from domain.demo.street import Street, Taker
from domain.sla import sla_for

DISPATCH_RATE = 0.35
PARALLEL_RATE = 0.2
SEND_BACK_RATE = 0.1
REDISPATCH_SHARE = 0.7
REASONS = ("不属于本单位职责，建议转派", "地址不在本单位服务范围", "需产权单位先行处理",
           "已与居民沟通，应由其他单位处理")
LIVE = ("open", "claimed", "returned")


class _Orders:
    """The orders of one ticket being lived, and their events."""

    def __init__(self, street: Street, out: Batch, ticket: Row, until: datetime) -> None:
        self.street, self.out, self.ticket, self.until = street, out, ticket, until
        self.rng = street.rng
        self.sla = sla_for(ticket["category"], ticket["urgency"])
        self.dispatcher = street.supervisor(ticket["unit_id"])
        self.rows: list[Row] = []
        self.done: list[tuple[Row, Row]] = []  # (order, its order_done event)
        self.busy: set[str] = set()  # units that got an order of the ticket

    def log(self, at: datetime, kind: str, actor: int, payload: dict) -> Row:
        row = event(self.ticket["id"], at, kind, "staff", actor, payload)
        self.out.events.append(row)
        return row

    def dispatch(self, taker: Taker, at: datetime, end: datetime | None,
                 replaces: int | None = None) -> None:
        """A new order at ``taker`` at ``at``, done by ``end`` (when the ticket resolves)."""
        respond, resolve = self.sla.deadlines(at)
        unit_id = self.street.ids[taker.code]
        row = {"id": self.street.next_order_id, "ticket_id": self.ticket["id"],
               "unit_id": unit_id, "status": "open", "dispatched_at": at,
               "dispatched_by": self.dispatcher, "assignee_id": None,
               "respond_due_at": respond, "resolve_due_at": resolve, "first_response_at": None,
               "done_at": None, "result": None, "returned_reason": None,
               "staff_thread_id": None, "staff_chat_message_id": None, "version": 1}
        self.street.next_order_id += 1
        self.rows.append(row)
        self.busy.add(taker.code)
        self.log(at, "dispatched", self.dispatcher,
                 {"order": row["id"], "unit": unit_id, "replaces": replaces})
        self._work(row, taker, at, end, may_return=replaces is None)

    def _take_at(self, taker: Taker, start: datetime, end: datetime | None) -> datetime:
        rng = self.rng
        after = self.sla.respond * (rng.uniform(1.1, 2.5) if rng.random() < taker.late
                                    else rng.uniform(0.05, 0.8))
        return start + (min(after, (end - start) * 0.4) if end else after)

    def _work(self, row: Row, taker: Taker, at: datetime, end: datetime | None,
              may_return: bool) -> None:
        worker = self.rng.choice(self.street.workers(row["unit_id"]))
        take, ready = self._take_at(taker, at, end), at
        if may_return and self.rng.random() < SEND_BACK_RATE:
            kept = self._send_back(row, taker, worker, at, take, end)
            if kept is None:
                return
            ready = kept
            take = self._take_at(taker, kept, end)
        if row["first_response_at"] is None and not self._take(row, worker, take):
            return
        if end is not None:
            ready = max(ready, row["first_response_at"])
            done = end - (end - ready) * self.rng.uniform(0.0, 0.4)
            result = self.ticket["resolution_note"] or "已处理完毕"
            row.update(status="done", done_at=done, result=result)
            self.done.append((row, self.log(done, "order_done", row["assignee_id"],
                                             {"order": row["id"], "result": result})))

    def _send_back(self, row: Row, taker: Taker, worker: int, at: datetime, take: datetime,
                   end: datetime | None) -> datetime | None:
        """退单, then the dispatcher's decision; when the unit works on (kept), else None."""
        rng = self.rng
        back = at + self.sla.respond * rng.uniform(0.3, 1.2)
        back = min(back, at + (end - at) * 0.3) if end else back
        if take < back:
            self._take(row, worker, take)
        if back >= self.until:
            return None
        reason = rng.choice(REASONS)
        row.update(status="returned", returned_reason=reason)
        self.log(back, "order_returned", worker, {"order": row["id"], "reason": reason})
        decided = back + timedelta(hours=rng.uniform(0.2, 3))
        decided = min(decided, back + (end - back) * 0.3) if end else decided
        if decided >= self.until:
            return None  # still with the dispatcher
        partner = self.street.file.takers.get(taker.partner or "")
        if partner is not None and partner.code not in self.busy \
                and rng.random() < REDISPATCH_SHARE:
            row["status"] = "cancelled"
            self._decided(row, decided, "redispatch", self.street.ids[partner.code])
            self.dispatch(partner, decided, end, replaces=row["id"])
            return None
        row["status"] = "claimed" if row["assignee_id"] else "open"
        self._decided(row, decided, "keep", None)
        return decided

    def _take(self, row: Row, worker: int, at: datetime) -> bool:
        if at >= self.until:
            return False
        row.update(status="claimed", assignee_id=worker, first_response_at=at)
        self.log(at, "order_taken", worker, {"order": row["id"], "contact_shown": True})
        return True

    def _decided(self, row: Row, at: datetime, decision: str, to_unit: int | None) -> None:
        self.log(at, "order_decided", self.dispatcher,
                 {"order": row["id"], "decision": decision, "to_unit": to_unit})

    def finish(self, end: datetime | None) -> None:
        """The last order done is done when the ticket resolves; lists the overdue ones."""
        if end is not None and self.done:
            row, done = max(self.done, key=lambda pair: pair[0]["done_at"])
            row["done_at"] = done["at"] = end
        for row in self.rows:
            if row["status"] == "cancelled":
                continue
            for kind, due, met in (("respond", row["respond_due_at"], row["first_response_at"]),
                                   ("resolve", row["resolve_due_at"], row["done_at"])):
                if due < self.until and (met is None or met > due):
                    self.out.overdue.append({"order_id": row["id"], "ticket_id": row["ticket_id"],
                                             "unit_id": row["unit_id"], "kind": kind,
                                             "due_at": due, "met_at": met})
        self.out.orders += self.rows


def work(street: Street, out: Batch, ticket: Row, *, claimed_at: datetime | None,
         resolved_at: datetime | None, until: datetime) -> None:
    """The ticket's orders, if its community dispatches it (see the module)."""
    found = street.takers_of(ticket["category"])
    rng = street.rng
    if found is None or claimed_at is None or ticket["unit_id"] is None:
        return
    if not (ticket["department"] or rng.random() < DISPATCH_RATE):
        return
    at = claimed_at + timedelta(minutes=rng.uniform(10, 90))
    if resolved_at is not None:
        at = min(at, claimed_at + (resolved_at - claimed_at) * 0.2)
    if at >= until:
        return
    taker, partner = found
    orders = _Orders(street, out, ticket, until)
    units = [taker, partner] if partner is not None and rng.random() < PARALLEL_RATE else [taker]
    orders.busy.update(u.code for u in units)
    for unit in units:
        orders.dispatch(unit, at, resolved_at)
    orders.finish(resolved_at)
