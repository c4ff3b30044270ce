"""The escalations (吹哨) of the demo's overdue orders, as the live sweeps would write them.

They are what ``domain/units/escalation.py`` and ``domain/units/summons.py`` write.
Every order past a deadline before the window's end was escalated a minute after it. Of
those late by more than ``SUMMON_AFTER``, a share was summoned by the desk's supervisor;
the unit's head answered most summonses (报到), or the order moved on first; the rest went
to the second level ``ANSWER_WITHIN`` later. Choices come from the order's id, not the random
stream, so adding escalations changed no other demo row. An order that moved on before
anyone summoned it counts as answered then, so only the orders still overdue at the end of
the window wait, as they would in a live street; a bot started on the demo escalates nothing
it already escalated.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from domain.demo.rows import Row, event
from domain.demo.street import Street
from domain.units.escalation import ANSWER_WITHIN, SECOND, STREET

SWEEP = timedelta(minutes=1)
SUMMON_AFTER = timedelta(hours=2)
SUMMON_SHARE = 60  # of 100


def _pick(order_id: int, salt: int) -> int:
    """A number 0..99 fixed by the order's id (independent for each salt)."""
    digest = hashlib.blake2b(f"{order_id}:{salt}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % 100


def escalate(street: Street, overdue: list[Row], until: datetime) -> tuple[list[Row], list[Row]]:
    """(order_escalations rows, their ticket events) for the batch's overdue orders."""
    desk = next((street.ids[u.code] for u in street.file.units if u.kind == "desk"), None)
    whistler = street.supervisor(desk) if desk is not None else None
    rows, events = [], []
    for late in overdue:
        order, ticket, kind, due, met = (late["order_id"], late["ticket_id"], late["kind"],
                                         late["due_at"], late["met_at"])
        at = due + SWEEP
        if at >= until or (met is not None and met <= at):
            continue
        row = {"order_id": order, "ticket_id": ticket, "kind": kind, "deadline": due,
               "escalated_at": at, "summoned_at": None, "summoned_by": None,
               "answered_at": None, "answered_by": None, "second_at": None}
        events.append(event(ticket, at, "order_escalated", "system", None,
                            {"order": order, "kind": kind, "level": STREET}))
        summon = at + timedelta(minutes=20 + _pick(order, 1) % 40)
        lateness = (met or until) - due
        if whistler is not None and lateness > SUMMON_AFTER and _pick(order, 2) < SUMMON_SHARE \
                and summon < until and (met is None or summon < met):
            row.update(summoned_at=summon, summoned_by=whistler)
            events.append(event(ticket, summon, "order_summoned", "staff", whistler,
                                {"order": order, "kind": kind}))
            head = street.supervisor(late["unit_id"])
            answer = summon + timedelta(minutes=30 + _pick(order, 3) * 2)
            if met is not None and met < answer:
                row["answered_at"] = met  # the order moved on first
            elif _pick(order, 4) < 75 and answer < summon + ANSWER_WITHIN and answer < until:
                row.update(answered_at=answer, answered_by=head)
                events.append(event(ticket, answer, "order_summons_answered", "staff", head,
                                    {"order": order, "kind": kind}))
            elif summon + ANSWER_WITHIN < until:
                row["second_at"] = summon + ANSWER_WITHIN
                events.append(event(ticket, row["second_at"], "order_escalated", "system",
                                    None, {"order": order, "kind": kind, "level": SECOND}))
                row["answered_at"] = met
        elif met is not None:
            row["answered_at"] = met
        rows.append(row)
    return rows, events
