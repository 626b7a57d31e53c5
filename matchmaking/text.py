"""Free text as TF-IDF over character n-grams, counted with array operations.

Character n-grams need no tokenizer, so English and Japanese descriptions are treated
alike. Every n-gram of every text is hashed at once over one array of code points (a text
is lower-cased, its whitespace collapsed and padded with a space at each end); hashes fall
into BUCKETS, and only the buckets the fitted texts use become columns.
"""

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

NGRAMS = (2, 3, 4)
BUCKETS = 1 << 22
PRIME = np.uint64(1_000_003)


def _hashed_ngrams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text index, bucket) for every character n-gram of every text."""
    normalised = [f" {' '.join(text.lower().split())} " for text in texts]
    lengths = np.fromiter((len(text) for text in normalised), dtype=np.int64, count=len(normalised))
    # Texts joined by NUL, which never occurs inside a normalised text, so no n-gram crosses two.
    points = np.frombuffer("\0".join(normalised).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(normalised)), lengths + 1)[: len(points)]
    rows, buckets = [], []
    for n in NGRAMS:
        width = len(points) - n + 1
        if width <= 0:
            continue
        digest = points[:width].copy()
        inside = points[:width] != 0
        for offset in range(1, n):
            following = points[offset : offset + width]
            digest = digest * PRIME + following
            inside &= following != 0
        rows.append(owner[:width][inside])
        buckets.append((digest[inside] * np.uint64(len(NGRAMS) + 1) + np.uint64(n)) % np.uint64(BUCKETS))
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(buckets).astype(np.int64)


class CharNgramTfidf:
    """Fits on a list of texts; turns texts into L2-normalised TF-IDF rows (sublinear tf)."""

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        rows, buckets = _hashed_ngrams(texts)
        used = np.flatnonzero(np.bincount(buckets, minlength=BUCKETS))
        self.columns = np.full(BUCKETS, -1, dtype=np.int64)
        self.columns[used] = np.arange(len(used))
        self.width = len(used)
        counts = self._counts(len(texts), rows, self.columns[buckets])
        self.tfidf = TfidfTransformer(sublinear_tf=True)
        return self.tfidf.fit_transform(counts).astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        rows, buckets = _hashed_ngrams(texts)
        columns = self.columns[buckets]
        known = columns >= 0
        counts = self._counts(len(texts), rows[known], columns[known])
        return self.tfidf.transform(counts).astype(np.float32)

    def _counts(self, count: int, rows: np.ndarray, columns: np.ndarray) -> sparse.csr_matrix:
        data = np.ones(len(rows), dtype=np.float32)
        return sparse.csr_matrix((data, (rows, columns)), shape=(count, self.width))


def _pivot_words(text: str) -> list[str]:
    from .concepts import glossary

    return glossary().pivot_words(text)


class PivotTfidf:
    """TF-IDF over words of one vocabulary across English and Japanese (Glossary.pivot_words):
    free text compared across languages, not only within one. Same interface as CharNgramTfidf."""

    def fit_transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        self.vectorizer = TfidfVectorizer(analyzer=_pivot_words, sublinear_tf=True, dtype=np.float32)
        matrix = self.vectorizer.fit_transform(texts)
        self.width = matrix.shape[1]
        return matrix.astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self.vectorizer.transform(texts).astype(np.float32)
