"""The outbox's sender: sends what handlers and jobs wrote to the outbox."""
