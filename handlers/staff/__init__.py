"""The staff group chat: ticket cards and their buttons, relays, hand-offs, commands."""
