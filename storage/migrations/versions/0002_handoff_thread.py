"""Hand-off sessions remember their staff forum topic.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Adds ``handoff_sessions.staff_thread_id``."""
    with op.batch_alter_table("handoff_sessions") as batch:
        batch.add_column(sa.Column("staff_thread_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    """Drops ``handoff_sessions.staff_thread_id``."""
    with op.batch_alter_table("handoff_sessions") as batch:
        batch.drop_column("staff_thread_id")
