"""Initial schema: people, tickets and their audit trail, follow-up, notices, bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

Written to match ``storage.models`` as of this revision, with its own frozen types (no
import of the models). Constraint names follow ``storage.models.base.NAMING_CONVENTION``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TS = sa.DateTime(timezone=True)


def _col(name: str, type_, null: bool = True, **kw) -> sa.Column:
    return sa.Column(name, type_, nullable=null, **kw)


def _id() -> sa.Column:
    return sa.Column("id", BIG_ID, nullable=False)


def _str(name: str, length: int, null: bool = True) -> sa.Column:
    return _col(name, sa.String(length=length), null)


def _big(name: str, null: bool = True) -> sa.Column:
    return _col(name, sa.BigInteger(), null)


def _ts(name: str, null: bool = True) -> sa.Column:
    return _col(name, TS, null)


def _bool(name: str, null: bool = False) -> sa.Column:
    return _col(name, sa.Boolean(), null)


def _pk(table: str, *cols: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*(cols or ("id",)), name=f"pk_{table}")


def _fk(table: str, col: str, target: str, **kw) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([col], [f"{target}.id"], name=f"fk_{table}_{col}_{target}", **kw)


def _uq(table: str, *cols: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*cols, name=f"uq_{table}_{'_'.join(cols)}")


def _claims() -> list[sa.Column]:
    return [_str("claim_token", 64), _ts("claimed_until")]


INDEXES: dict[str, list[tuple[str, ...]]] = {
    "conversation_states": [("name",), ("updated_at",)],
    "processed_updates": [("processed_at",)],
    "residents": [("building", "unit"), ("phone_normalized",)],
    "notices": [("status", "send_at")],
    "subscriptions": [("topic", "enabled")],
    "tickets": [("assignee_id", "status"), ("building",), ("category_level1", "created_at"),
                ("created_at",), ("resident_id", "created_at"), ("status",)],
    "attachments": [("draft_key",), ("ticket_id",)],
    "deliveries": [("notice_id", "status"), ("status", "next_attempt_at")],
    "handoff_sessions": [("resident_id", "ended_at"), ("ticket_id",)],
    "reminders": [("sent_at", "due_at")],
    "surveys": [("status", "due_at"), ("status", "expires_at"), ("status", "reminder_due_at")],
    "ticket_events": [("kind", "at"), ("ticket_id", "at")],
    "ticket_followers": [("resident_id",)],
}


def _tables() -> list[tuple[str, list]]:
    return [
        ("conversation_states", [
            _str("key", 200, False), _str("name", 64, False), _big("chat_id"), _big("user_id"),
            _col("state", sa.JSON(none_as_null=True)), _col("data", sa.JSON()),
            _ts("updated_at", False), _ts("reminded_at"), _pk("conversation_states", "key"),
        ]),
        ("counters", [
            _str("name", 64, False), _big("value", False), _pk("counters", "name"),
        ]),
        ("digests", [
            _id(), _str("kind", 16, False), _str("period", 16, False), _big("chat_id", False),
            _str("status", 16, False), _ts("sent_at"), _bool("late"), _big("message_id"),
            *_claims(), _ts("created_at", False),
            _pk("digests"), _uq("digests", "kind", "period", "chat_id"),
        ]),
        ("processed_updates", [
            _col("update_id", sa.BigInteger(), False, autoincrement=False), _big("bot_id"),
            _str("kind", 32), _ts("processed_at", False), _pk("processed_updates", "update_id"),
        ]),
        ("residents", [
            _id(), _big("telegram_user_id"), _str("first_name", 128),
            _str("language", 8, False), _str("phone", 32), _str("phone_normalized", 32),
            _str("building", 32), _str("unit", 32), _str("room", 32),
            _col("area_note", sa.Text()), _bool("reachable"), _bool("notice_onboarded"),
            _ts("erased_at"), _ts("created_at", False),
            _pk("residents"), _uq("residents", "telegram_user_id"),
        ]),
        ("staff_members", [
            _id(), _big("telegram_user_id", False), _str("display_name", 128, False),
            _str("role", 16, False), _str("department", 64), _bool("active"),
            _ts("created_at", False), _pk("staff_members"),
            _uq("staff_members", "telegram_user_id"),
        ]),
        ("notices", [
            _id(), _str("topic", 32, False), _str("title", 255, False),
            _col("text_zh", sa.Text(), False), _col("text_en", sa.Text()),
            _str("category", 255), _col("audience", sa.JSON()), _bool("emergency"),
            _str("status", 16, False), _big("created_by"), _big("approved_by"),
            _ts("send_at"), _ts("started_at"), _ts("finished_at"),
            _big("progress_message_id"), _str("source", 16, False), _str("source_key", 128),
            _ts("created_at", False),
            _fk("notices", "approved_by", "staff_members"),
            _fk("notices", "created_by", "staff_members"),
            _pk("notices"), _uq("notices", "source_key"),
        ]),
        ("subscriptions", [
            _big("resident_id", False), _str("topic", 32, False), _bool("enabled"),
            _ts("updated_at", False),
            _fk("subscriptions", "resident_id", "residents", ondelete="CASCADE"),
            _pk("subscriptions", "resident_id", "topic"),
        ]),
        ("tickets", [
            _id(), _str("code", 32, False), _big("resident_id", False),
            _str("category", 255, False), _str("category_level1", 64, False),
            _col("description", sa.Text(), False), _col("clarification", sa.JSON()),
            _str("building", 32), _str("unit", 32), _str("room", 32),
            _col("place_text", sa.Text()), _col("latitude", sa.Float()),
            _col("longitude", sa.Float()), _str("contact_phone", 32),
            _str("contact_phone_normalized", 32), _str("visit_window", 128),
            _str("urgency", 16, False), _str("status", 16, False), _big("assignee_id"),
            _str("department", 64), _big("source_update_id"), _str("idempotency_key", 128),
            _big("duplicate_of_id"), _bool("excluded_from_kpi"),
            _col("exclusion_reason", sa.Text()), _big("excluded_by"),
            _ts("respond_due_at"), _ts("resolve_due_at"), _ts("claimed_at"),
            _ts("first_response_at"), _ts("resolved_at"), _ts("closed_at"),
            _col("reopened_count", sa.Integer(), False), _ts("withdrawn_at"),
            _big("staff_chat_message_id"), _big("staff_thread_id"),
            _col("resolution_note", sa.Text()), _col("version", sa.Integer(), False),
            _ts("created_at", False),
            _fk("tickets", "assignee_id", "staff_members"),
            _fk("tickets", "duplicate_of_id", "tickets"),
            _fk("tickets", "excluded_by", "staff_members"),
            _fk("tickets", "resident_id", "residents"),
            _pk("tickets"), _uq("tickets", "code"), _uq("tickets", "idempotency_key"),
        ]),
        ("attachments", [
            _id(), _big("ticket_id"), _big("resident_id"), _str("draft_key", 128),
            _str("telegram_file_id", 256, False), _str("kind", 16, False),
            _ts("created_at", False),
            _fk("attachments", "resident_id", "residents"),
            _fk("attachments", "ticket_id", "tickets"), _pk("attachments"),
        ]),
        ("deliveries", [
            _id(), _big("notice_id", False), _big("resident_id", False),
            _str("status", 16, False), _col("attempts", sa.Integer(), False),
            _ts("next_attempt_at"), _col("last_error", sa.Text()), _ts("sent_at"),
            _big("telegram_message_id"), *_claims(), _ts("created_at", False),
            _fk("deliveries", "notice_id", "notices"),
            _fk("deliveries", "resident_id", "residents"),
            _pk("deliveries"), _uq("deliveries", "notice_id", "resident_id"),
        ]),
        ("handoff_sessions", [
            _id(), _big("ticket_id"), _big("resident_id", False), _ts("started_at", False),
            _ts("ended_at"), _big("ended_by"), _col("reason", sa.Text()),
            _fk("handoff_sessions", "resident_id", "residents"),
            _fk("handoff_sessions", "ticket_id", "tickets"), _pk("handoff_sessions"),
        ]),
        ("reminders", [
            _id(), _big("ticket_id", False), _str("kind", 32, False), _ts("due_at", False),
            _ts("sent_at"), *_claims(), _ts("created_at", False),
            _fk("reminders", "ticket_id", "tickets"),
            _pk("reminders"), _uq("reminders", "ticket_id", "kind"),
        ]),
        ("surveys", [
            _id(), _big("ticket_id", False), _big("resident_id", False),
            _col("round", sa.Integer(), False), _str("status", 16, False),
            _ts("due_at", False), _ts("sent_at"), _big("telegram_message_id"),
            _ts("reminder_due_at"), _ts("reminded_at"), _ts("expires_at"),
            _str("solved", 16), _str("satisfaction", 16), _bool("recurred", True),
            _col("comment", sa.Text()), _ts("answered_at"), _big("answer_update_id"),
            *_claims(), _ts("created_at", False),
            _fk("surveys", "resident_id", "residents"), _fk("surveys", "ticket_id", "tickets"),
            _pk("surveys"), _uq("surveys", "ticket_id", "resident_id", "round"),
        ]),
        ("ticket_events", [
            _id(), _big("ticket_id", False), _ts("at", False),
            _str("actor_kind", 16, False), _big("actor_id"), _str("kind", 32, False),
            _col("payload", sa.JSON()), _big("update_id"),
            _fk("ticket_events", "ticket_id", "tickets"), _pk("ticket_events"),
        ]),
        ("ticket_followers", [
            _big("ticket_id", False), _big("resident_id", False), _ts("joined_at", False),
            _fk("ticket_followers", "resident_id", "residents"),
            _fk("ticket_followers", "ticket_id", "tickets"),
            _pk("ticket_followers", "ticket_id", "resident_id"),
        ]),
    ]


def upgrade() -> None:
    for table, items in _tables():
        op.create_table(table, *items)
        for cols in INDEXES.get(table, []):
            op.create_index(f"ix_{table}_{'_'.join(cols)}", table, list(cols))


def downgrade() -> None:
    for table, _items in reversed(_tables()):
        for cols in INDEXES.get(table, []):
            op.drop_index(f"ix_{table}_{'_'.join(cols)}", table_name=table)
        op.drop_table(table)
