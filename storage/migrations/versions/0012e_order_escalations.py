"""Escalations of overdue work orders (吹哨): ``order_escalations``.

Revision ID: 0012e
Revises: 0012w
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012e"
down_revision: str | Sequence[str] | None = "0012w"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _staff(name: str) -> list:
    return [sa.Column(name, sa.BigInteger(), nullable=True),
            sa.ForeignKeyConstraint([name], ["staff_members.id"],
                                    name=f"fk_order_escalations_{name}_staff_members")]


def upgrade() -> None:
    """Adds ``order_escalations`` (one row per order and deadline kind)."""
    summoned, answered = _staff("summoned_by"), _staff("answered_by")
    op.create_table(
        "order_escalations",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("order_id", sa.BigInteger(), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("deadline", TS, nullable=False),
        sa.Column("escalated_at", TS, nullable=False),
        sa.Column("summoned_at", TS, nullable=True),
        summoned[0],
        sa.Column("answered_at", TS, nullable=True),
        answered[0],
        sa.Column("second_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_order_escalations"),
        sa.ForeignKeyConstraint(["order_id"], ["work_orders.id"],
                                name="fk_order_escalations_order_id_work_orders"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"],
                                name="fk_order_escalations_ticket_id_tickets"),
        summoned[1], answered[1],
        sa.UniqueConstraint("order_id", "kind", name="uq_order_escalations_order_id_kind"),
    )
    op.create_index("ix_order_escalations_answered_at_second_at_summoned_at",
                    "order_escalations", ["answered_at", "second_at", "summoned_at"])


def downgrade() -> None:
    """Drops it."""
    op.drop_index("ix_order_escalations_answered_at_second_at_summoned_at",
                  table_name="order_escalations")
    op.drop_table("order_escalations")
