"""Routing models trained from staff-confirmed tickets (the serving one: newest accepted).

Revision ID: 0010l
Revises: 0009
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010l"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Creates ``nlu_models``."""
    op.create_table(
        "nlu_models",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("base_key", sa.String(64), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("held_out", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_nlu_models"),
    )
    op.create_index("ix_nlu_models_accepted_id", "nlu_models", ["accepted", "id"])


def downgrade() -> None:
    """Drops ``nlu_models``."""
    op.drop_index("ix_nlu_models_accepted_id", table_name="nlu_models")
    op.drop_table("nlu_models")
