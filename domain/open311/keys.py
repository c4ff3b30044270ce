"""API keys of Open311 clients: a new key is shown once; only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from domain.errors import DomainError
from domain.ports import UowFactory
from storage.models import ApiKey

NAME_MAX = 64


class KeyNameTaken(DomainError):
    """A key of that name exists already."""

    code = "key_name_taken"


class KeyNotFound(DomainError):
    """No key of that name."""

    code = "key_not_found"


@dataclass(frozen=True)
class KeyInfo:
    """A key as listed: never the key itself."""

    name: str
    created_at: datetime
    revoked_at: datetime | None


def hash_of(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


async def add_key(uow_factory: UowFactory, name: str, *, now: datetime) -> str:
    """Makes a key for client ``name`` and returns it (the only time it is seen)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise ValueError(f"a key name is 1-{NAME_MAX} characters")
    key = secrets.token_urlsafe(24)
    async with uow_factory() as uow:
        if await uow.api_keys.by_name(name) is not None:
            raise KeyNameTaken(name)
        await uow.api_keys.add(ApiKey(name=name, key_hash=hash_of(key), created_at=now))
        await uow.commit()
    return key


async def list_keys(uow_factory: UowFactory) -> list[KeyInfo]:
    """Every key by name, oldest first."""
    async with uow_factory() as uow:
        return [KeyInfo(k.name, k.created_at, k.revoked_at) for k in await uow.api_keys.every()]


async def revoke_key(uow_factory: UowFactory, name: str, *, now: datetime) -> None:
    """Refuses the key named ``name`` from now on."""
    async with uow_factory() as uow:
        key = await uow.api_keys.by_name(name.strip())
        if key is None:
            raise KeyNotFound(name)
        key.revoked_at = key.revoked_at or now
        await uow.commit()


async def client_of(uow_factory: UowFactory, key: str | None) -> str | None:
    """The name of the client holding this valid key, or None (missing, unknown, revoked)."""
    if not key or len(key) > 200:
        return None
    async with uow_factory() as uow:
        found = await uow.api_keys.by_hash(hash_of(key))
        return found.name if found is not None and found.revoked_at is None else None
