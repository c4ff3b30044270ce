"""The inbox: updates are stored before they are acknowledged, then handled in order.

``polling`` and ``webhook`` receive and store; ``dispatcher`` hands stored updates to the
Application one conversation at a time. The rules live in ``domain/inbox.py``.
"""
