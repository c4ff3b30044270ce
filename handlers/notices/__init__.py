"""Notices in Telegram: the broadcast tick and the residents' notice settings."""
