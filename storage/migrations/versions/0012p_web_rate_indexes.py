"""The rates and the ranking read a period from an index alone; orders by status.

On PostgreSQL ``ix_tickets_created_at`` and ``ix_work_orders_dispatched_at`` carry the
columns the three rates and the ranking read (``INCLUDE``), so a month is an index-only
scan instead of a visit to every row's page, and ``ix_tickets_id_summary`` gives an order's
ticket's survey summary by its id alone (docs/web.md: the overview over 1,000,000 tickets).
SQLite has no ``INCLUDE``: there the first two stay as they were and the third is a plain
index of the id. Everywhere, ``ix_work_orders_status`` finds the orders sent back.

Revision ID: 0012p
Revises: 0012e
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012p"
down_revision: str | Sequence[str] | None = "0012e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TICKET_COLUMNS = ["unit_id", "excluded_from_kpi", "respond_due_at", "first_response_at",
                  "kpi_answers", "kpi_confirmed", "kpi_satisfied", "kpi_basic",
                  "kpi_dissatisfied", "kpi_no_answer", "kpi_uncertain"]
SUMMARY_COLUMNS = ["excluded_from_kpi", *TICKET_COLUMNS[4:]]
ORDER_COLUMNS = ["unit_id", "status", "respond_due_at", "first_response_at", "ticket_id"]
COVERED = (("ix_tickets_created_at", "tickets", "created_at", TICKET_COLUMNS),
           ("ix_work_orders_dispatched_at", "work_orders", "dispatched_at", ORDER_COLUMNS))


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    """Adds the included columns (PostgreSQL), the summary and the status indexes."""
    if _postgres():
        for name, table, column, included in COVERED:
            op.drop_index(name, table_name=table)
            op.create_index(name, table, [column], postgresql_include=included)
    op.create_index("ix_tickets_id_summary", "tickets", ["id"],
                    postgresql_include=SUMMARY_COLUMNS)
    op.create_index("ix_work_orders_status", "work_orders", ["status"])


def downgrade() -> None:
    """The indexes as they were."""
    op.drop_index("ix_work_orders_status", table_name="work_orders")
    op.drop_index("ix_tickets_id_summary", table_name="tickets")
    if _postgres():
        for name, table, column, _ in COVERED:
            op.drop_index(name, table_name=table)
            op.create_index(name, table, [column])
