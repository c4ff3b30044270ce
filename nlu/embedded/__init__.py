"""The embedded NLU engine, trained from the Rasa project files (and ticket history)."""

from nlu.embedded.engine import FALLBACK, CategoryGuess, EmbeddedEngine

__all__ = ["FALLBACK", "CategoryGuess", "EmbeddedEngine"]
