"""The outbox: messages stored with the state change they report, sent by the bot after.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Creates ``outbox`` and ``outbox_senders`` (the senders alive)."""
    op.create_table(
        "outbox",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("at_most_once", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("lane", sa.String(64), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("blob", sa.LargeBinary(), nullable=True),
        sa.Column("dedupe", sa.String(64), nullable=True),
        sa.Column("hook", sa.JSON(), nullable=True),
        sa.Column("about_user", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.SmallInteger(), nullable=False),
        _ts("due_at", False),
        _ts("claimed_until"),
        sa.Column("claim_token", sa.String(32), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.String(64), nullable=True),
        _ts("created_at", False),
        _ts("sent_at"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_status_priority_id", "outbox", ["status", "priority", "id"])
    op.create_index("ix_outbox_lane_status", "outbox", ["lane", "status"])
    op.create_index("ix_outbox_dedupe", "outbox", ["dedupe"])
    op.create_index("ix_outbox_about_user", "outbox", ["about_user"])
    op.create_table(
        "outbox_senders",
        sa.Column("token", sa.String(32), nullable=False),
        _ts("alive_until", False),
        sa.PrimaryKeyConstraint("token", name="pk_outbox_senders"),
    )


def downgrade() -> None:
    """Drops ``outbox`` and ``outbox_senders``."""
    op.drop_table("outbox_senders")
    for name in ("about_user", "dedupe", "lane_status", "status_priority_id"):
        op.drop_index(f"ix_outbox_{name}", table_name="outbox")
    op.drop_table("outbox")
