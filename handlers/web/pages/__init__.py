"""One module per page; each returns a ``Page`` that the layout wraps."""
