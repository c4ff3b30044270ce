"""One module per page; each returns a ``Page`` that the layout wraps.

``PAGES`` maps the paths under ``/web`` that are plain pages to their page function (the
tickets list and a ticket have their own routes in ``handlers/web/app.py``).
"""

PAGES: dict = {}
