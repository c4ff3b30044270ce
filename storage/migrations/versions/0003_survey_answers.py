"""Surveys: the latest answer per resident and ticket, an open comment, an index for the rates.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Adds ``surveys.is_latest``, ``surveys.awaiting_comment`` and their index."""
    with op.batch_alter_table("surveys") as batch:
        batch.add_column(sa.Column("is_latest", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("awaiting_comment", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_index("ix_surveys_is_latest_ticket_id", "surveys", ["is_latest", "ticket_id"])


def downgrade() -> None:
    """Drops them again."""
    op.drop_index("ix_surveys_is_latest_ticket_id", table_name="surveys")
    with op.batch_alter_table("surveys") as batch:
        batch.drop_column("awaiting_comment")
        batch.drop_column("is_latest")
