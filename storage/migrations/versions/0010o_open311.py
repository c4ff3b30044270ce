"""Open311: API keys (hashes only), a ticket's channel and its link code.

Revision ID: 0010o
Revises: 0011r
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010o"
down_revision: str | Sequence[str] | None = "0011r"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Adds ``open311_keys`` and ``tickets.channel`` / ``tickets.link_code``."""
    op.create_table(
        "open311_keys",
        sa.Column("id", BIG_ID, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_open311_keys"),
        sa.UniqueConstraint("name", name="uq_open311_keys_name"),
        sa.UniqueConstraint("key_hash", name="uq_open311_keys_key_hash"),
    )
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("channel", sa.String(16), nullable=False,
                                   server_default="telegram"))
        batch.add_column(sa.Column("link_code", sa.String(16), nullable=True))
        batch.create_unique_constraint("uq_tickets_link_code", ["link_code"])


def downgrade() -> None:
    """Drops them."""
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint("uq_tickets_link_code", type_="unique")
        batch.drop_column("link_code")
        batch.drop_column("channel")
    op.drop_table("open311_keys")
