"""A local stand-in for the Telegram Bot API, for the offline playground and end-to-end tests.

``LocalBotAPI`` serves the subset of the Bot API the bot uses, a JSON control API that plays
the residents and staff (``/control/...``, see ``docs/local-bot-api.md``) and a browser
playground at ``/``. ``Limits`` sets the size and rate limits it enforces.
"""

from bot.localapi.limits import Limits
from bot.localapi.server import LocalBotAPI

__all__ = ["LocalBotAPI", "Limits"]
