"""A notice held for quiet hours that a supervisor sent anyway: who, and when.

Revision ID: 0008a
Revises: 0007
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008a"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Adds ``notices.quiet_released_by`` and ``notices.quiet_released_at``."""
    with op.batch_alter_table("notices") as batch:
        batch.add_column(sa.Column("quiet_released_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("quiet_released_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.create_foreign_key("fk_notices_quiet_released_by_staff_members",
                                 "staff_members", ["quiet_released_by"], ["id"])


def downgrade() -> None:
    """Drops them."""
    with op.batch_alter_table("notices") as batch:
        batch.drop_constraint("fk_notices_quiet_released_by_staff_members", type_="foreignkey")
        batch.drop_column("quiet_released_at")
        batch.drop_column("quiet_released_by")
