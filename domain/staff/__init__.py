"""The staff side of a ticket: who may act, what they do, and what the resident hears."""
