"""Intake: one short conversation (what, where, how to reach you, read-back) → a ticket."""
