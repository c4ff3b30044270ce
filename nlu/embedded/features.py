"""Character n-gram TF-IDF features with a fast path for one message at a time.

Training builds a sparse matrix; parsing turns one message into ``(ids, weights)`` with a
few dict look-ups, so scoring is a gather and a dot product (well under a millisecond).
Weights follow scikit-learn's ``TfidfVectorizer(sublinear_tf=True, smooth_idf=True)``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
from scipy import sparse

from nlu.entities.normalize import normalize
from nlu.variants import standardize

MAX_CHARS = 512
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]+(?:'[a-z]+)?")


def prepare(text: str) -> str:
    """The classifier's view of a message: bounded, normalised, standard words, ``0`` digits.

    Typos and dialect words are put in standard form (``nlu.variants``).
    """
    text = standardize(normalize(text[:MAX_CHARS]))
    return _DIGIT.sub("0", _SPACES.sub(" ", text).strip())


@lru_cache(maxsize=64)
def analyze(text: str, max_n: int = 3) -> tuple[str, ...]:
    """Character 1..max_n-grams of the prepared text plus whole Latin words.

    Cached: one parse featurises the same text for the intents, the categories and the
    problem types.
    """
    grams = [
        text[i:i + n]
        for n in range(1, max_n + 1)
        for i in range(len(text) - n + 1)
        if not text[i:i + n].isspace()
    ]
    grams.extend("w:" + w for w in _LATIN.findall(text))
    return tuple(grams)


class TfidfCharNgrams:
    """A fitted vocabulary with IDF weights."""

    def __init__(self, vocab: dict[str, int], idf: np.ndarray, max_n: int = 3) -> None:
        self.vocab = vocab
        self.idf = idf.astype(np.float32)
        self.max_n = max_n

    @classmethod
    def fit(cls, texts: list[str], max_n: int = 3) -> TfidfCharNgrams:
        """Learns the vocabulary and IDF of prepared texts."""
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(analyze(text, max_n)))
        vocab = {gram: i for i, gram in enumerate(sorted(df))}
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[g])) + 1.0 for g in sorted(df)])
        return cls(vocab, idf, max_n)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Feature ids and L2-normalised weights of one prepared text."""
        counts = Counter(g for g in analyze(text, self.max_n) if g in self.vocab)
        if not counts:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        ids = np.fromiter((self.vocab[g] for g in counts), np.int64, len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        vals = tf * self.idf[ids]
        return ids, vals / np.float32(np.linalg.norm(vals))

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """The TF-IDF matrix of prepared texts."""
        indptr, indices, data = [0], [], []
        for text in texts:
            ids, vals = self.vector(text)
            indices.append(ids)
            data.append(vals)
            indptr.append(indptr[-1] + len(ids))
        return sparse.csr_matrix(
            (np.concatenate(data) if data else [], np.concatenate(indices) if indices else [],
             indptr),
            shape=(len(texts), len(self.vocab)), dtype=np.float32,
        )
