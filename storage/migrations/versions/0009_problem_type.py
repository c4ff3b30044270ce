"""A ticket's problem type in plain words (nlu/problem_types.yml) and who set it.

Revision ID: 0009
Revises: 0008a
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Adds ``tickets.problem_type`` and ``tickets.problem_type_by`` (resident | staff)."""
    with op.batch_alter_table("tickets") as batch:
        batch.add_column(sa.Column("problem_type", sa.String(64), nullable=True))
        batch.add_column(sa.Column("problem_type_by", sa.String(16), nullable=True))
        batch.create_index("ix_tickets_problem_type", ["problem_type"])


def downgrade() -> None:
    """Drops them."""
    with op.batch_alter_table("tickets") as batch:
        batch.drop_index("ix_tickets_problem_type")
        batch.drop_column("problem_type_by")
        batch.drop_column("problem_type")
