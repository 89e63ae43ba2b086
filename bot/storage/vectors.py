"""SQL for sentence vectors (the semantic extra): spaces, float32 blobs, change counters.

Vectors are rows of ``sentence_vectors`` keyed by sentence id and *space* (one model: vectors of two
models are never compared). They are deleted with their sentence (foreign key cascade), so removing
or re-extracting an article needs nothing from here; ``missing`` finds what is left to embed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Article
from bot.storage.scope import Filters, Scope
from bot.storage.sqlite import ARTICLE_COLUMNS, SqliteStore, article_from_row


@dataclass(frozen=True, slots=True)
class Changes:
    """How many vectors were ever inserted and deleted (all spaces): a cheap "has anything changed"."""

    inserted: int
    deleted: int


@dataclass(frozen=True, slots=True)
class VectorRows:
    """A slice of one space's vectors, in insertion order, with what scope checks need."""

    ids: list[int]  # sentence_vectors.id, increasing (AUTOINCREMENT: never reused)
    sentence_ids: list[int]
    article_ids: list[int]
    positions: list[int]
    guild_ids: list[int | None]
    blobs: list[bytes]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class SentenceRow:
    sentence_id: int
    position: int
    text: str
    search_text: str
    article: Article


class VectorStore:
    """The vector tables of one :class:`SqliteStore` (its reader for reads, its writer for writes)."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    async def space(self, fingerprint: str, model: str, dim: int) -> int:
        """The id of the space of this model (created on first use)."""

        def upsert(db: sqlite3.Connection) -> int:
            db.execute(
                "INSERT OR IGNORE INTO vector_spaces (fingerprint, model, dim) VALUES (?, ?, ?)",
                (fingerprint, model, dim),
            )
            return int(db.execute("SELECT id FROM vector_spaces WHERE fingerprint = ?", (fingerprint,)).fetchone()[0])

        return await self.store._write(upsert)

    async def space_named(self, model: str) -> int | None:
        """The most recent space stored for this SEMANTIC_MODEL value (before the model is loaded)."""
        row = await self.store._one("SELECT MAX(id) FROM vector_spaces WHERE model = ?", (model,))
        return row[0] if row else None

    async def add(self, space_id: int, rows: Sequence[tuple[int, str, bytes]]) -> int:
        """Store ``(sentence_id, text, float32 bytes)`` rows in one transaction; returns how many.

        A sentence deleted (or re-extracted with another text) since it was read is skipped: its
        vector would describe words that are no longer there.
        """

        def write(db: sqlite3.Connection) -> int:
            inserted = "SELECT inserted FROM vector_changes WHERE id = 1"
            before = db.execute(inserted).fetchone()[0]
            db.executemany(
                """INSERT INTO sentence_vectors (sentence_id, space_id, vector)
                   SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM sentences s JOIN passages p ON p.id = s.passage_id
                                                   WHERE s.id = ?1 AND p.text = ?4)
                   ON CONFLICT (sentence_id, space_id) DO NOTHING""",
                [(sentence_id, space_id, blob, text) for sentence_id, text, blob in rows],
            )
            return int(db.execute(inserted).fetchone()[0] - before)

        return await self.store._write(write)

    async def missing(
        self, space_id: int, after_id: int = 0, limit: int = 256, article_ids: Sequence[int] = ()
    ) -> list[tuple[int, str]]:
        """``(sentence_id, text)`` of sentences without a vector in this space, by id after ``after_id``."""
        article_clause = ""
        if article_ids:
            article_clause = f"AND s.article_id IN ({','.join('?' * len(article_ids))})"
        rows = await self.store._all(
            f"""SELECT s.id, p.text FROM sentences s JOIN passages p ON p.id = s.passage_id
                WHERE s.id > ? {article_clause} AND NOT EXISTS (
                    SELECT 1 FROM sentence_vectors v WHERE v.sentence_id = s.id AND v.space_id = ?)
                ORDER BY s.id LIMIT ?""",
            (after_id, *article_ids, space_id, limit),
        )
        return [(row[0], row[1]) for row in rows]

    async def counts(self, space_id: int | None) -> tuple[int, int]:
        """``(sentences, sentences with a vector in this space)``."""
        row = await self.store._one(
            "SELECT (SELECT COUNT(*) FROM sentences), (SELECT COUNT(*) FROM sentence_vectors WHERE space_id = ?)",
            (space_id if space_id is not None else -1,),
        )
        return int(row[0]), int(row[1])

    async def changes(self) -> Changes:
        row = await self.store._one("SELECT inserted, deleted FROM vector_changes WHERE id = 1")
        return Changes(int(row[0]), int(row[1]))

    async def load(self, space_id: int, after_id: int = 0, limit: int = 20_000) -> VectorRows:
        """Up to ``limit`` vectors of the space inserted after ``after_id``, oldest first (a caller
        loading everything pages through: the blobs of a whole corpus would be held twice at once)."""
        rows = await self.store._all(
            """SELECT v.id, v.sentence_id, s.article_id, s.position, a.guild_id, v.vector
               FROM sentence_vectors v JOIN sentences s ON s.id = v.sentence_id
               JOIN articles a ON a.id = s.article_id
               WHERE v.space_id = ? AND v.id > ? ORDER BY v.id LIMIT ?""",
            (space_id, after_id, limit),
        )
        columns = list(zip(*rows)) if rows else [[], [], [], [], [], []]
        return VectorRows(*(list(column) for column in columns))

    async def sentences(self, sentence_ids: Sequence[int]) -> list[SentenceRow]:
        """The sentences with these ids and their articles (unordered)."""
        if not sentence_ids:
            return []
        rows = await self.store._all(
            f"""SELECT st.id, st.position, p.text, p.search_text, {ARTICLE_COLUMNS}
                FROM sentences st JOIN passages p ON p.id = st.passage_id JOIN articles a ON a.id = st.article_id
                WHERE st.id IN ({','.join('?' * len(sentence_ids))})""",
            list(sentence_ids),
        )
        return [SentenceRow(row[0], row[1], row[2], row[3], article_from_row(row, 4)) for row in rows]

    async def previous_search_texts(self, sentences: Sequence[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """The indexed text of the sentence before each ``(article_id, position)`` (where there is one)."""
        pairs = list(dict.fromkeys(sentences))
        if not pairs:
            return {}
        rows = await self.store._all(
            f"""SELECT st.article_id, st.position,
                       (SELECT p.search_text FROM sentences b JOIN passages p ON p.id = b.passage_id
                        WHERE b.article_id = st.article_id AND b.position < st.position
                        ORDER BY b.position DESC LIMIT 1)
                FROM sentences st
                WHERE (st.article_id, st.position) IN (VALUES {','.join('(?, ?)' * 1 for _ in pairs)})""",
            [value for pair in pairs for value in pair],
        )
        return {(row[0], row[1]): row[2] for row in rows if row[2] is not None}

    async def article_ids(self, scope: Scope, filters: Filters) -> list[int]:
        """Articles a question with these filters may return (the matrix knows guilds, not dates)."""
        where, params = scope.sql()
        fwhere, fparams = filters.sql()
        rows = await self.store._all(f"SELECT a.id FROM articles a WHERE {where} AND {fwhere}", (*params, *fparams))
        return [row[0] for row in rows]

    async def drop_other_spaces(self, space_id: int) -> int:
        """Delete the vectors of other models (after a change of SEMANTIC_MODEL); returns how many."""

        def delete(db: sqlite3.Connection) -> int:
            count = int(db.execute("SELECT COUNT(*) FROM sentence_vectors WHERE space_id != ?", (space_id,)).fetchone()[0])
            db.execute("DELETE FROM vector_spaces WHERE id != ?", (space_id,))
            return count

        return await self.store._write(delete)
