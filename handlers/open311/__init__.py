"""The Open311 GeoReport v2 HTTP API (aiohttp): a channel beside Telegram."""
