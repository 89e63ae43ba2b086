"""Semantic matching as the engine sees it: on or off (and why), embedding what was ingested, and
the nearest sentences to a claim.

It ties the model (:mod:`bot.semantic`), the stored vectors (:mod:`bot.storage.vectors`) and the
in-memory matrix (:mod:`bot.vector_index`) together. Every method is safe to call when semantic
matching is off: embedding does nothing and matching returns None, so callers need no branches.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.semantic import ENCODE_CHUNK, EXTRA_HINT, Embedder, extra_installed
from bot.storage import Scope, Store
from bot.storage.scope import Filters
from bot.storage.vectors import VectorStore

if TYPE_CHECKING:
    from bot.vector_index import Snapshot, VectorIndex

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)
_QUERY_CACHE = 256  # claims asked again (paging, the same claim from two users) skip the model


@dataclass(frozen=True, slots=True)
class SemanticStatus:
    on: bool
    reason: str  # why it is off ("" when on)
    model: str
    sentences: int = 0
    embedded: int = 0

    def describe(self) -> str:
        """One line for ``stats`` and the command line."""
        if not self.on:
            return f"semantic matching: off ({self.reason}); answers use the word index only"
        line = f"semantic matching: on ({self.model}; {self.embedded:,} of {self.sentences:,} sentences embedded)"
        if self.embedded < self.sentences:
            line += " — run `python -m bot reindex` to embed the rest"
        return line


class SemanticIndex:
    def __init__(self, store: Store, setting: str) -> None:
        self.store = store
        self.setting = setting.strip()
        self.vectors = VectorStore(store)
        self._off_reason = ""
        if not self.setting:
            self._off_reason = "SEMANTIC_MODEL is empty"
        elif not extra_installed():
            self._off_reason = f"sentence-transformers is not installed: {EXTRA_HINT}"
        self.embedder = Embedder(self.setting) if not self._off_reason else None
        self._space_id: int | None = None
        self._index: VectorIndex | None = None
        self._ready_lock = asyncio.Lock()
        self._queries: OrderedDict[str, Any] = OrderedDict()

    @property
    def enabled(self) -> bool:
        """Not switched off by configuration (the model may still fail to load)."""
        return self.embedder is not None and not self._off_reason

    async def ready(self) -> bool:
        """Load the model and open its vector space, once; False when semantic matching is off."""
        if not self.enabled:
            return False
        if self._index is not None:
            return True
        async with self._ready_lock:
            if self._index is None:
                assert self.embedder is not None
                if not await self.embedder.load():
                    self._off_reason = self.embedder.error or "the model could not be loaded"
                    return False
                from bot.vector_index import VectorIndex  # numpy: only with the extra

                self._space_id = await self.vectors.space(self.embedder.fingerprint, self.setting, self.embedder.dim)
                self._index = VectorIndex(self.vectors, self._space_id, self.embedder.dim)
        return True

    async def status(self, *, load: bool = True) -> SemanticStatus:
        if load:
            await self.ready()
        if not self.enabled:
            return SemanticStatus(False, self._off_reason, self.setting)
        space = self._space_id if self._space_id is not None else await self.vectors.space_named(self.setting)
        sentences, embedded = await self.vectors.counts(space)
        return SemanticStatus(True, "", self.setting, sentences, embedded)

    async def embed_articles(self, article_ids: Sequence[int]) -> int:
        """Embed the sentences of these articles that have no vector yet (batched across articles)."""
        ids = sorted({i for i in article_ids if i})
        if not ids or not await self.ready():
            return 0
        done = 0
        for start in range(0, len(ids), 200):  # keeps the SQL IN list short
            done += await self._embed_where(ids[start : start + 200], None)
        return done

    async def embed_missing(self, progress: Progress | None = None) -> int:
        """Embed every sentence without a vector for this model (articles loaded while semantic
        matching was off, or under another model); drops other models' vectors. Returns how many."""
        if not await self.ready():
            return 0
        assert self._space_id is not None
        dropped = await self.vectors.drop_other_spaces(self._space_id)
        if dropped:
            log.info("dropped %d vectors of other models", dropped)
        return await self._embed_where((), progress)

    async def match(self, claim: str, scope: Scope, filters: Filters, k: int) -> Snapshot | None:
        """The ``k`` stored sentences nearest to the claim (None when semantic matching is off)."""
        if not await self.ready():
            return None
        assert self._index is not None
        query = await self._query_vector(claim)
        return await self._index.search(query, scope, filters, k)

    def close(self) -> None:
        if self.embedder is not None:
            self.embedder.close()

    # --- helpers ------------------------------------------------------------------------------------

    async def _embed_where(self, article_ids: Sequence[int], progress: Progress | None) -> int:
        assert self.embedder is not None and self._space_id is not None
        total = 0
        if progress is not None:
            sentences, embedded = await self.vectors.counts(self._space_id)
            total = sentences - embedded
            progress(0, total)
        done, after = 0, 0
        while True:
            batch = await self.vectors.missing(self._space_id, after, ENCODE_CHUNK, article_ids)
            if not batch:
                return done
            vectors = await self.embedder.encode([text for _, text in batch])
            rows = [(sentence_id, text, vector.tobytes()) for (sentence_id, text), vector in zip(batch, vectors)]
            done += await self.vectors.add(self._space_id, rows)
            after = batch[-1][0]
            if progress is not None:
                progress(min(done, total), total)

    async def _query_vector(self, claim: str) -> Any:
        key = " ".join(claim.split())
        vector = self._queries.get(key)
        if vector is None:
            assert self.embedder is not None
            vector = (await self.embedder.encode([key]))[0]
            self._queries[key] = vector
            if len(self._queries) > _QUERY_CACHE:
                self._queries.popitem(last=False)
        else:
            self._queries.move_to_end(key)
        return vector
