"""The inbox replaces the list of handled update ids.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Creates ``inbox_updates``; drops ``processed_updates`` (the inbox de-duplicates)."""
    op.create_table(
        "inbox_updates",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("conversation", sa.String(64), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        _ts("due_at", False),
        sa.Column("error", sa.String(64), nullable=True),
        sa.Column("told", sa.Boolean(), nullable=False),
        _ts("received_at", False),
        _ts("handled_at"),
        sa.PrimaryKeyConstraint("id", name="pk_inbox_updates"),
        sa.UniqueConstraint("update_id", name="uq_inbox_updates_update_id"),
    )
    op.create_index("ix_inbox_updates_status_conversation_update_id", "inbox_updates",
                    ["status", "conversation", "update_id"])
    op.create_index("ix_inbox_updates_received_at", "inbox_updates", ["received_at"])
    op.create_index("ix_inbox_updates_user_id", "inbox_updates", ["user_id"])
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_table("processed_updates")


def downgrade() -> None:
    """Restores ``processed_updates`` (empty) and drops the inbox."""
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=True),
        _ts("processed_at", False),
        sa.PrimaryKeyConstraint("update_id", name="pk_processed_updates"),
    )
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])
    op.drop_table("inbox_updates")
