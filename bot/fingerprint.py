"""Fingerprints of text: exact duplicates, near-copies (syndicated stories) and repeated quotes.

Near-copies use a bottom-k MinHash sketch over word 3-shingles: the k smallest shingle hashes of
an article are stored in an index, so candidates come from k index lookups, never from a scan of
the corpus; each candidate is then confirmed by the real Jaccard similarity of the two texts.
"""

from __future__ import annotations

import hashlib
import heapq
import re
import zlib

_WORD = re.compile(r"\w+")
SKETCH_SIZE = 16
MIN_SHARED_SKETCH = 4  # candidates share at least this many sketch hashes
NEAR_COPY_JACCARD = 0.6  # shingle overlap at or above which two texts are one story


def words(text: str) -> list[str]:
    return _WORD.findall(text.replace("’", "'").lower())


def content_hash(body: str) -> str:
    """Exact identity of an article's text, blind to whitespace, case and quote style."""
    return hashlib.sha256(" ".join(words(body)).encode()).hexdigest()


def text_key(text: str) -> str:
    """Identity of a quote's words: the same statement carried by several outlets shares it."""
    return hashlib.blake2b(" ".join(words(text)).encode(), digest_size=8).hexdigest()


def shingles(body: str) -> set[int]:
    tokens = words(body)
    return {zlib.crc32(" ".join(tokens[i : i + 3]).encode()) for i in range(max(1, len(tokens) - 2))}


def sketch(shingle_set: set[int]) -> list[int]:
    return heapq.nsmallest(SKETCH_SIZE, shingle_set)


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
