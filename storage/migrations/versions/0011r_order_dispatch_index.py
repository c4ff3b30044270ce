"""Work orders by dispatch time: the ranking of units reads a period's orders.

Revision ID: 0011r
Revises: 0010u
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011r"
down_revision: str | Sequence[str] | None = "0010u"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Adds ``ix_work_orders_dispatched_at``."""
    op.create_index("ix_work_orders_dispatched_at", "work_orders", ["dispatched_at"])


def downgrade() -> None:
    """Drops it."""
    op.drop_index("ix_work_orders_dispatched_at", table_name="work_orders")
