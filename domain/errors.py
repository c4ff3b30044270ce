"""Domain errors: handlers map each ``code`` to a friendly text in the catalogue."""


class DomainError(Exception):
    """A rule said no. ``code`` names the rule for the text catalogue."""

    code = "domain_error"
