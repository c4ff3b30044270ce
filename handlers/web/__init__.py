"""The read-only web view (aiohttp), served beside the Open311 API by ``frontdoor run``."""
