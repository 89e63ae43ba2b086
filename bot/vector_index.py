"""Exact cosine search over every stored sentence vector of one space, held in memory.

The matrix is loaded on the first search and then kept up to date cheaply: the store counts vector
inserts and deletes (whoever made them: this process, another one, a reindex), so a search first
reads two integers and then fetches only the vectors inserted since, or reloads everything after a
delete. Scoring is one matrix-vector product (bounded by memory bandwidth: every vector is read).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.storage.scope import Filters, Scope
from bot.storage.vectors import Changes, VectorRows, VectorStore

_NO_GUILD = -1  # guild_id NULL: shared articles (seeds, command-line loads)
_INLINE_FLOATS = 4_000_000  # about 10k sentences (~1 ms): scored on the event loop, larger in a thread


@dataclass(frozen=True, slots=True)
class Hit:
    sentence_id: int
    article_id: int
    position: int
    cosine: float


class VectorIndex:
    def __init__(self, vectors: VectorStore, space_id: int, dim: int) -> None:
        self.vectors = vectors
        self.space_id = space_id
        self.dim = dim
        self._lock = asyncio.Lock()
        self._seen: Changes | None = None  # the store's counters when the matrix was last synced
        self._last_id = 0
        self._view = _View.empty(dim)

    def __len__(self) -> int:
        return self._view.n

    async def sync(self) -> "_View":
        """Bring the matrix up to date with the store (cheap when nothing changed); its current view."""
        async with self._lock:
            changes = await self.vectors.changes()
            if changes != self._seen:
                if self._seen is None or changes.deleted != self._seen.deleted:
                    self._view, self._last_id = _View.empty(self.dim), 0  # new arrays: old views stay valid
                while rows := await self.vectors.load(self.space_id, self._last_id):
                    self._view = await asyncio.to_thread(self._view.appended, rows, self.dim)
                    self._last_id = rows.ids[-1]
                self._seen = changes
            return self._view

    async def search(self, query: np.ndarray, scope: Scope, filters: Filters = Filters(), k: int = 50) -> "Snapshot":
        """The ``k`` sentences most similar to ``query`` (a unit vector) that the scope may see."""
        view = await self.sync()
        allowed = None
        if filters != Filters() and view.n:
            allowed = np.asarray(await self.vectors.article_ids(scope, filters), dtype=np.int64)
        if not view.n:
            hits: list[Hit] = []
        elif view.n * self.dim <= _INLINE_FLOATS:  # small: a thread hop would cost more than the product
            hits = view.top(query, scope, allowed, k)
        else:
            hits = await asyncio.to_thread(view.top, query, scope, allowed, k)
        return Snapshot(view, query, hits)


@dataclass(slots=True)
class Snapshot:
    """One search: its hits, and the cosine of the same query with any other embedded sentence."""

    view: "_View"
    query: np.ndarray
    hits: list[Hit]

    def cosines(self, sentences: Sequence[tuple[int, int]]) -> list[float | None]:
        """Cosine with each ``(article_id, position)`` sentence; None for one without a vector."""
        rows = self.view.rows_of(sentences)
        scores = self.view.matrix[np.maximum(rows, 0)] @ self.query if len(rows) else np.zeros(0)
        return [None if row < 0 else float(score) for row, score in zip(rows, scores)]


class _View:
    """Arrays of the first ``n`` rows. Appending writes only past ``n`` (or into new arrays), so a
    view handed to a search stays valid while the index grows."""

    def __init__(self, matrix: np.ndarray, ids: np.ndarray, n: int) -> None:
        self.matrix = matrix  # (capacity, dim) float32
        self.ids = ids  # (capacity, 4) int64: sentence id, article id, position, guild
        self.n = n
        self._keys: np.ndarray | None = None  # (article, position) keys, sorted
        self._order: np.ndarray | None = None  # row of each sorted key

    @classmethod
    def empty(cls, dim: int) -> "_View":
        return cls(np.zeros((0, dim), dtype=np.float32), np.zeros((0, 4), dtype=np.int64), 0)

    def appended(self, rows: VectorRows, dim: int) -> "_View":
        count = len(rows.ids)
        needed = self.n + count
        matrix, ids = self.matrix, self.ids
        if needed > len(matrix):  # grow by a quarter: appends stay amortised O(new rows), little slack
            capacity = max(needed, len(matrix) + len(matrix) // 4, 1024)
            matrix, ids = _grown(matrix, capacity, self.n), _grown(ids, capacity, self.n)
        matrix[self.n : needed] = np.frombuffer(b"".join(rows.blobs), dtype=np.float32).reshape(count, dim)
        guilds = [_NO_GUILD if g is None else g for g in rows.guild_ids]
        ids[self.n : needed] = np.column_stack([rows.sentence_ids, rows.article_ids, rows.positions, guilds])
        return _View(matrix, ids, needed)

    def rows_of(self, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
        """Row of each ``(article_id, position)``, -1 when absent (a sorted key array, built once)."""
        if self._order is None:
            self._keys = _key(self.ids[: self.n, 1], self.ids[: self.n, 2])
            self._order = np.argsort(self._keys, kind="stable")
            self._keys = self._keys[self._order]
        if not sentences or not self.n:
            return np.full(len(sentences), -1, dtype=np.int64)
        wanted = _key(*(np.asarray(column, dtype=np.int64) for column in zip(*sentences)))
        at = np.minimum(np.searchsorted(self._keys, wanted), self.n - 1)
        return np.where(self._keys[at] == wanted, self._order[at], -1)

    def top(self, query: np.ndarray, scope: Scope, allowed: np.ndarray | None, k: int) -> list[Hit]:
        n = self.n
        scores = self.matrix[:n] @ query.astype(np.float32, copy=False)
        mask = _scope_mask(scope, self.ids[:n, 3])
        if allowed is not None:
            inside = np.isin(self.ids[:n, 1], allowed)
            mask = inside if mask is None else mask & inside
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        k = min(k, n)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            Hit(int(self.ids[i, 0]), int(self.ids[i, 1]), int(self.ids[i, 2]), float(scores[i]))
            for i in top
            if scores[i] > -np.inf
        ]


def _scope_mask(scope: Scope, guilds: np.ndarray) -> np.ndarray | None:
    """The rows a scope may see, by the article's guild (the rules of :meth:`Scope.sql`)."""
    if scope.everything:
        return None
    if scope.own:
        return guilds == scope.guild_id if scope.guild_id is not None else np.zeros(len(guilds), dtype=bool)
    shared = guilds == _NO_GUILD
    return shared if scope.guild_id is None else shared | (guilds == scope.guild_id)


def _key(article_ids: np.ndarray, positions: np.ndarray) -> np.ndarray:
    return article_ids * (1 << 32) + positions  # positions are character offsets within one article


def _grown(array: np.ndarray, capacity: int, used: int) -> np.ndarray:
    bigger = np.zeros((capacity, *array.shape[1:]), dtype=array.dtype)
    bigger[:used] = array[:used]
    return bigger
