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


def is_transient(error: BaseException) -> bool:
    """True for a failure that may pass by itself: the database down, restarting, locked.

    Follows the chain of causes, so a driver's error wrapped by SQLAlchemy is recognised.
    A refused write (``Conflict``) or a programming error is not transient.
    """
    from sqlalchemy import exc as sa

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, ConcurrentUpdate | OSError | TimeoutError | sa.OperationalError
                      | sa.InterfaceError | sa.DisconnectionError | sa.TimeoutError):
            return True
        if isinstance(error, sa.DBAPIError) and error.connection_invalidated:
            return True
        if type(error).__module__.startswith("asyncpg") and type(error).__name__ in _ASYNCPG:
            return True
        error = getattr(error, "orig", None) or error.__cause__ or error.__context__
    return False


_ASYNCPG = {"PostgresConnectionError", "ConnectionDoesNotExistError", "ConnectionFailureError",
            "CannotConnectNowError", "AdminShutdownError", "CrashShutdownError",
            "InterfaceError", "ConnectionRejectionError", "TooManyConnectionsError",
            "InternalClientError", "SerializationError", "DeadlockDetectedError"}
