"""Character n-gram similarity of short messages (near-duplicates, nearest examples).

A message is folded first (full width → ASCII, traditional → simplified, lower case) and
stripped of punctuation, spaces and digits, so ``5号楼暖气不热！`` and ``3號樓 暖氣不熱`` are
the same text to these functions.
"""

from __future__ import annotations

import unicodedata

from nlu.entities.normalize import normalize


def fold(text: str) -> str:
    """The letters of ``text`` only: normalised, without punctuation, spaces or digits."""
    return "".join(ch for ch in normalize(text)
                   if unicodedata.category(ch)[0] in "LM" and not ch.isdigit())


def ngrams(text: str, n: int = 3) -> frozenset[str]:
    """The character ``n``-grams of the folded text (the whole text when it is shorter)."""
    folded = fold(text)
    if len(folded) <= n:
        return frozenset([folded]) if folded else frozenset()
    return frozenset(folded[i:i + n] for i in range(len(folded) - n + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def near_duplicates(texts: list[str], corpus: list[str], threshold: float = 0.8,
                    n: int = 3) -> list[tuple[str, str, float]]:
    """``(text, corpus text, similarity)`` for every pair at or above ``threshold``."""
    grams = [(c, ngrams(c, n)) for c in corpus]
    found = []
    for text in texts:
        mine = ngrams(text, n)
        for other, theirs in grams:
            small, large = sorted((len(mine), len(theirs)))
            if not large or small / large < threshold:
                continue  # Jaccard can never reach the threshold
            score = jaccard(mine, theirs)
            if score >= threshold:
                found.append((text, other, round(score, 3)))
    return found
