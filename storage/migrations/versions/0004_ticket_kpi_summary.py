"""Tickets carry their survey summary, so the three rates scan one table.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic", "kpi_dissatisfied",
           "kpi_no_answer", "kpi_uncertain")

tickets = sa.table("tickets", sa.column("id"), *(sa.column(c) for c in COLUMNS))
surveys = sa.table("surveys", sa.column("ticket_id"), sa.column("round"),
                   sa.column("status"), sa.column("solved"), sa.column("satisfaction"),
                   sa.column("recurred"), sa.column("is_latest"))


def _count(*conditions):
    return (sa.select(sa.func.count()).select_from(surveys)
            .where(surveys.c.ticket_id == tickets.c.id, *conditions).scalar_subquery())


def upgrade() -> None:
    """Adds ``tickets.kpi_*`` and fills them from the surveys already recorded."""
    with op.batch_alter_table("tickets") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.SmallInteger(), nullable=False,
                                       server_default="0"))
    s = surveys.c
    latest = s.is_latest == sa.true()
    confirmed = sa.or_(sa.and_(s.round % 2 == 1, s.solved == "yes"),
                       sa.and_(s.round % 2 == 0, s.recurred == sa.false()))
    op.execute(
        tickets.update()
        .where(tickets.c.id.in_(sa.select(s.ticket_id).distinct()))
        .values(kpi_answers=_count(latest), kpi_confirmed=_count(latest, confirmed),
                kpi_satisfied=_count(latest, s.satisfaction == "satisfied"),
                kpi_basic=_count(latest, s.satisfaction == "basic"),
                kpi_dissatisfied=_count(latest, s.satisfaction == "dissatisfied"),
                kpi_no_answer=_count(s.status == "expired"),
                kpi_uncertain=_count(s.status == "uncertain"))
    )


def downgrade() -> None:
    """Drops them again."""
    with op.batch_alter_table("tickets") as batch:
        for name in COLUMNS:
            batch.drop_column(name)
