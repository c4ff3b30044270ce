"""Units of a street, their staff and routes, work orders (派件); existing data moved in.

Revision ID: 0010u
Revises: 0010l
Create Date: 2026-12-07

Schema: ``units``, ``unit_members``, ``unit_routes``, ``work_orders``, ``tickets.unit_id``,
``staff_members.street_leader``.

Data (nothing is lost; ``tickets.department`` stays as it was):

- one community unit ``community`` (社区) without a group of its own: it is today's staff
  group (``FRONTDOOR_STAFF_CHAT_ID``);
- every ticket is held by it (``tickets.unit_id``);
- every staff member works in it: a worker as worker, a supervisor or admin as supervisor;
- every distinct ``tickets.department`` label becomes a department unit of that name, and
  each ticket with a label an order (派件) of that unit: dispatched when the ticket was
  transferred there (else when it was opened), by whom, done when the ticket is resolved or
  closed, cancelled when it was withdrawn, open otherwise.

Written with its own frozen table shapes (no import of the models).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010u"
down_revision: str | Sequence[str] | None = "0010l"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)
HOME_CODE, HOME_NAME = "community", "社区"
_DONE = {"resolved", "closed"}


def _ts(name: str) -> sa.Column:
    return sa.Column(name, TS, nullable=True)


def _big(name: str) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=True)


def upgrade() -> None:
    """Creates the unit tables and moves the existing tickets and staff into units."""
    op.create_table(
        "units",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        _big("chat_id"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_units"),
        sa.UniqueConstraint("code", name="uq_units_code"),
        sa.UniqueConstraint("chat_id", name="uq_units_chat_id"),
    )
    op.create_table(
        "unit_members",
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("staff_id", "unit_id", name="pk_unit_members"),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_members.id"],
                                name="fk_unit_members_staff_id_staff_members"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_unit_members_unit_id_units"),
    )
    op.create_index("ix_unit_members_unit_id_role", "unit_members", ["unit_id", "role"])
    op.create_table(
        "unit_routes",
        sa.Column("what", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("what", "key", name="pk_unit_routes"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_unit_routes_unit_id_units"),
    )
    op.create_index("ix_unit_routes_unit_id", "unit_routes", ["unit_id"])
    _create_work_orders()
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(_big("unit_id"))
        batch.create_foreign_key("fk_tickets_unit_id_units", "units", ["unit_id"], ["id"])
        batch.create_index("ix_tickets_unit_id_status", ["unit_id", "status"])
    with op.batch_alter_table("staff_members") as batch:
        batch.add_column(sa.Column("street_leader", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    _move_data(op.get_bind())


def _create_work_orders() -> None:
    op.create_table(
        "work_orders",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=False),
        sa.Column("unit_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("dispatched_at", TS, nullable=False),
        _big("dispatched_by"), _big("assignee_id"),
        _ts("respond_due_at"), _ts("resolve_due_at"), _ts("first_response_at"), _ts("done_at"),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("returned_reason", sa.Text(), nullable=True),
        _big("staff_thread_id"), _big("staff_chat_message_id"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_work_orders"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name="fk_work_orders_ticket_id_tickets"),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name="fk_work_orders_unit_id_units"),
        sa.ForeignKeyConstraint(["dispatched_by"], ["staff_members.id"],
                                name="fk_work_orders_dispatched_by_staff_members"),
        sa.ForeignKeyConstraint(["assignee_id"], ["staff_members.id"],
                                name="fk_work_orders_assignee_id_staff_members"),
    )
    op.create_index("ix_work_orders_ticket_id", "work_orders", ["ticket_id"])
    op.create_index("ix_work_orders_unit_id_status", "work_orders", ["unit_id", "status"])


_units = sa.table("units", sa.column("id", sa.BigInteger()), sa.column("code", sa.String()),
                  sa.column("name", sa.String()), sa.column("kind", sa.String()),
                  sa.column("chat_id", sa.BigInteger()), sa.column("active", sa.Boolean()),
                  sa.column("created_at", TS))
_members = sa.table("unit_members", sa.column("staff_id", sa.BigInteger()),
                    sa.column("unit_id", sa.BigInteger()), sa.column("role", sa.String()))
_staff = sa.table("staff_members", sa.column("id", sa.BigInteger()),
                  sa.column("role", sa.String()))
_tickets = sa.table("tickets", sa.column("id", sa.BigInteger()), sa.column("unit_id"),
                    sa.column("department", sa.String()), sa.column("status", sa.String()),
                    sa.column("created_at", TS), sa.column("resolved_at", TS),
                    sa.column("closed_at", TS), sa.column("assignee_id", sa.BigInteger()),
                    sa.column("resolution_note", sa.Text()))
_events = sa.table("ticket_events", sa.column("id", sa.BigInteger()),
                   sa.column("ticket_id", sa.BigInteger()), sa.column("kind", sa.String()),
                   sa.column("actor_id", sa.BigInteger()), sa.column("at", TS),
                   sa.column("payload", sa.JSON()))
_orders = sa.table("work_orders", sa.column("ticket_id", sa.BigInteger()),
                   sa.column("unit_id", sa.BigInteger()), sa.column("status", sa.String()),
                   sa.column("dispatched_at", TS), sa.column("dispatched_by", sa.BigInteger()),
                   sa.column("done_at", TS), sa.column("result", sa.Text()),
                   sa.column("version", sa.Integer()))


def _now(conn: sa.Connection):
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return now.replace(tzinfo=None) if conn.dialect.name == "sqlite" else now


def _add_unit(conn: sa.Connection, code: str, name: str, kind: str) -> int:
    conn.execute(_units.insert().values(code=code, name=name, kind=kind, chat_id=None,
                                        active=True, created_at=_now(conn)))
    return conn.execute(sa.select(_units.c.id).where(_units.c.code == code)).scalar_one()


def _move_data(conn: sa.Connection) -> None:
    home = _add_unit(conn, HOME_CODE, HOME_NAME, "community")
    conn.execute(_tickets.update().values(unit_id=home))
    for staff_id, role in conn.execute(sa.select(_staff.c.id, _staff.c.role)).all():
        conn.execute(_members.insert().values(
            staff_id=staff_id, unit_id=home, role="worker" if role == "worker" else "supervisor"))
    labels = conn.execute(sa.select(_tickets.c.department).where(
        _tickets.c.department.is_not(None)).distinct()).scalars().all()
    units = {label: _add_unit(conn, f"dept-{n}", label[:64], "department")
             for n, label in enumerate(sorted(labels), 1)}
    if units:
        _add_orders(conn, units)


def _add_orders(conn: sa.Connection, units: dict[str, int]) -> None:
    """One order per labelled ticket, dated by its last transfer to that label."""
    last: dict[int, tuple] = {}
    labelled = sa.select(_tickets.c.id).where(_tickets.c.department.is_not(None))
    for e in conn.execute(sa.select(_events.c.ticket_id, _events.c.at, _events.c.actor_id,
                                    _events.c.payload)
                          .where(_events.c.kind == "transferred",
                                 _events.c.ticket_id.in_(labelled))
                          .order_by(_events.c.at, _events.c.id)):
        to = (e.payload or {}).get("to_department") if isinstance(e.payload, dict) else None
        if to is not None:
            last[(e.ticket_id, to)] = (e.at, e.actor_id)
    rows = []
    for t in conn.execute(sa.select(_tickets).where(_tickets.c.department.is_not(None))):
        at, by = last.get((t.id, t.department), (t.created_at, None))
        status = ("done" if t.status in _DONE else
                  "cancelled" if t.status == "withdrawn" else "open")
        rows.append({"ticket_id": t.id, "unit_id": units[t.department], "status": status,
                     "dispatched_at": at, "dispatched_by": by,
                     "done_at": (t.resolved_at or t.closed_at) if status == "done" else None,
                     "result": t.resolution_note if status == "done" else None,
                     "version": 1})
    for start in range(0, len(rows), 1000):
        conn.execute(_orders.insert(), rows[start:start + 1000])


def downgrade() -> None:
    """Drops the unit tables and columns (``tickets.department`` was never touched)."""
    with op.batch_alter_table("staff_members") as batch:
        batch.drop_column("street_leader")
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_unit_id_status")
        batch.drop_constraint("fk_tickets_unit_id_units", type_="foreignkey")
        batch.drop_column("unit_id")
    op.drop_index("ix_work_orders_unit_id_status", "work_orders")
    op.drop_index("ix_work_orders_ticket_id", "work_orders")
    op.drop_table("work_orders")
    op.drop_index("ix_unit_routes_unit_id", "unit_routes")
    op.drop_table("unit_routes")
    op.drop_index("ix_unit_members_unit_id_role", "unit_members")
    op.drop_table("unit_members")
    op.drop_table("units")
