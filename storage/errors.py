"""Errors that storage raises instead of driver-specific exceptions."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for storage errors."""


class Conflict(StorageError):
    """A unique or foreign-key constraint refused the write."""


class ConcurrentUpdate(StorageError):
    """A row changed under us since it was read (optimistic version check failed)."""


class AppendOnlyViolation(StorageError):
    """Somebody tried to change or remove an audit event."""
