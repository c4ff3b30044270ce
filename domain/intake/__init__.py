"""Intake: the draft of a report, the steps that fill it, and opening the ticket."""
