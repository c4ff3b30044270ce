"""The web view: one-time login links, sessions, and the cookie-signing key.

Revision ID: 0012w
Revises: 0010o
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012w"
down_revision: str | Sequence[str] | None = "0010o"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Adds ``web_links``, ``web_sessions`` and ``web_keys``."""
    op.create_table(
        "web_links",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_members.id"],
                                name="fk_web_links_staff_id_staff_members"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_web_links"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.BigInteger(), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_members.id"],
                                name="fk_web_sessions_staff_id_staff_members"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_web_sessions"),
    )
    op.create_index("ix_web_sessions_staff_id", "web_sessions", ["staff_id"])
    op.create_table(
        "web_keys",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_web_keys"),
    )


def downgrade() -> None:
    """Drops them."""
    op.drop_table("web_keys")
    op.drop_index("ix_web_sessions_staff_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("web_links")
