"""Domain errors: handlers map each ``code`` to a friendly text in the catalogue."""


class DomainError(Exception):
    """A rule said no. ``code`` names the rule for the text catalogue."""

    code = "domain_error"


def database_unavailable(error: BaseException) -> bool:
    """Whether a failure is the database being down or restarting (it may pass by itself)."""
    from storage.errors import is_transient

    return is_transient(error)
