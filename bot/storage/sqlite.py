"""The embedded SQLite backend: WAL, foreign keys, one writer and one reader connection.

Writes run as plain synchronous sqlite3 code on one dedicated thread, each article in a single
``BEGIN IMMEDIATE`` transaction (one thread hop per article, not one per statement). Reads go
through aiosqlite on a second connection, so they only ever see whole articles.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.decoding import InputError
from bot.fingerprint import (
    MIN_SHARED_SKETCH,
    NEAR_COPY_CHECKS,
    SKETCH_COMMON,
    SKETCH_SIMILAR,
    passage_key,
    sketch,
    sketch_similarity,
)
from bot.identity import aliases_of, is_article_local, name_key, office_fits_full_name, person_name, titles_compatible
from bot.models import (
    Article, Carriers, ExtractedQuote, ExtractedSpeaker, GuildSettings, Quote, Speaker, StatementHit, pickled_by_fields,
)
from bot.storage.curation import (
    CurationStore,
    apply_quote_corrections,
    corrected_article_fields,
    delete_orphan_speakers,
    pinned_speaker,
    record,
)
from bot.storage.errors import StoreUnavailable
from bot.storage.migrations import MIGRATIONS, SCHEMA_VERSION, VACUUM_AFTER
from bot.storage.scope import Filters, Scope
from bot.storage.speaker_lookups import Candidate, SpeakerLookups

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000
MAX_VARIABLES = 4096  # parameters per multi-row INSERT (SQLite allows 32766 since 3.32)
CARRIERS_LISTED = 25  # earliest reports of one statement returned with it
CARRIERS_COUNTED = 200  # reports of one statement counted exactly; beyond, "200 or more"
# reports_of: from this many carriers, the walk by date probes the index (see there); measured at
# 100k articles, reading the carriers whole cost as much as the walk's probes at 10-20k
WALK_PROBES_FROM = 16_384
_WRITE_RETRIES = 6
BOILERPLATE_KEPT = 1 << 18  # boilerplate sketch hashes the writer remembers (~10 MB at most)


@pickled_by_fields
@dataclass(slots=True)
class NewArticle:
    """An article ready to be written: parsed, fingerprinted, its quotes extracted."""

    source: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    guild_id: int | None
    content_hash: str
    body: str
    sketch: list[int]
    copy_of: int | None
    sentences: list[tuple[int, str, str]]  # (position, text, search_text)
    quotes: list[tuple[ExtractedQuote, str, str, str]]  # (quote, search_text, text_key, topic words)
    quote_terms: list[str] = field(default_factory=list)  # indexed stems of the quotes' words
    ingested_at: str | None = None  # ISO timestamp (UTC); now when not given
    actor: str = "cli"  # who loaded it, for the history


class DuplicateArticle(Exception):
    """The article is already stored (as ``article_id``), seen inside the write transaction."""

    def __init__(self, article_id: int) -> None:
        super().__init__(f"already in the corpus as #{article_id}")
        self.article_id = article_id


@dataclass(slots=True)
class Stored:
    """What became of one article of a batch (see :meth:`SqliteStore.add_articles`)."""

    article_id: int  # the new article, or the stored one it duplicates
    duplicate: bool = False  # already in the corpus: nothing was written
    copy_of: int | None = None  # a near-copy of this (original) article
    quotes: int = 0
    speakers: int = 0
    version: int | None = None  # set when this replaced an older version of the same URL


# (new article, body of a stored candidate) -> the same story? Decided by the caller (fingerprints).
SameStory = Callable[[NewArticle, str], bool]


# The full-text indexes: one row per distinct statement (the words of quotes) and per passage
# (the text of sentences), see schema step 10.
_FTS_TABLE = {"statements": "statements_fts", "passages": "passages_fts"}
# Which sentences (quotes) carry a passage (statement), see schema step 14: contentless FTS5
# indexes, one token per row, whose rowid packs ``article_id << 32 | row id``. Fragments for an
# index under ``alias``:
_ARTICLE_OF = "({alias}.rowid >> 32)"
_ROW_OF = "({alias}.rowid & 4294967295)"
_CARRIES_PASSAGE = "{alias}.passage_carriers MATCH 'p' || {passage}"  # passage: an SQL expression
_CARRIES_STATEMENT = "{alias}.statement_carriers MATCH 'k' || {key}"  # key: an SQL expression
# match_counts: rows of an index matching an expression, or the rows carrying them ("quotes" whose
# statement matches, "sentences" whose passage matches), streamed and cut at the cap
_COUNT_ROWS = {
    **{table: f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? LIMIT ?" for table, fts in _FTS_TABLE.items()},
    "speaker_aliases": "SELECT rowid FROM speaker_aliases_fts WHERE speaker_aliases_fts MATCH ? LIMIT ?",
    "quotes": f"""SELECT 1 FROM statements_fts f CROSS JOIN statements st ON st.id = f.rowid
                  CROSS JOIN statement_carriers c ON {_CARRIES_STATEMENT.format(alias='c', key='st.text_key')}
                  WHERE statements_fts MATCH ? LIMIT ?""",
    "sentences": f"""SELECT 1 FROM passages_fts f
                     CROSS JOIN passage_carriers c ON {_CARRIES_PASSAGE.format(alias='c', passage='f.rowid')}
                     WHERE passages_fts MATCH ? LIMIT ?""",
}
_COUNTED_TABLES = ("articles", "quotes", "sentences", "statements", "passages")  # row_count
# Every full-text index, merged by merge_text_indexes
_FTS_INDEXES = (
    "passage_carriers", "statement_carriers", "passages_fts", "statements_fts", "speaker_aliases_fts", "quote_terms_fts",
)
MERGE_PAGES = 2_000  # merge_text_indexes: pages merged per write transaction (at most ~1 s of write lock at 100k)
# perf: bm25() orders as ``rank`` does (its default) at ~20% less cost; rowid order lets FTS5 stop
# at the LIMIT instead of scoring every match
_ORDER = {True: "score", False: "f.rowid DESC"}
# perf: no bm25() on unranked rows: its first call reads every term's whole doclist (for the idf)
_SCORE = {True: "bm25({table})", False: "0.0"}
_OUTER_ORDER = {True: "r.score", False: "r.rid DESC"}
# the same order for a running count of rows: (window order, what counts as a tie)
_CUMULATE = {True: ("score", "score"), False: ("rid DESC", "rid")}

ARTICLE_COLUMNS = "a.id, a.source, a.title, a.outlet, a.date, a.url, a.guild_id, a.ingested_at, a.copy_of"
QUOTE_COLUMNS = (
    "q.id, q.text, q.kind, q.cue, q.venue, q.article_id, q.position, q.sentence, "
    "s.id, s.name, s.title, s.kind"
)


def article_from_row(row: Sequence[Any], offset: int = 0) -> Article:
    r = row[offset : offset + 9]
    return Article(
        id=r[0], source=r[1], title=r[2], outlet=r[3], date=r[4], url=r[5],
        guild_id=r[6], ingested_at=r[7], copy_of=r[8],
    )


def _with_topics(quote: Quote, topics: str | None) -> Quote:
    quote.topics = topics
    return quote


def _with_quote_count(row: Sequence[Any]) -> Article:
    """An article row followed by its number of quotes."""
    article = article_from_row(row)
    article.quotes = row[9]
    return article


def quote_from_row(row: Sequence[Any], offset: int = 0) -> Quote:
    r = row[offset : offset + 12]
    speaker = Speaker(id=r[8], name=r[9], title=r[10], kind=r[11]) if r[8] is not None else None
    return Quote(
        id=r[0], text=r[1], kind=r[2], cue=r[3], venue=r[4], article_id=r[5],
        position=r[6], sentence=r[7], speaker=speaker,
    )


_GUILD_COLUMNS = (
    "guild_id, moderator_role_id, digest_channel_id, digest_time, digest_timezone, digest_quiet_note, "
    "digest_enabled, digest_last_posted, digest_disabled_reason"
)


class SqliteStore(CurationStore):
    def __init__(self, path: Path, writer: "_Writer", reader: aiosqlite.Connection) -> None:
        self.path = path
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()
        # (speaker id, alias norm) pairs stored in the current batch transaction (writer thread only)
        self._aliases_written: set[tuple[int, str]] | None = None
        # perf: aliases of article-local speakers created in the current batch, inserted at its end
        # (see _add_aliases); None outside a batch
        self._local_aliases: list[tuple[object, ...]] | None = None
        # perf: shared speakers resolved in the current batch, by the whole extracted speaker (kind,
        # name, title, aliases: a hit writes nothing, so all it would write from must match);
        # emptied by any change to shared speakers or their aliases, so a hit is what resolving
        # again would give
        self._resolved_in_batch: dict[tuple[str, str, str | None, tuple[str, ...]], int] | None = None
        # perf: shared speakers' candidates and pins as the batch writer last read them (writer
        # thread only); any other write empties it, see _write
        self._lookups = SpeakerLookups()
        # perf: the hashes recorded as boilerplate (sketch_boilerplate, see _near_copy_of) that the
        # writer has met, kept as long as the speaker lookups are: never more than what is recorded
        # (a rollback empties it), so the sketch rows it flags are right (see _insert_sketch)
        self._boilerplate: set[int] = set()
        self._counts_version: int | None = None
        self._counts: dict[Any, int] = {}  # (table, window, match) -> sampled count, see _version_cache

    # --- life cycle -------------------------------------------------------------------------

    async def close(self) -> None:
        for connection in (self._reader, self._writer):
            try:
                await connection.close()
            except Exception:  # closing twice or after a crash must not hide the real error
                log.debug("closing the database failed", exc_info=True)

    async def is_empty(self) -> bool:
        row = await self._one("SELECT NOT EXISTS (SELECT 1 FROM articles)")
        return bool(row[0])

    async def schema_version(self) -> int:
        row = await self._one("PRAGMA user_version")
        return int(row[0])

    async def integrity_check(self) -> str:
        row = await self._one("PRAGMA integrity_check")
        return str(row[0])

    async def backup(self, target: Path) -> None:
        """A consistent copy of the live database (SQLite online backup). The copy is written beside
        ``target`` and renamed over it once complete, so a failed backup leaves an older one whole.
        Raises :class:`InputError` for a target that cannot take it (the live database itself, a
        folder, a place that cannot be written)."""
        live = {self.path.resolve(), *(Path(f"{self.path.resolve()}{end}") for end in ("-wal", "-shm", "-journal"))}
        if target.resolve() in live:
            raise InputError(f"cannot back up {self.path.name} onto itself: give another file")
        if target.is_dir():
            raise InputError(f"{target} is a folder: give the backup's file name")
        if target.exists() or target.is_symlink():
            if not target.is_file():
                raise InputError(f"{target} is not a regular file: give the backup's file name")
            if not _is_sqlite_file(target):
                # a backup replaces an older backup, never an unrelated file given by mistake
                raise InputError(f"{target} exists and is not a database: give a new file name, or an older backup's")
        partial = target.with_name(target.name + ".partial")

        def copy(source: sqlite3.Connection) -> None:
            partial.unlink(missing_ok=True)
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
            os.replace(partial, target)

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            await self._reader._execute(copy, self._reader._conn)  # runs on the reader's thread
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(OSError):  # "below a file": there is no partial copy to remove
                partial.unlink(missing_ok=True)
            raise InputError(f"cannot write the backup to {target}: {getattr(error, 'strerror', None) or error}") from error

    # --- writing articles ---------------------------------------------------------------------

    async def find_duplicate(self, content_hash: str, scope: Scope) -> int | None:
        where, params = scope.sql()
        row = await self._one(
            f"SELECT a.id FROM articles a WHERE a.content_hash = ? AND {where} ORDER BY a.id LIMIT 1",
            (content_hash, *params),
        )
        return row[0] if row else None

    async def near_copy_candidates(self, sketch: list[int], scope: Scope, min_shared: int = 0) -> list[tuple[int, str]]:
        """Articles whose sketches look like ``sketch`` (see :func:`_sharing`), with their bodies,
        most alike first; ``min_shared`` is kept for callers of the old signature."""
        if not sketch:
            return []
        recorded = {row[0] for row in await self._all(*_recorded_boilerplate_sql(sketch))}
        wanted = [value for value in sketch if value not in recorded]
        ids = _sharing(await self._all(*_holders_sql(wanted)), set()) if wanted else []
        ranked = _by_similarity(sketch, await self._all(_sketches_sql(ids), ids)) if ids else []
        if not ranked:
            return []
        where, params = scope.sql()
        rows = await self._all(
            f"""SELECT a.id, b.body FROM articles a JOIN article_bodies b ON b.article_id = a.id
                WHERE a.id IN ({','.join('?' * len(ranked))}) AND {where}""",
            (*ranked, *params),
        )
        bodies = {row[0]: row[1] for row in rows}
        return [(article_id, bodies[article_id]) for article_id in ranked if article_id in bodies]

    # --- perf: batch writes (one transaction for many articles) ----------------------------------

    async def add_articles(self, articles: Sequence[NewArticle], same_story: SameStory | None = None) -> list[Stored]:
        """Write a batch of articles in one transaction, each one checked first against the corpus
        *and the articles of the batch before it*: an exact duplicate is not written, and (with
        ``same_story``) a near-copy is stored with ``copy_of`` set. A crash keeps all or none of the
        batch. If one article fails, the ones before it are kept and its error is raised.
        """

        def write(db: sqlite3.Connection, batch: Sequence[NewArticle]) -> list[Stored]:
            # No SAVEPOINT per article: FTS5 flushes its pending index at every savepoint, which
            # would undo the point of batching (one index segment per batch, not per article).
            rows = _Rows()
            # what was read about speakers in the batches before holds unless another connection
            # has written since (this connection's other writes empty it themselves)
            version = db.execute("PRAGMA data_version").fetchone()[0]
            if self._lookups.valid_at != version:
                self._forget_reads()
            self._lookups.valid_at = None  # true of the database again only once this batch is written
            self._aliases_written, self._resolved_in_batch = set(), {}
            self._local_aliases = rows.local_aliases
            try:
                stored = [self._add_checked(db, article, same_story, rows) for article in batch]
            finally:
                self._aliases_written = self._resolved_in_batch = self._local_aliases = None
            rows.write(db)
            self._lookups.valid_at = version
            return stored

        # a batch's statements insert at most MAX_VARIABLES values each (see _in_transaction)
        batch_write = functools.partial(self._write, keeps_lookups=True, small_statements=True)
        try:
            return await batch_write(functools.partial(write, batch=articles))
        except Exception:
            if len(articles) == 1:
                raise
        # Find the article that fails: one transaction each keeps the ones before it, then raises.
        return [(await batch_write(functools.partial(write, batch=[article])))[0] for article in articles]

    def _add_checked(
        self, db: sqlite3.Connection, article: NewArticle, same_story: SameStory | None, rows: "_Rows"
    ) -> Stored:
        duplicate = _duplicate_of(db, article)
        if duplicate is not None:
            return Stored(duplicate, duplicate=True)
        if article.url:  # the same URL with a changed text is a corrected article: same id, new text
            same_url = _one(
                db, "SELECT id FROM articles WHERE url = ? AND guild_id IS ? ORDER BY id LIMIT 1",
                (article.url, article.guild_id),
            )
            if same_url is not None:
                rows.write(db)  # the stored version may be of this very batch: its rows first
                rows.clear()
                # replacing deletes the speakers only the old text quoted (and the old sketch):
                # nothing read before it or while it resolves the new text's may be used after it
                self._forget_reads()
                # its speakers' aliases are written with it: re-applied corrections may delete some
                self._local_aliases = None
                replaced = self._replace_article(db, same_url[0], article)
                self._local_aliases = rows.local_aliases
                self._forget_reads()
                # a deleted speaker's id may be given to the next new one, whose aliases the batch
                # must then write again
                self._aliases_written = set()
                return replaced
        copy_of = article.copy_of
        if copy_of is None and same_story is not None:
            if len(self._boilerplate) > BOILERPLATE_KEPT:
                self._boilerplate.clear()
            copy_of = _near_copy_of(db, article, same_story, self._boilerplate)
        article_id, quotes, speakers = self._insert_article(db, article, copy_of, rows)
        return Stored(article_id, copy_of=copy_of, quotes=quotes, speakers=speakers)

    # --- end perf ---------------------------------------------------------------------------------

    async def add_article(self, article: NewArticle) -> tuple[int, int, int]:
        """Write the article, its sentences, quotes and speakers in one transaction.

        Returns ``(article_id, quotes, distinct speakers)``.
        """

        def write(db: sqlite3.Connection) -> tuple[int, int, int]:
            # Checked again under the write lock: two loads of one text at once store it once.
            duplicate = _duplicate_of(db, article)
            if duplicate is not None:
                raise DuplicateArticle(duplicate)
            rows = _Rows()
            written = self._insert_article(db, article, article.copy_of, rows)
            rows.write(db)
            return written

        return await self._write(write)

    def _insert_article(
        self, db: sqlite3.Connection, article: NewArticle, copy_of: int | None, rows: "_Rows"
    ) -> tuple[int, int, int]:
        """Insert the article row and its sketch, resolve its speakers; its sentences, quotes and
        terms go to ``rows`` (written at the end of the batch, see :class:`_Rows`)."""
        at = article.ingested_at or _now()
        cursor = db.execute(
            """INSERT INTO articles (source, title, outlet, date, url, guild_id, ingested_at,
                                     content_hash, copy_of)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                article.source, article.title, article.outlet, article.date, article.url,
                article.guild_id, at, article.content_hash, copy_of,
            ),
        )
        article_id = int(cursor.lastrowid or 0)
        db.execute("INSERT INTO article_bodies (article_id, body) VALUES (?, ?)", (article_id, article.body))
        self._insert_sketch(db, article_id, article.sketch)
        rows.sentences += [(article_id, pos, text, search) for pos, text, search in article.sentences]
        n_quotes, speakers = self._write_quotes(db, article_id, article.quotes, rows.quotes)
        rows.terms.update(dict.fromkeys(article.quote_terms))
        record(
            db, at=at, actor=article.actor, action="ingest", target=f"article #{article_id}",
            guild_id=article.guild_id, article_id=article_id,
            after={"source": article.source, "title": article.title, "outlet": article.outlet,
                   "date": article.date, "url": article.url, "quotes": n_quotes},
        )
        return article_id, n_quotes, speakers

    def _insert_sketch(self, db: sqlite3.Connection, article_id: int, sketch: list[int]) -> None:
        """An article's sketch rows. perf: a hash the writer knows to be recorded boilerplate gets no
        entry in the lookup index (it is never looked up again); one it does not know gets an entry,
        which costs an index write and changes no answer."""
        known = self._boilerplate
        db.executemany(
            "INSERT INTO article_sketch (hash, article_id, boilerplate) VALUES (?, ?, ?)",
            [(value, article_id, int(value in known)) for value in sketch],
        )

    # --- curation: new versions and re-extraction keep moderators' corrections ----------------------

    def _replace_article(self, db: sqlite3.Connection, article_id: int, article: NewArticle) -> Stored:
        """A new version of a stored article: new text and quotes, same id, corrections re-applied."""
        old = _one(db, "SELECT title, outlet, date, url, version FROM articles WHERE id = ?", (article_id,))
        old_quotes = _one(db, "SELECT COUNT(*) FROM quotes WHERE article_id = ?", (article_id,))[0]
        fields = {"title": article.title or old[0], "outlet": article.outlet or old[1],
                  "date": article.date or old[2], "url": article.url or old[3]}
        fields.update(corrected_article_fields(db, article_id))  # a moderator's word stands
        version = int(old[4]) + 1
        at = article.ingested_at or _now()
        db.execute(
            """UPDATE articles SET title = ?, outlet = ?, date = ?, url = ?, content_hash = ?,
               source = ?, version = ?, updated_at = ? WHERE id = ?""",
            (fields["title"], fields["outlet"], fields["date"], fields["url"],
             article.content_hash, article.source, version, at, article_id),
        )
        db.execute("UPDATE article_bodies SET body = ? WHERE article_id = ?", (article.body, article_id))
        db.execute("DELETE FROM article_sketch WHERE article_id = ?", (article_id,))
        self._insert_sketch(db, article_id, article.sketch)
        n_quotes, speakers = self._rewrite_text(db, article_id, article.sentences, article.quotes,
                                                article.quote_terms, replace_sentences=True)
        record(
            db, at=at, actor=article.actor, action="update", target=f"article #{article_id}",
            guild_id=article.guild_id, article_id=article_id,
            before={"version": old[4], "title": old[0], "date": old[2], "quotes": old_quotes},
            after={"version": version, "title": fields["title"], "date": fields["date"], "quotes": n_quotes},
        )
        return Stored(article_id, quotes=n_quotes, speakers=speakers, version=version)

    async def reextract_article(
        self,
        article_id: int,
        sentences: list[tuple[int, str, str]],
        quotes: list[tuple[ExtractedQuote, str, str, str]],
        quote_terms: list[str],
    ) -> tuple[int, int] | None:
        """Replace an article's quotes with a fresh extraction, keeping moderators' corrections.

        Sentences are replaced only when they changed (their ids carry other indexes). Returns
        ``(quotes before, quotes after)``, or None when the article is gone.
        """

        def reextract(db: sqlite3.Connection) -> tuple[int, int] | None:
            if _one(db, "SELECT 1 FROM articles WHERE id = ?", (article_id,)) is None:
                return None
            before = _one(db, "SELECT COUNT(*) FROM quotes WHERE article_id = ?", (article_id,))[0]
            stored = [tuple(r) for r in _all(
                db, """SELECT t.position, p.text FROM sentences t JOIN passages p ON p.id = t.passage_id
                       WHERE t.article_id = ? ORDER BY t.position""", (article_id,))]
            changed = stored != [(position, text) for position, text, _ in sentences]
            after, _ = self._rewrite_text(db, article_id, sentences, quotes, quote_terms, replace_sentences=changed)
            return before, after

        return await self._write(reextract)

    def _rewrite_text(
        self,
        db: sqlite3.Connection,
        article_id: int,
        sentences: list[tuple[int, str, str]],
        quotes: list[tuple[ExtractedQuote, str, str, str]],
        quote_terms: list[str],
        *,
        replace_sentences: bool,
    ) -> tuple[int, int]:
        rows = _Rows()
        if replace_sentences:
            db.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
            rows.sentences = [(article_id, pos, text, search) for pos, text, search in sentences]
        # Quotes keep their numbers across a reindex: a moderator's "quote #40" still means the same words.
        reuse: dict[str, list[int]] = {}
        for quote_id, key in _all(db, "SELECT id, text_key FROM quotes WHERE article_id = ? ORDER BY id", (article_id,)):
            reuse.setdefault(key, []).append(quote_id)
        db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        self._write_quotes(db, article_id, quotes, rows.quotes, reuse)
        rows.terms.update(dict.fromkeys(quote_terms))
        rows.write(db)
        apply_quote_corrections(db, article_id)
        delete_orphan_speakers(db)
        n_quotes, speakers = _one(
            db, "SELECT COUNT(*), COUNT(DISTINCT speaker_id) FROM quotes WHERE article_id = ?", (article_id,)
        )
        return int(n_quotes), int(speakers)

    async def article_ids(self, scope: Scope) -> list[int]:
        where, params = scope.sql()
        return [row[0] for row in await self._all(f"SELECT a.id FROM articles a WHERE {where} ORDER BY a.id", params)]

    def _write_quotes(
        self, db: sqlite3.Connection, article_id: int, quotes: list[tuple[ExtractedQuote, str, str, str]],
        rows: list[tuple[object, ...]], reuse_ids: dict[str, list[int]] | None = None,
    ) -> tuple[int, int]:
        """Insert quotes; ``reuse_ids`` gives a re-extracted quote the id its words had before."""
        resolved: dict[tuple[str, str], int] = {}
        for quote, search_text, key, topics in quotes:
            previous = reuse_ids.get(key) if reuse_ids else None
            quote_id = previous.pop(0) if previous else None
            speaker_id = None
            if quote.speaker is not None:
                cache_key = (quote.speaker.kind, name_key(quote.speaker.name))
                if cache_key not in resolved:
                    resolved[cache_key] = self._resolve_speaker(db, quote.speaker, article_id)
                speaker_id = resolved[cache_key]
            rows.append(
                (quote_id, article_id, speaker_id, quote.text, quote.kind, quote.cue, quote.venue,
                 quote.start, quote.sentence, search_text, key, quote.speaker.name if quote.speaker else None, topics)
            )
        return len(quotes), len(set(resolved.values()))

    def _resolve_speaker(self, db: sqlite3.Connection, speaker: ExtractedSpeaker, article_id: int) -> int:
        """The stored speaker this mention is, creating one when none fits (see bot.identity)."""
        if is_article_local(speaker):
            return self._create_speaker(db, speaker, article_id)
        cache = self._resolved_in_batch
        if cache is None:
            return self._resolve_shared_speaker(db, speaker)
        mention = (speaker.kind, speaker.name, speaker.title, tuple(speaker.aliases))  # all it writes from
        if mention in cache:
            return cache[mention]
        speaker_id = self._resolve_shared_speaker(db, speaker)
        if cache is self._resolved_in_batch:  # nothing changed while resolving (else it was replaced)
            cache[mention] = speaker_id
        return speaker_id

    def _forget_reads(self) -> None:
        """Forget what the batch writer read: the database may have changed under it."""
        if self._resolved_in_batch is not None:
            self._resolved_in_batch = {}
        self._lookups.clear()
        self._boilerplate.clear()

    def _speakers_changed(self, speaker_id: int | None = None, aliases: Iterable[str] = ()) -> None:
        """Shared speakers changed: one speaker's name or title, or one speaker's ``aliases``."""
        if self._resolved_in_batch is not None:
            self._resolved_in_batch = {}
        if speaker_id is not None:
            self._lookups.speaker_changed(speaker_id)
        self._lookups.aliases_added(aliases)

    def _resolve_shared_speaker(self, db: sqlite3.Connection, speaker: ExtractedSpeaker) -> int:
        key = name_key(speaker.name) or speaker.name.lower()
        pinned = self._lookups.pin(key, functools.partial(pinned_speaker, db))
        if pinned is not None:  # a moderator said who this name is
            return pinned
        if speaker.kind == "body":
            row = _one(
                db,
                """SELECT s.id FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id
                   WHERE al.norm = ? AND al.local = 0 AND s.kind = 'body' ORDER BY s.id LIMIT 1""",
                (key,),
            )
            if row:
                self._add_aliases(db, row[0], speaker)
                return row[0]
            return self._create_speaker(db, speaker, None)
        name = person_name(speaker.name)
        candidates = self._lookups.candidates(
            (key, name.surname if name else key), functools.partial(_person_candidates, db)
        )
        chosen = None
        if name is not None:
            fitting = []
            for cid, cname, ctitle in candidates:
                other = person_name(cname)
                if other is None or other.surname != name.surname:
                    continue
                same_given = other.full and name.full and other.given[0] == name.given[0]
                if name.full and other.full and not same_given:
                    continue  # "Jane Smith" is not "John Smith"
                if not titles_compatible(ctitle, speaker.title) and not same_given:
                    continue
                if name.full != other.full and not office_fits_full_name(
                    speaker.title if other.full else ctitle, ctitle if other.full else speaker.title
                ):
                    continue  # "President Obama" is not the untitled "Michelle Obama" of another story
                fitting.append((cid, cname, other.full))
            if name.full:
                exact = [c for c in fitting if c[2]]
                partial = [c for c in fitting if not c[2]]
                if exact:
                    chosen = exact[0][0]
                elif len(partial) == 1:  # a surname-only speaker meets its full name: upgrade it
                    chosen = partial[0][0]
                    db.execute("UPDATE speakers SET name = ? WHERE id = ?", (speaker.name, chosen))
                    self._speakers_changed(chosen)
            elif len(fitting) == 1:
                chosen = fitting[0][0]
            elif fitting:
                full_names = [c for c in fitting if c[2]]
                surname_only = [c for c in fitting if not c[2]]
                if len(full_names) == 1:
                    chosen = full_names[0][0]
                elif surname_only:  # no telling which full name: the one "Smith" we know no more of
                    chosen = surname_only[0][0]
        if chosen is None:
            return self._create_speaker(db, speaker, None)
        if speaker.title:
            titled = db.execute(
                "UPDATE speakers SET title = ? WHERE id = ? AND title IS NULL", (speaker.title, chosen)
            )
            if titled.rowcount:
                self._speakers_changed(chosen)
        self._add_aliases(db, chosen, speaker)
        return chosen

    def _create_speaker(self, db: sqlite3.Connection, speaker: ExtractedSpeaker, article_id: int | None) -> int:
        cursor = db.execute(
            "INSERT INTO speakers (name, title, kind, article_id) VALUES (?, ?, ?, ?)",
            (speaker.name, speaker.title, speaker.kind, article_id),
        )
        speaker_id = int(cursor.lastrowid or 0)
        if article_id is None:  # article-local speakers are never candidates for a name
            self._speakers_changed(speaker_id)
        self._add_aliases(db, speaker_id, speaker, local=article_id is not None)
        return speaker_id

    def _add_aliases(
        self, db: sqlite3.Connection, speaker_id: int, speaker: ExtractedSpeaker, *, local: bool = False
    ) -> None:
        """``local``: the speaker belongs to one article ("one official"), never to a lookup by name."""
        rows = [(speaker_id, alias, name_key(alias)) for alias in aliases_of(speaker)]
        if speaker.title:
            rows.append((speaker_id, speaker.title, name_key(speaker.title)))
        seen = self._aliases_written
        if seen is not None:  # perf: in a batch, a speaker's known aliases are not inserted again
            rows = [row for row in rows if (row[0], row[2]) not in seen]
            seen.update((row[0], row[2]) for row in rows)
        rows = [row for row in rows if row[2]]
        if local and self._local_aliases is not None:
            # perf: no lookup by name reads a local alias, so a batch inserts them all at its end:
            # one statement each had cost an FTS5 index segment per new speaker (~6 per article)
            self._local_aliases += [(*row, 1) for row in rows]
            return
        if not local:  # a name a moderator pinned to another speaker (a split) stays theirs
            pin = functools.partial(pinned_speaker, db)
            rows = [row for row in rows if self._lookups.pin(row[2], pin) in (None, speaker_id)]
        if rows:
            # one statement (FTS5 flushes its index per statement, so not executemany)
            inserted = db.execute(
                "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, norm, local) VALUES "
                + ",".join(["(?, ?, ?, ?)"] * len(rows)),
                [value for row in rows for value in (*row, int(local))],
            )
            if inserted.rowcount and not local:
                self._speakers_changed(aliases=[row[2] for row in rows])

    async def remove_article(self, article_id: int, scope: Scope, *, actor: str = "cli") -> Article | None:
        article = await self.get_article(article_id, scope)
        if article is None:
            return None

        def delete(db: sqlite3.Connection) -> None:
            quotes = _one(db, "SELECT COUNT(*) FROM quotes WHERE article_id = ?", (article_id,))[0]
            if db.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount == 0:
                return  # removed a moment ago by someone else
            delete_orphan_speakers(db)
            record(
                db, at=_now(), actor=actor, action="remove", target=f"article #{article_id}",
                guild_id=article.guild_id, article_id=article_id,
                before={"source": article.source, "title": article.title, "outlet": article.outlet,
                        "date": article.date, "url": article.url, "quotes": quotes},
            )

        await self._write(delete)
        return article

    # --- reading articles -------------------------------------------------------------------------

    async def get_article(self, article_id: int, scope: Scope) -> Article | None:
        where, params = scope.sql()
        row = await self._one(
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = ? AND {where}", (article_id, *params)
        )
        return article_from_row(row) if row else None

    async def article_body(self, article_id: int) -> str | None:
        row = await self._one("SELECT body FROM article_bodies WHERE article_id = ?", (article_id,))
        return row[0] if row else None

    async def article_quotes(self, article_id: int) -> list[Quote]:
        rows = await self._all(
            f"""SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
                WHERE q.article_id = ? ORDER BY q.position""",
            (article_id,),
        )
        return [quote_from_row(row) for row in rows]

    async def list_articles(
        self, scope: Scope, filters: Filters = Filters(), limit: int | None = None, newest_first: bool = True
    ) -> list[Article]:
        where, params = scope.sql()
        fwhere, fparams = filters.sql()
        order = "a.date DESC, a.id DESC" if newest_first else "a.id"
        rows = await self._all(
            f"""SELECT {ARTICLE_COLUMNS}, (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id)
                FROM articles a WHERE {where} AND {fwhere} ORDER BY {order}
                {'LIMIT ?' if limit else ''}""",
            (*params, *fparams, *((limit,) if limit else ())),
        )
        return [_with_quote_count(row) for row in rows]

    async def iter_articles_with_quotes(self, scope: Scope) -> list[tuple[Article, list[Quote]]]:
        """Every article in scope with its quotes, in id order (for export)."""
        articles = await self.list_articles(scope, newest_first=False)
        where, params = scope.sql()
        rows = await self._all(
            f"""SELECT {QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id
                LEFT JOIN speakers s ON s.id = q.speaker_id WHERE {where}
                ORDER BY q.article_id, q.position""",
            params,
        )
        by_article: dict[int, list[Quote]] = {}
        for row in rows:
            quote = quote_from_row(row)
            by_article.setdefault(quote.article_id, []).append(quote)
        return [(article, by_article.get(article.id, [])) for article in articles]

    async def counts(self, scope: Scope) -> dict[str, int]:
        where, params = scope.sql()
        row = await self._one(
            f"""SELECT COUNT(*),
                       (SELECT COUNT(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}),
                       (SELECT COUNT(DISTINCT q.speaker_id) FROM quotes q JOIN articles a ON a.id = q.article_id
                        WHERE {where}),
                       (SELECT COUNT(DISTINCT a.outlet) FROM articles a WHERE {where})
                FROM articles a WHERE {where}""",
            (*params, *params, *params, *params),
        )
        return {"articles": row[0], "quotes": row[1], "speakers": row[2], "outlets": row[3]}

    async def articles_ingested(self, scope: Scope, since: str, until: str, limit: int = 200) -> list[Article]:
        """Articles that entered the corpus in ``[since, until)`` (ISO timestamps, UTC), oldest first."""
        where, params = scope.sql()
        rows = await self._all(
            f"""SELECT {ARTICLE_COLUMNS}, (SELECT COUNT(*) FROM quotes q WHERE q.article_id = a.id)
                FROM articles a WHERE a.ingested_at >= ? AND a.ingested_at < ? AND {where}
                ORDER BY a.ingested_at, a.id LIMIT ?""",
            (since, until, *params, limit),
        )
        return [_with_quote_count(row) for row in rows]

    async def quotes_of_articles(self, article_ids: Sequence[int]) -> list[tuple[Quote, int]]:
        """Every quote of these articles with its article id, in article and text order."""
        if not article_ids:
            return []
        rows = await self._all(
            f"""SELECT {QUOTE_COLUMNS} FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
                WHERE q.article_id IN ({','.join('?' * len(article_ids))}) ORDER BY q.article_id, q.position""",
            list(article_ids),
        )
        return [(quote_from_row(row), row[5]) for row in rows]

    # --- search primitives (the ranking lives in bot.search) -------------------------------------

    async def search_statements(
        self, match: str, scope: Scope, filters: Filters, limit: int, *, ranked: bool = True
    ) -> list[StatementHit]:
        """Distinct statements matching an FTS5 expression and carried by a quote in scope (and
        filters), best ranked first (bm25, lower is better) or (``ranked=False``: no ranking of
        every match) newest first.

        perf: only the statements are read, not a quote, article and speaker per candidate (four
        more random pages each on a cold cache); :meth:`quotes_in` reads those for the few shown.
        """
        where, params = scope.sql()
        fwhere, fparams = filters.sql()
        visible = "" if where == fwhere == "1" else f"""AND EXISTS (SELECT 1 FROM statements st
            CROSS JOIN statement_carriers c ON {_CARRIES_STATEMENT.format(alias='c', key='st.text_key')}
            CROSS JOIN articles a ON a.id = {_ARTICLE_OF.format(alias='c')}
            WHERE st.id = f.rowid AND {where} AND {fwhere})"""
        rows = await self._all(
            # the matches are ordered on (rowid, score) alone, then the LIMIT rows are joined
            f"""SELECT st.text_key, st.text, r.score FROM (
                    SELECT f.rowid AS rid, {_SCORE[ranked].format(table='statements_fts')} AS score
                    FROM statements_fts f WHERE statements_fts MATCH ? {visible}
                    ORDER BY {_ORDER[ranked]} LIMIT ?
                ) r JOIN statements st ON st.id = r.rid
                ORDER BY {_OUTER_ORDER[ranked]}""",
            (match, *params, *fparams, limit),
        )
        return [StatementHit(row[0], row[1], float(row[2])) for row in rows]

    async def quotes_in(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], list[Quote]]:
        """The quotes with each ``(text_key, article_id)``, first stored first: the article may
        repeat the words, or credit them to two people at once ("Jane Doe and John Roe said")."""
        # an OR of pairs, not a row-value IN (VALUES ...): SQLite scans the table for the latter
        pairs = list(dict.fromkeys(wanted))
        if not pairs:
            return {}
        rows = await self._all(
            f"""SELECT {QUOTE_COLUMNS}, q.text_key FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
                WHERE {' OR '.join(['(q.text_key = ? AND q.article_id = ?)'] * len(pairs))}
                ORDER BY q.id""",
            [value for pair in pairs for value in pair],
        )
        out: dict[tuple[str, int], list[Quote]] = {}
        for row in rows:
            quote = quote_from_row(row)
            out.setdefault((row[12], quote.article_id), []).append(quote)
        return out

    async def reports_of(
        self, text_keys: Sequence[str], scope: Scope, listed: int = CARRIERS_LISTED
    ) -> dict[str, Carriers]:
        """The articles in scope carrying a quote with each key: the ``listed`` earliest (dated ones
        by date, then the undated) and how many in all, counted exactly up to ``CARRIERS_COUNTED``.

        perf: a statement carried by most of the corpus costs as much as a rare one. A rare key's
        carriers are read whole from its carriers index. A common one's earliest are found walking
        the articles by date until ``listed`` carry it: each step tests a set of its carriers read
        once, or, for a key carried by ``WALK_PROBES_FROM`` rows or more (few steps to walk), probes
        the index (at 100k articles, about 12 µs a probe, against 0.15 µs a carrier read)."""
        keys = list(dict.fromkeys(text_keys))
        if not keys:
            return {}
        where, params = scope.sql()
        part = f"""SELECT (SELECT COUNT(*) FROM (SELECT DISTINCT {_ARTICLE_OF.format(alias='c')} FROM statement_carriers c
                   WHERE {_CARRIES_STATEMENT.format(alias='c', key='?')} LIMIT ?))"""
        counted = []
        for chunk in _compound_chunks(keys):
            counted += await self._all(
                " UNION ALL ".join([part] * len(chunk)), [v for key in chunk for v in (key, CARRIERS_COUNTED)]
            )
        carried = {key: int(row[0]) for key, row in zip(keys, counted)}
        rare = [key for key in keys if carried[key] < CARRIERS_COUNTED]
        out: dict[str, Carriers] = {key: Carriers([], 0, True) for key in rare}
        if rare:  # all their carriers, in one statement
            rows = await self._all(
                f"""SELECT r.key, {ARTICLE_COLUMNS}, r.n FROM (
                        SELECT k.text_key AS key, a.id AS aid, COUNT(*) OVER (PARTITION BY k.text_key) AS n,
                               ROW_NUMBER() OVER (PARTITION BY k.text_key ORDER BY a.date IS NULL, a.date, a.id) AS rn
                        FROM (SELECT DISTINCT w.key AS text_key, {_ARTICLE_OF.format(alias='c')} AS article_id
                              FROM (SELECT column1 AS key FROM (VALUES {','.join(['(?)'] * len(rare))})) w
                              CROSS JOIN statement_carriers c ON {_CARRIES_STATEMENT.format(alias='c', key='w.key')}) k
                        JOIN articles a ON a.id = k.article_id WHERE {where}
                    ) r JOIN articles a ON a.id = r.aid WHERE r.rn <= ? ORDER BY r.key, r.rn""",
                (*rare, *params, listed),
            )
            for row in rows:
                found = out[row[0]]
                found.earliest.append(article_from_row(row, 1))
                found.count = int(row[10])
        for key in keys:
            if key in out:
                continue
            many = int((await self._one(
                f"""SELECT count(*) FROM (SELECT 1 FROM statement_carriers c
                    WHERE {_CARRIES_STATEMENT.format(alias='c', key='?')} LIMIT ?)""",
                (key, WALK_PROBES_FROM),
            ))[0])
            carries = (
                # the article's rows of the index: its packed rowids
                f"""EXISTS (SELECT 1 FROM statement_carriers c WHERE {_CARRIES_STATEMENT.format(alias='c', key='?')}
                    AND c.rowid BETWEEN a.id << 32 AND (a.id << 32) | 4294967295)"""
                if many >= WALK_PROBES_FROM else
                f"""a.id IN (SELECT {_ARTICLE_OF.format(alias='c')} FROM statement_carriers c
                    WHERE {_CARRIES_STATEMENT.format(alias='c', key='?')})"""
            )
            rows = await self._all(
                f"""SELECT {ARTICLE_COLUMNS} FROM articles a INDEXED BY articles_date
                    WHERE a.date IS NOT NULL AND {carries} AND {where} ORDER BY a.date, a.id LIMIT ?""",
                (key, *params, listed),
            )
            if len(rows) < listed:
                rows += await self._all(
                    f"""SELECT {ARTICLE_COLUMNS} FROM articles a
                        WHERE a.date IS NULL AND {carries} AND {where} ORDER BY a.id LIMIT ?""",
                    (key, *params, listed - len(rows)),
                )
            count = carried[key] if where == "1" else int((await self._one(
                f"""SELECT COUNT(*) FROM (SELECT DISTINCT a.id FROM statement_carriers c
                    CROSS JOIN articles a ON a.id = {_ARTICLE_OF.format(alias='c')}
                    WHERE {_CARRIES_STATEMENT.format(alias='c', key='?')} AND {where} LIMIT ?)""",
                (key, *params, CARRIERS_COUNTED),
            ))[0])
            out[key] = Carriers([article_from_row(r) for r in rows], count, count < CARRIERS_COUNTED)
        return out

    async def speaker_quotes(
        self, speaker_ids: Sequence[int], scope: Scope, filters: Filters, limit: int, within: str | None = None,
        offset: int = 0,
    ) -> list[tuple[Quote, Article]]:
        """Their newest quotes, the first ``offset`` skipped; ``within`` (an FTS5 expression): only
        those whose words or whose sentence match it (the caller bounds its matches: they are all read)."""
        where, params = scope.sql()
        fwhere, fparams = filters.sql()
        marks = ",".join("?" * len(speaker_ids))
        if within is not None:
            return await self._speaker_quotes_within(speaker_ids, within, where, params, fwhere, fparams, limit, offset)
        # perf: a speaker with many quotes is read newest article first, stopping at the LIMIT
        # (about limit x corpus/theirs rows), not all of their quotes sorted (theirs rows)
        theirs = int((await self._one(f"SELECT COUNT(*) FROM quotes WHERE speaker_id IN ({marks})", speaker_ids))[0])
        by_date = theirs * theirs > (offset + limit) * await self.row_count("quotes")
        source = (
            f"articles a INDEXED BY articles_date JOIN quotes q ON q.article_id = a.id AND q.speaker_id IN ({marks})"
            if by_date else "quotes q JOIN articles a ON a.id = q.article_id"
        )
        where_speaker = "1" if by_date else f"q.speaker_id IN ({marks})"
        # perf: the window is chosen on sort keys alone (from the quotes_speaker_article index),
        # then its rows are read whole
        rows = await self._all(
            f"""SELECT {QUOTE_COLUMNS}, {ARTICLE_COLUMNS}, q.topics FROM (
                    SELECT q.id AS qid, a.date AS d, a.id AS aid, q.position AS pos FROM {source}
                    WHERE {where_speaker} AND {where} AND {fwhere}
                    ORDER BY a.date DESC, a.id DESC, q.position LIMIT ? OFFSET ?
                ) k JOIN quotes q ON q.id = k.qid JOIN articles a ON a.id = k.aid
                LEFT JOIN speakers s ON s.id = q.speaker_id
                ORDER BY k.d DESC, k.aid DESC, k.pos""",
            (*speaker_ids, *params, *fparams, limit, offset),
        )
        return [(_with_topics(quote_from_row(row), row[21]), article_from_row(row, 12)) for row in rows]

    async def _speaker_quotes_within(
        self, speaker_ids: Sequence[int], within: str, where: str, params: tuple, fwhere: str,
        fparams: tuple, limit: int, offset: int,
    ) -> list[tuple[Quote, Article]]:
        marks = ",".join("?" * len(speaker_ids))
        rows = await self._all(
            # CROSS JOIN: the matches drive the loop (bounded by the caller), never one full-text
            # lookup per quote of a prolific speaker; each statement's quotes (passage's sentences)
            # are found by its carriers (the planner once chose to scan all of the speaker's quotes
            # once per statement: 0.9 s for 599 statements x 2,336 quotes)
            f"""WITH hits(qid) AS (
                    SELECT q.id FROM statements_fts f CROSS JOIN statements st ON st.id = f.rowid
                    CROSS JOIN statement_carriers c ON {_CARRIES_STATEMENT.format(alias='c', key='st.text_key')}
                    CROSS JOIN quotes q ON q.id = {_ROW_OF.format(alias='c')}
                    WHERE statements_fts MATCH ? AND q.speaker_id IN ({marks})
                    UNION
                    SELECT q.id FROM passages_fts f CROSS JOIN passages p ON p.id = f.rowid
                    CROSS JOIN passage_carriers c ON {_CARRIES_PASSAGE.format(alias='c', passage='p.id')}
                    CROSS JOIN sentences t ON t.id = {_ROW_OF.format(alias='c')}
                    CROSS JOIN quotes q ON q.speaker_id IN ({marks}) AND q.article_id = t.article_id
                    WHERE passages_fts MATCH ? AND (q.sentence = p.text
                        OR q.position BETWEEN t.position AND t.position + length(p.text))
                )
                SELECT {QUOTE_COLUMNS}, {ARTICLE_COLUMNS}, q.topics FROM hits h JOIN quotes q ON q.id = h.qid
                JOIN articles a ON a.id = q.article_id LEFT JOIN speakers s ON s.id = q.speaker_id
                WHERE {where} AND {fwhere}
                ORDER BY a.date DESC, a.id DESC, q.position LIMIT ? OFFSET ?""",
            (within, *speaker_ids, *speaker_ids, within, *params, *fparams, limit, offset),
        )
        return [(_with_topics(quote_from_row(row), row[21]), article_from_row(row, 12)) for row in rows]

    async def search_sentences(
        self, match: str, scope: Scope, filters: Filters, limit: int, *, ranked: bool = True
    ) -> list[tuple[int, str, str, Article, float]]:
        """Sentences whose text matches an FTS5 expression: ``(position, text, search_text, article,
        rank)``, at most ``limit``; the best ranked passages first (or, ``ranked=False``, the newest),
        each with the articles carrying it in scope, first stored first (newest first unranked)."""
        where, params = scope.sql()
        fwhere, fparams = filters.sql()
        everywhere = where == fwhere == "1"
        visible = "" if everywhere else f"""AND EXISTS (SELECT 1 FROM passage_carriers c
            CROSS JOIN articles a ON a.id = {_ARTICLE_OF.format(alias='c')}
            WHERE {_CARRIES_PASSAGE.format(alias='c', passage='f.rowid')} AND {where} AND {fwhere})"""
        carriers = "passage_carriers t1" + (
            "" if everywhere else f" CROSS JOIN articles a ON a.id = {_ARTICLE_OF.format(alias='t1')}"
        )
        carried = _CARRIES_PASSAGE.format(alias="t1", passage="r.rid")
        direction = "" if ranked else "DESC"
        order, peers = _CUMULATE[ranked]
        rows = await self._all(
            # perf: order (rowid, score) alone; each passage brings at most ``limit`` carriers, and
            # only passages that can reach the first ``limit`` rows are read: those with fewer than
            # ``limit`` carriers (counted on the index) in strictly better passages. A sentence
            # repeated in a thousand articles no longer has its carriers read and sorted only to be
            # cut.
            f"""WITH r AS (
                    SELECT f.rowid AS rid, {_SCORE[ranked].format(table='passages_fts')} AS score
                    FROM passages_fts f WHERE passages_fts MATCH ? {visible}
                    ORDER BY {_ORDER[ranked]} LIMIT ?
                ), counted AS (
                    SELECT rid, score, (SELECT count(*) FROM (SELECT 1 FROM {carriers}
                        WHERE {carried} AND {where} AND {fwhere} LIMIT ?)) AS n FROM r
                ), kept AS (
                    SELECT rid, score FROM (SELECT rid, score,
                        sum(n) OVER (ORDER BY {order}) - sum(n) OVER (PARTITION BY {peers}) AS before
                        FROM counted) WHERE before < ?
                )
                SELECT t.position, p.text, p.search_text, {ARTICLE_COLUMNS}, r.score FROM kept r
                JOIN passages p ON p.id = r.rid
                JOIN sentences t ON t.id IN (
                    SELECT {_ROW_OF.format(alias='t1')} FROM {carriers} WHERE {carried} AND {where} AND {fwhere}
                    ORDER BY t1.rowid {direction} LIMIT ?)
                JOIN articles a ON a.id = t.article_id
                ORDER BY {_OUTER_ORDER[ranked]}, t.article_id {direction} LIMIT ?""",
            (match, *params, *fparams, limit, *params, *fparams, limit, limit, *params, *fparams, limit, limit),
        )
        return [(row[0], row[1], row[2], article_from_row(row, 3), float(row[12])) for row in rows]

    # --- perf: full-text primitives whose cost does not grow with the corpus --------------------

    async def match_counts(self, table: str, matches: Sequence[str], cap: int) -> list[int]:
        """Rows matching each FTS5 expression, counted up to ``cap + 1``: statements, passages or
        speaker aliases, or the quotes (sentences) carrying a matching statement (passage). Without
        ranking FTS5 streams rowids and stops, so the cost is O(cap)."""
        if not matches:
            return []
        part = f"SELECT (SELECT count(*) FROM ({_COUNT_ROWS[table]}))"
        counts: list[int] = []
        for chunk in _compound_chunks(matches):
            params = [value for match in chunk for value in (match, cap + 1)]
            counts += [int(row[0]) for row in await self._all(" UNION ALL ".join([part] * len(chunk)), params)]
        return counts

    async def sampled_match_counts(
        self, table: str, matches: Sequence[str], window: int, parts: int = 8
    ) -> tuple[list[int], int]:
        """How many rows of ``parts`` rowid ranges of ``statements``/``passages``, ``window`` rowids in
        all, spread evenly over the table, match each FTS5 expression; and how many rows those
        ranges hold. A sample for a common term's frequency, at a cost bounded by ``window``;
        remembered until the database changes (``PRAGMA data_version``)."""
        if table not in _FTS_TABLE:
            raise ValueError(table)
        cache = await self._version_cache()
        missing = [m for m in dict.fromkeys(matches) if (table, window, m) not in cache]
        if missing:
            fts = _FTS_TABLE[table]
            low, high = await self._one(f"SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})")  # O(log n) each
            if low is None:
                return [0] * len(matches), 0
            step = max(1, window // parts)
            if high - low + 1 <= window:
                ranges = [(low, high)]
            else:
                stride = (high - low + 1 - step) / (parts - 1) if parts > 1 else 0
                ranges = [(low + int(k * stride), low + int(k * stride) + step - 1) for k in range(parts)]
            # rowid ranges as >= and <= (FTS5 seeks on those, not on BETWEEN); the rows they hold
            # from the table's density (ids are dense unless articles were removed)
            hits_sql = " + ".join([f"(SELECT count(*) FROM {fts} WHERE {fts} MATCH ? AND rowid >= ? AND rowid <= ?)"] * len(ranges))
            rows = []
            for chunk in _compound_chunks(missing):
                params = [value for match in chunk for a, b in ranges for value in (match, a, b)]
                rows += await self._all(" UNION ALL ".join([f"SELECT {hits_sql}"] * len(chunk)), params)
            density = await self.row_count(table) / (high - low + 1)
            cache[(table, window, "")] = max(1, round(sum(b - a + 1 for a, b in ranges) * density))
            for match, row in zip(missing, rows):
                cache[(table, window, match)] = int(row[0])
        return [cache[(table, window, m)] for m in matches], cache[(table, window, "")]

    async def _version_cache(self) -> dict[Any, int]:
        """A cache of counts, emptied whenever the database has changed since it was filled."""
        version = (await self._one("PRAGMA data_version"))[0]
        if self._counts_version != version:
            self._counts_version, self._counts = version, {}
        if len(self._counts) > 4096:  # bounded: a long-running bot asks about many words
            self._counts.clear()
        return self._counts

    async def merge_text_indexes(self, pages: int = MERGE_PAGES) -> None:
        """Merge each full-text index into one segment, about ``pages`` pages per write transaction,
        so other writers wait for one step, not for the whole merge.

        perf: FTS5 writes each transaction's entries as a new segment and merges segments as they
        pile up (automerge), so a bulk load leaves each index in a dozen or so segments, and every
        lookup seeks in each: with the 100k benchmark's corpus so left, the sentence search of
        "sources" took 19 ms a call, and 10 ms with each index in one segment. Merging all six took
        about 4 s of one core at 100k articles. (FTS5 counts no change when a merge step finds
        nothing left to merge: https://sqlite.org/fts5.html#the_merge_command.)"""

        def step(db: sqlite3.Connection, table: str, pages: int) -> bool:
            before = db.total_changes
            db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('merge', ?)", (pages,))
            return db.total_changes - before >= 2

        try:
            for table in _FTS_INDEXES:
                # a negative count first: every segment joins one merge, whatever its level
                merging = await self._write(functools.partial(step, table=table, pages=-pages), keeps_lookups=True)
                while merging:
                    merging = await self._write(functools.partial(step, table=table, pages=pages), keeps_lookups=True)
        except sqlite3.OperationalError as error:  # only slower lookups: the load it follows is stored
            log.warning("full-text indexes left partly unmerged: %s", error)

    async def row_count(self, table: str) -> int:
        """Rows of ``articles``, ``quotes``, ``sentences``, ``statements`` or ``passages``, from their id range:
        exact while no rows were removed, a slight overcount after removals (a moderator's purge).

        perf: an exact ``COUNT(*)`` walks a whole index (3.6M quotes at 100k articles: 0.85 s from
        disk), and it was redone after every commit, so the first question after each load paid it;
        ``min(id)``/``max(id)`` are two index seeks. The callers weigh terms (idf) and choose plans,
        where a count off by the few rows ever removed changes nothing.
        """
        if table not in _COUNTED_TABLES:
            raise ValueError(table)
        low, high = await self._one(f"SELECT (SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})")
        return 0 if low is None else int(high) - int(low) + 1

    # --- end perf -------------------------------------------------------------------------------

    async def article_sentences(self, article_id: int) -> list[tuple[int, str]]:
        """``(position, text)`` of every sentence of an article, in order."""
        rows = await self._all(
            """SELECT t.position, p.text FROM sentences t JOIN passages p ON p.id = t.passage_id
               WHERE t.article_id = ? ORDER BY t.position""",
            (article_id,),
        )
        return [(row[0], row[1]) for row in rows]

    async def known_quote_terms(self, terms: Sequence[str]) -> set[str]:
        if not terms:
            return set()
        rows = await self._all(
            f"SELECT term FROM quote_terms WHERE term IN ({','.join('?' * len(terms))})", list(terms)
        )
        return {row[0] for row in rows}

    async def similar_quote_terms(self, trigram_match: str, limit: int = 40) -> list[str]:
        """Vocabulary terms sharing trigrams with a (misspelt) word: candidates for a correction."""
        rows = await self._all(
            "SELECT term FROM quote_terms_fts WHERE quote_terms_fts MATCH ? ORDER BY rank LIMIT ?",
            (trigram_match, limit),
        )
        return [row[0] for row in rows]

    # --- speakers -----------------------------------------------------------------------------------

    async def speakers_by_alias(self, norm: str, scope: Scope) -> list[tuple[Speaker, str]]:
        """Speakers (with quotes in scope) having exactly this folded alias."""
        return await self._speakers_where("al.norm = ?", (norm,), scope)

    async def speakers_by_trigrams(self, match: str, scope: Scope, limit: int = 60) -> list[tuple[Speaker, str]]:
        """Speakers whose aliases share trigrams with the query (fuzzy candidates)."""
        return await self._speakers_where(
            "al.rowid IN (SELECT rowid FROM speaker_aliases_fts WHERE speaker_aliases_fts MATCH ? "
            "ORDER BY rank LIMIT ?)",
            (match, limit),
            scope,
        )

    async def speakers_by_prefix(self, prefix: str, scope: Scope, limit: int) -> list[tuple[Speaker, str]]:
        if len(prefix) >= 3 and not any(ch in prefix for ch in "\\%_"):
            # perf: the trigram index answers each LIKE (one at a time: an OR of two LIKEs is a scan);
            # rows in alias order, as the scan of the norm index returned them
            return await self._speakers_where(
                "al.rowid IN (SELECT rowid FROM speaker_aliases_fts WHERE norm LIKE ? "
                "UNION SELECT rowid FROM speaker_aliases_fts WHERE norm LIKE ?)",
                (prefix + "%", "% " + prefix + "%"),
                scope,
                limit=limit,
                order="ORDER BY al.norm, al.rowid",
            )
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return await self._speakers_where(
            "(al.norm LIKE ? ESCAPE '\\' OR al.norm LIKE ? ESCAPE '\\')",
            (escaped + "%", "% " + escaped + "%"),
            scope,
            limit=limit,
        )

    async def _speakers_where(
        self, condition: str, params: tuple[object, ...], scope: Scope, limit: int = 200, order: str = ""
    ) -> list[tuple[Speaker, str]]:
        where, sparams = scope.sql()
        rows = await self._all(
            f"""SELECT s.id, s.name, s.title, s.kind, al.alias FROM speaker_aliases al
                JOIN speakers s ON s.id = al.speaker_id
                WHERE {condition} AND EXISTS (
                    SELECT 1 FROM quotes q {_articles_join(where)}
                    WHERE q.speaker_id = s.id AND {where})
                {order} LIMIT ?""",
            (*params, *sparams, limit),
        )
        return [(Speaker(id=r[0], name=r[1], title=r[2], kind=r[3]), r[4]) for r in rows]

    async def count_speaker_quotes(self, speaker_id: int, cap: int) -> int:
        """How many quotes a speaker has in any scope, counted on the index up to ``cap + 1``."""
        row = await self._one(
            "SELECT count(*) FROM (SELECT 1 FROM quotes WHERE speaker_id = ? LIMIT ?)", (speaker_id, cap + 1)
        )
        return int(row[0])

    async def speaker_quote_counts(self, speaker_ids: Sequence[int], scope: Scope) -> dict[int, int]:
        if not speaker_ids:
            return {}
        where, params = scope.sql()
        rows = await self._all(
            f"""SELECT q.speaker_id, COUNT(*) FROM quotes q {_articles_join(where)}
                WHERE q.speaker_id IN ({','.join('?' * len(speaker_ids))}) AND {where}
                GROUP BY q.speaker_id""",
            (*speaker_ids, *params),
        )
        return {row[0]: row[1] for row in rows}

    async def list_speakers(self, scope: Scope, prefix: str | None = None, limit: int = 50) -> list[Speaker]:
        """Named speakers (persons and bodies) in scope, most quoted first."""
        where, params = scope.sql()
        prefix_clause, prefix_params = "", ()
        if prefix:
            escaped = prefix.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            prefix_clause = (
                "AND EXISTS (SELECT 1 FROM speaker_aliases al WHERE al.speaker_id = s.id "
                "AND (al.norm LIKE ? ESCAPE '\\' OR al.norm LIKE ? ESCAPE '\\'))"
            )
            prefix_params = (escaped + "%", "% " + escaped + "%")
        rows = await self._all(
            f"""SELECT s.id, s.name, s.title, s.kind, COUNT(*) AS n FROM quotes q
                JOIN articles a ON a.id = q.article_id JOIN speakers s ON s.id = q.speaker_id
                WHERE {where} AND s.article_id IS NULL {prefix_clause}
                GROUP BY s.id ORDER BY n DESC, s.name LIMIT ?""",
            (*params, *prefix_params, limit),
        )
        return [Speaker(id=r[0], name=r[1], title=r[2], kind=r[3], quotes=r[4]) for r in rows]

    async def get_speaker(self, speaker_id: int) -> Speaker | None:
        row = await self._one("SELECT id, name, title, kind FROM speakers WHERE id = ?", (speaker_id,))
        return Speaker(id=row[0], name=row[1], title=row[2], kind=row[3]) if row else None

    # --- guild configuration --------------------------------------------------------------------

    async def guild_settings(self, guild_id: int) -> GuildSettings:
        row = await self._one(f"SELECT {_GUILD_COLUMNS} FROM guild_settings WHERE guild_id = ?", (guild_id,))
        return GuildSettings(*row) if row else GuildSettings(guild_id=guild_id)

    async def all_guild_settings(self) -> list[GuildSettings]:
        rows = await self._all(f"SELECT {_GUILD_COLUMNS} FROM guild_settings ORDER BY guild_id")
        return [GuildSettings(*row) for row in rows]

    async def update_guild_settings(self, guild_id: int, *, actor: str | None = None, **changes: object) -> GuildSettings:
        """Set some columns of a guild's settings (creating its row on first use).

        With an ``actor`` (a person, not the scheduler's own bookkeeping) the change is recorded.
        """
        unknown = set(changes) - set(_GUILD_COLUMNS.split(", "))
        if unknown or "guild_id" in changes:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")

        def update(db: sqlite3.Connection) -> None:
            db.execute("INSERT OR IGNORE INTO guild_settings (guild_id) VALUES (?)", (guild_id,))
            if actor is not None and changes:
                columns = ", ".join(changes)
                old = db.execute(f"SELECT {columns} FROM guild_settings WHERE guild_id = ?", (guild_id,)).fetchone()
                before = dict(zip(changes, old))
                if before != changes:
                    record(db, at=_now(), actor=actor, action="config", target="settings", guild_id=guild_id,
                           before=before, after=dict(changes))
            if changes:
                assignments = ", ".join(f"{column} = ?" for column in changes)
                db.execute(
                    f"UPDATE guild_settings SET {assignments}, updated_at = ? WHERE guild_id = ?",
                    (*changes.values(), _now(), guild_id),
                )

        await self._write(update)
        return await self.guild_settings(guild_id)

    # --- plumbing ---------------------------------------------------------------------------------

    async def _one(self, sql: str, params: Sequence[object] = ()) -> Any:
        async with self._reader.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def _all(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        async with self._reader.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def _write(
        self, work: Callable[[sqlite3.Connection], T], *, keeps_lookups: bool = False, small_statements: bool = False
    ) -> T:
        """Run ``work`` in one immediate transaction on the writer thread (one hop per article).

        Another process holding the write lock is waited for (busy timeout), then retried. Only a
        batch of new articles keeps what the writer read before it (speakers, boilerplate hashes:
        it says itself what it changes), and only when its transaction commits. ``small_statements``:
        no statement of ``work`` changes more than a few thousand rows (see :func:`_in_transaction`).
        """
        if not keeps_lookups:
            work = functools.partial(_after, self._forget_reads, work)
        async with self._write_lock:
            for attempt in range(_WRITE_RETRIES):
                try:
                    return await self._writer.run(_in_transaction, work, self._forget_reads, small_statements)
                except sqlite3.OperationalError as error:
                    if "locked" in str(error) and attempt < _WRITE_RETRIES - 1:
                        await asyncio.sleep(0.05 * 2**attempt + random.random() * 0.05)
                        continue
                    raise
            raise sqlite3.OperationalError("database is locked")


class _Writer:
    """A plain sqlite3 connection owned by one thread: writes are synchronous code run there."""

    def __init__(self, connection: sqlite3.Connection, executor: ThreadPoolExecutor) -> None:
        self.connection = connection
        self._executor = executor

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, functools.partial(function, self.connection, *args)
        )

    async def close(self) -> None:
        try:
            await self.run(lambda connection: connection.close())
        finally:
            self._executor.shutdown(wait=False)


def _in_transaction(
    db: sqlite3.Connection,
    work: Callable[[sqlite3.Connection], T],
    rolled_back: Callable[[], None],
    small_statements: bool = False,
) -> T:
    # Inside a transaction, a statement that changes several rows first copies each page it changes
    # to a statement journal, to undo just that statement if it fails; past 64 KiB the journal is a
    # temporary file. perf: a batch of articles inserts hundreds of rows per statement, and those
    # files took 270 write calls per article (1.6 M of the writer's 2.8 M over 6,000 articles at
    # 100k). Its statements are bounded (MAX_VARIABLES), so their journals stay in memory; any
    # other write may delete a guild's whole corpus in one statement, so its journal may spill.
    _set_temp_store(db, in_memory=small_statements)
    db.execute("BEGIN IMMEDIATE")
    try:
        result = work(db)
        db.commit()
    except BaseException:
        try:
            if db.in_transaction:
                db.rollback()
        finally:
            rolled_back()
        raise
    return result


def _set_temp_store(db: sqlite3.Connection, *, in_memory: bool) -> None:
    """``PRAGMA temp_store``, set only when it changes (setting it drops the temporary schema)."""
    wanted = 2 if in_memory else 0  # MEMORY, or DEFAULT (a file)
    if db.execute("PRAGMA temp_store").fetchone()[0] != wanted:
        db.execute(f"PRAGMA temp_store = {wanted}")


def _after(first: Callable[[], None], work: Callable[[sqlite3.Connection], T], db: sqlite3.Connection) -> T:
    """``first()``, then ``work(db)``, both on the writer thread: a batch still being written when
    its caller was cancelled cannot refill what ``first`` forgot."""
    first()
    return work(db)


def _one(db: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> Any:
    return db.execute(sql, params).fetchone()


def _person_candidates(db: sqlite3.Connection, names: tuple[str, str]) -> list[Candidate]:
    """Shared people known by either name (a whole name's norm and a surname), by id."""
    return db.execute(
        """SELECT DISTINCT s.id, s.name, s.title FROM speaker_aliases al
           JOIN speakers s ON s.id = al.speaker_id
           WHERE al.norm IN (?, ?) AND al.local = 0 AND s.kind = 'person' AND +s.article_id IS NULL
           ORDER BY s.id""",
        names,
    ).fetchall()


def _all(db: sqlite3.Connection, sql: str, params: Sequence[object] = ()) -> list[Any]:
    return db.execute(sql, params).fetchall()


# --- perf: multi-row inserts ------------------------------------------------------------------------



@dataclass(slots=True)
class _Rows:
    """Sentence, quote and term rows of a batch, inserted at its end with a few multi-row statements.

    The full-text indexes are filled by AFTER INSERT triggers, and FTS5 flushes its pending terms
    to a new index segment at the end of every statement that touches it: one ``executemany`` row
    is one statement, so row-by-row inserts wrote (and later merged) a segment per sentence.
    """

    sentences: list[tuple[object, ...]] = field(default_factory=list)
    quotes: list[tuple[object, ...]] = field(default_factory=list)
    terms: dict[str, None] = field(default_factory=dict)  # insertion-ordered set
    local_aliases: list[tuple[object, ...]] = field(default_factory=list)  # (speaker_id, alias, norm, 1)

    def clear(self) -> None:
        self.sentences, self.quotes, self.terms, self.local_aliases = [], [], {}, []

    def write(self, db: sqlite3.Connection) -> None:
        passages = _passage_ids(db, [(text, search) for _, _, text, search in self.sentences])
        _insert_many(
            db, "INSERT INTO sentences (article_id, position, passage_id) VALUES ",
            [(article_id, position, passages[text]) for article_id, position, text, _ in self.sentences],
        )
        # a statement is stored and indexed once, with the words of the first quote that carries it
        statements: dict[str, tuple[str, str]] = {}
        for row in self.quotes:
            statements.setdefault(row[10], (row[3], row[9]))
        _insert_many(
            db, "INSERT OR IGNORE INTO statements (text_key, text, search_text) VALUES ",
            [(key, text, search) for key, (text, search) in statements.items()],
        )
        _insert_many(
            db,
            "INSERT INTO quotes (id, article_id, speaker_id, text, kind, cue, venue, position, sentence, "
            "text_key, mention, topics) VALUES ",
            [row[:9] + row[10:] for row in self.quotes],
        )
        _insert_many(db, "INSERT OR IGNORE INTO quote_terms (term) VALUES ", [(term,) for term in self.terms])
        _insert_many(
            db, "INSERT OR IGNORE INTO speaker_aliases (speaker_id, alias, norm, local) VALUES ", self.local_aliases
        )


def _passage_ids(db: sqlite3.Connection, sentences: Sequence[tuple[str, str]]) -> dict[str, int]:
    """The passage id of each ``(text, search_text)``, storing (and so indexing) the new ones."""
    keys = {text: passage_key(text) for text, _ in sentences}
    by_key: dict[int, int] = {}
    values = list(set(keys.values()))
    step = MAX_VARIABLES
    for i in range(0, len(values), step):
        chunk = values[i : i + step]
        by_key.update(db.execute(
            f"SELECT key, id FROM passages WHERE key IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall())
    new: dict[int, tuple[int, str, str]] = {}
    for text, search in sentences:
        key = keys[text]
        if key not in by_key and key not in new:
            new[key] = (key, text, search)
    rows = list(new.values())
    per = MAX_VARIABLES // 3
    for i in range(0, len(rows), per):  # one statement per chunk: FTS5 writes a segment per statement
        chunk = rows[i : i + per]
        by_key.update(db.execute(
            "INSERT INTO passages (key, text, search_text) VALUES "
            + ",".join(["(?, ?, ?)"] * len(chunk)) + " RETURNING key, id",
            [value for row in chunk for value in row],
        ).fetchall())
    return {text: by_key[key] for text, key in keys.items()}


COMPOUND_MAX = 250  # parts per UNION ALL query: SQLite refuses more than 500 (SQLITE_MAX_COMPOUND_SELECT)


def _compound_chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), COMPOUND_MAX):
        yield items[i : i + COMPOUND_MAX]


def _insert_many(db: sqlite3.Connection, head: str, rows: Sequence[tuple[object, ...]]) -> None:
    """Insert rows (in order) with as few statements as the parameter limit allows; statement sizes
    are powers of two, so only a handful of distinct statements are ever prepared (and cached)."""
    if not rows:
        return
    width = len(rows[0])
    limit = min(db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER), MAX_VARIABLES)  # 999 on older builds
    size = 1
    while size * 2 * width <= limit and size < len(rows):
        size *= 2
    placeholder = "(" + ",".join("?" * width) + ")"
    i = 0
    while i < len(rows):
        while size > len(rows) - i:
            size //= 2
        db.execute(head + ",".join([placeholder] * size), [value for row in rows[i : i + size] for value in row])
        i += size


# --- perf: duplicate and near-copy checks inside the write transaction ----------------------------


def _articles_join(where: str) -> str:
    """The join a quote needs for a scope filter: none for everything (every quote has its
    article), so counts over a speaker's quotes come from the ``quotes_speaker`` index alone."""
    return "" if where == "1" else "JOIN articles a ON a.id = q.article_id"


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            header = file.read(16)
    except OSError:
        return False
    return header == b"SQLite format 3\x00" or header == b""  # an empty file holds nothing to lose


def _duplicate_of(db: sqlite3.Connection, article: NewArticle) -> int | None:
    """The stored article with the same text that the article's guild can see, if any."""
    where, params = Scope.guild(article.guild_id).sql()
    row = db.execute(
        f"SELECT a.id FROM articles a WHERE a.content_hash = ? AND {where} ORDER BY a.id LIMIT 1",
        (article.content_hash, *params),
    ).fetchone()
    return row[0] if row else None


def _holders_sql(hashes: Sequence[int]) -> tuple[str, tuple[object, ...]]:
    """``(hash, article_id)`` of the articles holding each hash, at most ``SKETCH_COMMON + 1`` per
    hash: that cap is what keeps the lookup O(1) as the corpus grows (see :func:`_sharing`). Only
    for hashes not recorded as boilerplate (see :func:`_recorded_boilerplate_sql`): a row holding a
    recorded one may have no entry in the lookup index."""
    part = "SELECT * FROM (SELECT hash, article_id FROM article_sketch WHERE hash = ? AND boilerplate = 0 LIMIT ?)"
    params: list[object] = []
    for value in hashes:
        params += [value, SKETCH_COMMON + 1]
    return " UNION ALL ".join([part] * len(hashes)), tuple(params)


def _recorded_boilerplate_sql(hashes: Sequence[int]) -> tuple[str, tuple[object, ...]]:
    """Those of ``hashes`` recorded as boilerplate: found held by more than ``SKETCH_COMMON``
    articles once, they stay boilerplate, even if articles holding them are removed later."""
    return f"SELECT hash FROM sketch_boilerplate WHERE hash IN ({','.join('?' * len(hashes))})", tuple(hashes)


def _sharing(holders: Iterable[Sequence[Any]], boilerplate: set[int]) -> list[int]:
    """Articles sharing at least ``MIN_SHARED_SKETCH`` non-boilerplate sketch hashes, most first
    (``NEAR_COPY_CHECKS`` at most), from :func:`_holders_sql` rows; a hash held by more than
    ``SKETCH_COMMON`` articles is boilerplate: not counted, and added to ``boilerplate``."""
    by_hash: dict[int, list[int]] = {}
    for value, article_id in holders:
        by_hash.setdefault(value, []).append(article_id)
    shared: dict[int, int] = {}
    for value, article_ids in by_hash.items():
        if len(article_ids) > SKETCH_COMMON:
            boilerplate.add(value)
            continue
        for article_id in article_ids:
            shared[article_id] = shared.get(article_id, 0) + 1
    ranked = sorted((-count, article_id) for article_id, count in shared.items() if count >= MIN_SHARED_SKETCH)
    return [article_id for _, article_id in ranked[:NEAR_COPY_CHECKS]]


def _sketches_sql(article_ids: Sequence[int]) -> str:
    return f"SELECT article_id, hash FROM article_sketch WHERE article_id IN ({','.join('?' * len(article_ids))})"


def _by_similarity(sketch: list[int], rows: Iterable[Sequence[Any]]) -> list[int]:
    """Candidate ids whose sketches (``(article_id, hash)`` rows) look like ``sketch``, most alike first."""
    theirs: dict[int, list[int]] = {}
    for article_id, value in rows:
        theirs.setdefault(article_id, []).append(value)
    scored = [(sketch_similarity(sketch, other), article_id) for article_id, other in theirs.items()]
    return [article_id for score, article_id in sorted(scored, key=lambda x: (-x[0], x[1])) if score >= SKETCH_SIMILAR]


def _near_copy_of(
    db: sqlite3.Connection, article: NewArticle, same_story: SameStory, boilerplate: set[int]
) -> int | None:
    """The original of the story this article retells (visible to its guild), if any.

    ``boilerplate``: the writer's memory of the hashes recorded as boilerplate (held by more than
    ``SKETCH_COMMON`` articles), which count for nothing; it learns the ones this sketch holds, and
    records those its lookup finds (perf: not looked up again; in the benchmark corpus two thirds of
    the hashes looked up, and each such lookup reads ``SKETCH_COMMON + 1`` index entries).
    """
    wanted = [value for value in article.sketch if value not in boilerplate]
    if wanted:
        boilerplate.update(row[0] for row in db.execute(*_recorded_boilerplate_sql(wanted)))
        wanted = [value for value in wanted if value not in boilerplate]
    if len(wanted) < MIN_SHARED_SKETCH:
        return None
    found: set[int] = set()
    ids = _sharing(db.execute(*_holders_sql(wanted)), found)
    if found:
        db.executemany("INSERT OR IGNORE INTO sketch_boilerplate (hash) VALUES (?)", [(value,) for value in found])
        boilerplate |= found
    if not ids:
        return None
    ranked = _by_similarity(article.sketch, db.execute(_sketches_sql(ids), ids))
    if not ranked:
        return None
    where, params = Scope.guild(article.guild_id).sql()
    rows = db.execute(
        f"""SELECT a.id, a.copy_of, b.body FROM articles a JOIN article_bodies b ON b.article_id = a.id
            WHERE a.id IN ({','.join('?' * len(ranked))}) AND {where}""",
        (*ranked, *params),
    ).fetchall()
    found = {row[0]: row for row in rows}
    for article_id in ranked:
        row = found.get(article_id)
        if row is not None and same_story(article, row[2]):
            return row[1] or article_id
    return None


def _resketch(db: sqlite3.Connection, chunk: int = 500) -> None:
    """Rebuild the sketches of articles stored before schema step 4 (resumable: a watermark)."""
    done = 0
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            task = db.execute("SELECT progress FROM store_tasks WHERE name = 'resketch'").fetchone()
            if task is None:  # nothing to do, or another process finished it
                db.rollback()
                break
            rows = db.execute(
                "SELECT article_id, body FROM article_bodies WHERE article_id > ? ORDER BY article_id LIMIT ?",
                (task[0], chunk),
            ).fetchall()
            if rows:
                ids = [row[0] for row in rows]
                db.execute(f"DELETE FROM article_sketch WHERE article_id IN ({','.join('?' * len(ids))})", ids)
                db.executemany(
                    "INSERT INTO article_sketch (hash, article_id) VALUES (?, ?)",
                    [(value, article_id) for article_id, body in rows for value in sketch(body)],
                )
                db.execute("UPDATE store_tasks SET progress = ? WHERE name = 'resketch'", (ids[-1],))
            else:
                db.execute("DELETE FROM store_tasks WHERE name = 'resketch'")
        except BaseException:
            db.rollback()
            raise
        db.commit()
        done += len(rows)
        if not rows:
            break
    if done:
        log.info("rebuilt the near-copy sketches of %d articles", done)


# --- end perf ---------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


CACHE_KIB = -65536  # perf: 64 MB of pages per connection: the article rows and hot index pages


def _configure(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: a crash loses no commit
    connection.execute(f"PRAGMA cache_size = {CACHE_KIB}")


async def _connect_reader(path: Path) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await connection.execute("PRAGMA foreign_keys = ON")
    await connection.execute(f"PRAGMA cache_size = {CACHE_KIB}")
    return connection


def _switch_to_wal(connection: sqlite3.Connection) -> Any:
    """``PRAGMA journal_mode = WAL``, retried: on a new file opened by several processes at once
    the switch can fail with "database is locked" without waiting for the busy timeout."""
    for attempt in range(_WRITE_RETRIES * 4):
        try:
            return connection.execute("PRAGMA journal_mode = WAL").fetchone()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == _WRITE_RETRIES * 4 - 1:
                raise
            time.sleep(0.02 + random.random() * 0.05)
    raise AssertionError("unreachable")


def _open_writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    _configure(connection)
    # schema step 10 keys the passages of stored sentences with the function new ones use
    connection.create_function("quotedesk_passage_key", 1, passage_key, deterministic=True)
    # schema step 11 recomputes alias keys with the function new aliases use
    connection.create_function("quotedesk_name_key", 1, name_key, deterministic=True)
    mode = _switch_to_wal(connection)
    if str(mode[0]).lower() != "wal":
        log.warning("could not switch %s to WAL mode (got %s)", path, mode[0])
    _migrate(connection)
    _resketch(connection)  # perf: after schema step 4 (a no-op once done)
    return connection


def _migrate(db: sqlite3.Connection) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"the database is at schema version {version}, newer than this QuoteDesk ({SCHEMA_VERSION}): upgrade QuoteDesk"
        )
    compact = False
    for number in range(version, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        if int(db.execute("PRAGMA user_version").fetchone()[0]) > number:
            db.rollback()  # another process upgraded it while we waited for the lock
            continue
        try:
            if number + 1 in VACUUM_AFTER and number > 0:
                compact = compact or db.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is not None
            # Statement by statement: ``executescript`` would COMMIT first and split the step.
            for statement in _split_sql(MIGRATIONS[number]):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            db.rollback()
            raise
        db.commit()
        log.info("database upgraded to schema version %d", number + 1)
    if compact:
        _vacuum(db)


def _vacuum(db: sqlite3.Connection) -> None:
    """Compact the file after an upgrade that rewrote tables in place. The upgrade stands either
    way: if another process holds the database open, the file just stays larger than it need be."""
    log.info("compacting the database after the upgrade (once; a large corpus takes a minute or two)")
    started = time.monotonic()
    try:
        db.execute("VACUUM")
    except sqlite3.OperationalError as error:
        log.warning("could not compact the database (%s): it works as it is; sqlite3's VACUUM reclaims the space", error)
        return
    log.info("compacted in %.1f s", time.monotonic() - started)


def _split_sql(script: str) -> list[str]:
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--"):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


async def open_store(path: Path | str) -> SqliteStore:
    """Open (creating and upgrading as needed) the database at ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(f"cannot create the folder for the database {path}: {error.strerror}") from error
    if path.is_dir():
        raise StoreUnavailable(f"the database path {path} is a folder: give a file name")
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotedesk-writer")
    try:
        connection = await asyncio.get_running_loop().run_in_executor(executor, _open_writer, path)
    except sqlite3.DatabaseError as error:
        executor.shutdown(wait=False)
        damaged = "malformed" in str(error) or "not a database" in str(error)
        hint = ": if it is QuoteDesk's, it is damaged; restore it from a backup" if damaged else ""
        raise StoreUnavailable(f"cannot open the database {path}: {error}{hint}") from error
    except BaseException:
        executor.shutdown(wait=False)
        raise
    writer = _Writer(connection, executor)
    try:
        reader = await _connect_reader(path)
    except BaseException:
        await writer.close()
        raise
    return SqliteStore(path, writer, reader)
