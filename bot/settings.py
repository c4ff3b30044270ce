"""Typed settings, read once from the environment (prefix ``FRONTDOOR_``)."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.notices.quiet import parse_window

DEFAULT_DB_URL = "sqlite+aiosqlite:///./var/frontdoor.sqlite3"
# Plain http is accepted only on loopback, where the local Bot API is the caller.
_LOOPBACK = ("http://127.0.0.1:", "http://localhost:")
DIGEST_KINDS = {"daily", "weekly", "monthly"}


class SettingsError(SystemExit):
    """A missing or malformed setting; carries one line naming the key."""


class Settings(BaseSettings):
    """Every knob of the product. See ``.env.example`` for what each key means."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTDOOR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    telegram_token: str | None = None
    database_url: str = DEFAULT_DB_URL
    sqlite_driver: Literal["inline", "thread"] = "inline"
    # PostgreSQL connections per process (pool and overflow). Updates are handled at most
    # this many at once, less the few the sender, the receiver and the jobs need, so a burst
    # waits in the inbox instead of for a connection (docs/scaling.md).
    database_pool_size: int = Field(default=10, ge=2, le=200)
    database_max_overflow: int = Field(default=10, ge=0, le=200)
    staff_chat_id: int | None = None
    first_admin_id: int | None = None
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    rasa_url: str | None = None
    rasa_token: str | None = None
    rasa_timeout: float = Field(default=2.0, gt=0)
    nlu_history: str | None = None
    timezone: str = "Asia/Shanghai"
    default_language: str = "zh"
    local_api_host: str = "127.0.0.1"
    local_api_port: int = Field(default=8081, ge=0, le=65535)
    open311_host: str = "127.0.0.1"
    open311_port: int = Field(default=8311, ge=0, le=65535)  # 0: no Open311 API, no web view
    public_url: str | None = None  # the web view's address in links (behind a proxy)
    web_idle_minutes: float = Field(default=30.0, gt=0)  # a web session ends when idle this long
    web_secret: str | None = None  # signs web cookies; empty: a key made once per database
    community_name: str = "社区服务站"
    log_level: str = "INFO"
    nlu_cache_dir: str = "var/nlu-cache"
    nlu_learn_weekly: bool = False  # the weekly `nlu train --from-tickets` (bot/learning.py)
    nlu_learn_weekday: int = Field(default=1, ge=1, le=7)  # 1 = Monday
    nlu_learn_at: time = time(3, 0)
    intake_idle_minutes: float = Field(default=30.0, ge=0)
    intake_reminder_check_seconds: float = Field(default=60.0, gt=0)
    joint_report_days: float = Field(default=7.0, ge=0)
    staff_departments: str = "物业公司,供热公司,自来水公司,供电公司,城管执法"
    staff_tick_seconds: float = Field(default=60.0, gt=0)
    order_summons_answer_hours: float = Field(default=4.0, gt=0)  # then the second level
    card_sweep_seconds: float = Field(default=5.0, gt=0)  # cards of tickets not opened by an update
    relay_window_hours: float = Field(default=24.0, ge=0)
    survey_round2_days: float = Field(default=7.0, ge=0)
    survey_reminder_hours: float = Field(default=24.0, ge=0)
    survey_expiry_hours: float = Field(default=72.0, gt=0)
    survey_tick_seconds: float = Field(default=60.0, gt=0)
    kpi_basic_weight: float = Field(default=0.8, ge=0, le=1)
    telegram_overall_per_second: int = Field(default=30, ge=1)
    telegram_group_per_minute: int = Field(default=20, ge=1)
    telegram_chat_burst: int = Field(default=3, ge=1)  # private chat: a burst, then
    telegram_chat_per_second: float = Field(default=1.0, gt=0)  # ... this many a second
    telegram_paid_broadcast: bool = False
    telegram_paid_per_second: int = Field(default=1000, ge=1, le=1000)
    broadcast_tick_seconds: float = Field(default=1.0, gt=0)
    broadcast_lease_seconds: float = Field(default=300.0, gt=0)
    quiet_hours: str = "21:00-08:00"
    # notices: staff /notice flow
    notice_staff_tick_seconds: float = Field(default=4.0, gt=0)
    # notices: calendar and 每月一题
    notice_calendar: bool = True  # false: no calendar or proposal drafts by the clock
    notice_calendar_file: str = ""  # empty: domain/notices/calendar_default.yaml
    notice_calendar_at: time = time(7, 0)
    notice_proposal_day: int = Field(default=20, ge=1, le=28)
    digest_daily_at: time = time(8, 30)
    digest_weekly_at: time = time(9, 0)
    digest_monthly_at: time = time(9, 0)
    digest_kinds: str = "daily,weekly,monthly"
    digest_tick_seconds: float = Field(default=60.0, gt=0)

    @property
    def departments(self) -> list[str]:
        """The departments a ticket can be transferred to, in order."""
        return [d.strip() for d in self.staff_departments.split(",") if d.strip()]

    @property
    def digests(self) -> list[str]:
        """The digest kinds the schedule sends to the staff chat, in order."""
        return [k.strip() for k in self.digest_kinds.split(",") if k.strip()]

    @field_validator("digest_kinds")
    @classmethod
    def _known_digests(cls, value: str) -> str:
        unknown = {k.strip() for k in value.split(",") if k.strip()} - DIGEST_KINDS
        if unknown:
            raise ValueError(f"unknown digest kind {sorted(unknown)[0]!r} "
                             "(daily, weekly, monthly)")
        return value

    @property
    def quiet_window(self) -> tuple[time, time] | None:
        """The quiet hours as (start, end) in local time, or None when turned off."""
        return parse_window(self.quiet_hours)

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_window(cls, value: str) -> str:
        parse_window(value)
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in ("zh", "en"):
            raise ValueError("must be 'zh' or 'en'")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_chars(cls, value: str | None) -> str | None:
        if value is not None and not all(c.isalnum() or c in "_-" for c in value):
            raise ValueError("may only contain A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("webhook_secret: required when FRONTDOOR_WEBHOOK_URL is set")
        if self.webhook_url and not self.webhook_url.startswith(("https://", *_LOOPBACK)):
            raise ValueError("webhook_url: Telegram only calls https:// webhooks")
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The configured time zone."""
        return ZoneInfo(self.timezone)

    @property
    def uses_sqlite(self) -> bool:
        """True for the embedded SQLite database (one process; no connection pool to size)."""
        return self.database_url.startswith("sqlite")

    @property
    def uses_local_api(self) -> bool:
        """True when no token is set: the bot talks to the local Bot API playground."""
        return not self.telegram_token


def load_settings(**overrides: object) -> Settings:
    """Reads the settings; a bad value exits with one line naming the key."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if first["loc"]:
            key = str(first["loc"][0])
        else:  # a model-level check names its key before the colon
            key, _, message = message.partition(": ")
        raise SettingsError(f"configuration error: FRONTDOOR_{key.upper()}: {message}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return load_settings()
