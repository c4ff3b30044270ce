"""Open311 GeoReport v2: the rules of the API channel (keys, requests, what is public)."""
