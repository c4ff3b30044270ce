"""Proactive notices (未诉先办): topics, audiences and the broadcast engine."""
