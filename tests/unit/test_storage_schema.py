"""Storage pieces that need no database: types, naming, the PostgreSQL test policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import Base, UtcDateTime
from tests.conftest import POSTGRES_ENV, postgres_server_url

BEIJING = timezone(timedelta(hours=8))


def test_utc_datetime_binds_utc_and_reads_back_aware():
    col = UtcDateTime()
    local = datetime(2026, 11, 23, 18, 0, tzinfo=BEIJING)
    assert col.process_bind_param(local, sqlite.dialect()) == datetime(2026, 11, 23, 10, 0)
    assert col.process_bind_param(local, postgresql.dialect()) == datetime(
        2026, 11, 23, 10, 0, tzinfo=UTC)
    assert col.process_result_value(datetime(2026, 11, 23, 10, 0), sqlite.dialect()).tzinfo == UTC
    assert col.process_result_value(local, postgresql.dialect()) == local
    assert col.process_result_value(local, postgresql.dialect()).tzinfo == UTC
    with pytest.raises(ValueError, match="naive"):
        col.process_bind_param(datetime(2026, 11, 23), sqlite.dialect())


def test_every_table_is_there_and_every_constraint_is_named():
    expected = {
        "residents", "staff_members", "subscriptions", "tickets", "ticket_followers",
        "ticket_events", "attachments", "surveys", "reminders", "notices", "deliveries",
        "conversation_states", "handoff_sessions", "inbox_updates", "digests", "counters",
        "outbox", "outbox_senders", "leases", "versions", "nlu_models", "units", "open311_keys",
        "unit_members", "unit_routes", "work_orders", "order_escalations", "web_links",
        "web_sessions", "web_keys",
    }
    assert set(Base.metadata.tables) == expected
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            assert constraint.name, f"unnamed constraint on {table.name}"


def test_postgres_tests_skip_locally_and_fail_in_ci(monkeypatch):
    monkeypatch.delenv(POSTGRES_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        postgres_server_url()
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="must be set in CI"):
        postgres_server_url()
    monkeypatch.setenv(POSTGRES_ENV, "postgresql+asyncpg://u@h/db")
    assert postgres_server_url() == "postgresql+asyncpg://u@h/db"
