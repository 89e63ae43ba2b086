"""Bulk ingest at scale (issue #7): batched writes, worker processes, near-copy lookups, old sketches.

- a batch written in one transaction judges duplicates and near-copies against the articles of the
  batch before them, exactly as one article per transaction did;
- near-copies of the synthetic benchmark corpus are found at the same rate as before (all of them,
  no false ones), through the whole bulk path;
- the worker-process path stores exactly what the in-thread path stores, and falls back to the
  thread when processes cannot start;
- a database from before schema step 4 gets its near-copy sketches rebuilt on open;
- a hash found to be boilerplate is recorded for good: later sketches hold it without a lookup
  entry, and it is not looked up again, after a restart or once articles holding it are removed;
- what the writer remembers between batches (speakers, boilerplate sketch hashes) never outlives
  a change made elsewhere or a rollback, and its workers run below its own priority;
- only a batch keeps its statement journals in memory (its statements are bounded), and it writes
  the aliases of its article-local speakers in one statement at its end.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import os
import pickle
import sqlite3
import time
import weakref
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import bot.ingest as ingest_module
import bot.storage.sqlite as sqlite_module
from bench.corpus import write_corpus
from bot.engine import QuoteDesk
from bot.fingerprint import SKETCH_COMMON, sketch
from bot.ingest import IngestOptions, Ingestor, prepare
from bot.parsing import detect_format
from bot.storage import Scope, open_store
from bot.storage.migrations import MIGRATIONS
from bot.storage.sqlite import NewArticle, _split_sql
from tests.conftest import SEEDS, make_settings

ALL = Scope.all()
CORPUS = 260  # bench corpus articles: ~10% near-copies, every one of them of an earlier original


def _prepared(text: str, source: str, outlet: str | None = None):
    return prepare(text, "text", source, IngestOptions(outlet=outlet))


async def test_one_batch_judges_duplicates_and_near_copies_inside_the_batch(empty_desk):
    seed = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    edited = seed.replace("AFP contributed reporting.", "Reuters contributed reporting to this story.")
    other = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    batch = [
        _prepared(seed, "original.txt"),
        _prepared(seed.replace("\n\n", "\n  \n"), "same-text.txt"),  # an exact duplicate
        _prepared(edited, "syndicated.txt", outlet="Other Outlet"),  # a near-copy
        _prepared(other, "unrelated.txt"),
    ]
    results = await empty_desk.ingestor._store_batch(batch)
    assert [r.status for r in results] == ["added", "duplicate", "copy", "added"]
    original = results[0].article_id
    assert results[1].duplicate_of == original and results[1].message == f"already in the corpus as #{original}"
    assert results[2].duplicate_of == original
    assert (await empty_desk.store.get_article(results[2].article_id, Scope.all())).copy_of == original
    assert (await empty_desk.stats(Scope.all()))["articles"] == 3
    # A second batch sees the first one as corpus.
    again = await empty_desk.ingestor._store_batch([_prepared(other, "again.txt")])
    assert again[0].status == "duplicate" and again[0].duplicate_of == results[3].article_id


_SMITHS = [
    "“We will build it,” Jane Smith, the mayor, said on Monday.",
    "“The budget holds,” Smith said.",
    "“Not on my watch,” John Smith, a councillor, said on Tuesday.",
    "“The vote is close,” Smith said.",  # two full-name Smiths now: no telling which one
    "“We will build it,” Jane Smith, the mayor, said again.",
]


async def _speakers_by_source(desk) -> dict[str, list[tuple[int | None, str]]]:
    out = {}
    for article in await desk.articles(Scope.all()):
        quotes = await desk.store.article_quotes(article.id)
        out[article.source] = [(q.speaker.id if q.speaker else None, q.text) for q in quotes]
    return out


async def test_a_batch_resolves_speakers_as_one_article_at_a_time_does(tmp_path):
    """Speakers resolved earlier in a batch are reused only while no speaker changed since: the
    second "Smith" has two full-name Smiths to choose from, and gets a speaker of its own."""
    prepared = [
        _prepared(f"Town hall, day {n}\n\nThe council met about the new bridge.\n\n{text}", f"{n}.txt")
        for n, text in enumerate(_SMITHS)
    ]
    answers = []
    for per_article in (False, True):
        folder = tmp_path / str(per_article)
        folder.mkdir()
        desk = await QuoteDesk.open(make_settings(folder, seed_dir=""))
        try:
            if per_article:
                for article in prepared:
                    await desk.ingestor._store_batch([article])
            else:
                await desk.ingestor._store_batch(prepared)
            answers.append(await _speakers_by_source(desk))
        finally:
            await desk.close()
    assert answers[0] == answers[1]
    by_source = answers[0]
    jane, bare, john, bare_again, jane_again = (by_source[f"{n}.txt"][0][0] for n in range(5))
    assert bare == jane and jane_again == jane  # the only Smith yet; the same mayor
    assert len({jane, john, bare_again}) == 3


def _writer_fails_at(source: str, store, monkeypatch) -> None:
    """The store's writer raises when it reaches the article ``source``."""
    original = store._insert_article

    def insert(db, article, copy_of, rows):
        if article.source == source:
            raise sqlite3.IntegrityError("boom")
        return original(db, article, copy_of, rows)

    monkeypatch.setattr(store, "_insert_article", insert)


async def test_a_failing_article_keeps_the_batch_before_it(empty_desk, monkeypatch):
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))[:3]]
    batch = [_prepared(text, f"{n}.txt") for n, text in enumerate(texts)]
    _writer_fails_at("1.txt", empty_desk.store, monkeypatch)
    with pytest.raises(sqlite3.IntegrityError):
        await empty_desk.ingestor._store_batch(batch)
    listed = await empty_desk.articles(Scope.all())
    assert [a.source for a in listed] == ["0.txt"]  # before the failure: kept; after it: not tried


def _town_hall(n: int, text: str):
    return _prepared(f"Town hall, day {n}\n\nThe council met about the new bridge.\n\n{text}", f"{n}.txt")


async def _first_speaker(store, article_id: int) -> int:
    return (await store.article_quotes(article_id))[0].speaker.id


@pytest.mark.parametrize("moderator", ["this store", "another connection"])
async def test_a_batch_sees_a_merge_made_since_the_batch_before(tmp_path, moderator):
    # The writer keeps what it read about speakers from one batch to the next (perf), so a
    # moderator's merge in between, through it or another connection (another process, say), must
    # still hold for the next one.
    settings = make_settings(tmp_path, seed_dir="")
    desk = await QuoteDesk.open(settings)
    try:
        first = await desk.ingestor._store_batch([_town_hall(0, _SMITHS[0]), _town_hall(1, _SMITHS[2])])
        jane, john = [await _first_speaker(desk.store, r.article_id) for r in first]
        assert jane != john
        store = desk.store if moderator == "this store" else await open_store(settings.database_path)
        await store.merge_speakers(jane, john, ALL, actor="test", at="2026-12-06T00:00:00+00:00", guild_id=None)
        if store is not desk.store:
            await store.close()
        again = "“The vote is close,” John Smith, a councillor, said on Friday."
        [later] = await desk.ingestor._store_batch([_town_hall(2, again)])
        assert await _first_speaker(desk.store, later.article_id) == jane  # the name is pinned to her
    finally:
        await desk.close()


async def test_a_merge_queued_behind_a_cancelled_batch_still_holds_for_the_next_one(empty_desk, monkeypatch):
    # Cancelling a load does not stop the transaction already on the writer thread: a moderator's
    # merge queued behind it must still be what the next batch sees.
    store = empty_desk.store
    first = await store.add_articles([_town_hall(0, _SMITHS[0]).new, _town_hall(1, _SMITHS[2]).new])
    jane, john = [await _first_speaker(store, stored.article_id) for stored in first]
    original = store._insert_article

    def slow_insert(db, article, copy_of, rows):
        time.sleep(0.3)  # on the writer thread
        return original(db, article, copy_of, rows)

    monkeypatch.setattr(store, "_insert_article", slow_insert)
    loading = asyncio.ensure_future(store.add_articles([_town_hall(2, _SMITHS[2].replace("Tuesday", "Wednesday")).new]))
    await asyncio.sleep(0.1)
    loading.cancel()
    await store.merge_speakers(jane, john, ALL, actor="test", at="2026-12-06T00:00:00+00:00", guild_id=None)
    monkeypatch.undo()
    again = "“The vote is close,” John Smith, a councillor, said on Friday."
    [later] = await store.add_articles([_town_hall(3, again).new])
    assert await _first_speaker(store, later.article_id) == jane


async def test_a_speaker_recreated_in_a_batch_after_a_replacement_keeps_its_names(empty_desk):
    # A new version of an article (same URL) that no longer quotes someone deletes that speaker;
    # the next new speaker may get the same id, and must still get its aliases written.
    jane = "“We will build it,” Jane Doe, the mayor, said on Monday."
    versions = [
        prepare(f"Town hall\n\nThe council met about the new bridge.\n\n{text}", "text", f"{n}.txt",
                IngestOptions(url="https://example.org/town-hall")).new
        for n, text in enumerate([jane, "The meeting was adjourned."])
    ]
    batch = [*versions, _town_hall(2, jane.replace("Monday", "Tuesday")).new]
    stored = await empty_desk.store.add_articles(batch)
    [later] = await empty_desk.store.add_articles([_town_hall(3, jane.replace("Monday", "Friday")).new])
    assert await _first_speaker(empty_desk.store, later.article_id) == await _first_speaker(
        empty_desk.store, stored[2].article_id
    )


async def test_a_batch_that_rolls_back_keeps_nothing_it_read(empty_desk, monkeypatch):
    store = empty_desk.store
    _writer_fails_at("2.txt", store, monkeypatch)
    with pytest.raises(sqlite3.IntegrityError):
        await store.add_articles([_town_hall(n, _SMITHS[n]).new for n in range(3)])
    assert len(store._lookups) == 0  # its speakers are gone: so is what it read about them
    monkeypatch.undo()
    stored = await store.add_articles([_town_hall(n, _SMITHS[n]).new for n in range(3)])
    assert len(store._lookups) > 0 and [s.duplicate for s in stored] == [True, True, False]


async def test_a_batch_keeps_its_statement_journals_in_memory_and_other_writes_do_not(empty_desk, monkeypatch):
    # A batch's statements each insert a bounded number of rows, so the pages they may have to
    # restore are kept in memory, not written to a temporary file; a moderator's write may delete a
    # guild's whole corpus in one statement, so its journal must be free to spill to disk.
    store = empty_desk.store
    temp_store_while_writing: list[int] = []
    insert_article = store._insert_article

    def watched(db, article, copy_of, rows):
        temp_store_while_writing.append(db.execute("PRAGMA temp_store").fetchone()[0])
        return insert_article(db, article, copy_of, rows)

    monkeypatch.setattr(store, "_insert_article", watched)
    [stored] = await store.add_articles([_bare_article(1, [1, 2, 3])])
    await store.remove_article(stored.article_id, ALL)  # a write other than a batch
    [again] = await store.add_articles([_bare_article(2, [4, 5, 6])])
    memory, default = 2, 0
    assert temp_store_while_writing == [memory, memory]
    assert await store._writer.run(lambda db: db.execute("PRAGMA temp_store").fetchone()[0]) == memory
    await store.remove_article(again.article_id, ALL)
    assert await store._writer.run(lambda db: db.execute("PRAGMA temp_store").fetchone()[0]) == default


def _bare_article(n: int, sketch: list[int]) -> NewArticle:
    return NewArticle(
        source=f"{n}.txt", title=None, outlet=None, date=None, url=None, guild_id=None,
        content_hash=f"hash {n}", body=f"article {n}", sketch=sketch, copy_of=None, sentences=[], quotes=[],
    )


def _sketch_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sketch hashes whose holders the writer reads from now on, in order."""
    looked_up: list[int] = []
    holders_sql = sqlite_module._holders_sql

    def recording(hashes):
        looked_up.extend(hashes)
        return holders_sql(hashes)

    monkeypatch.setattr(sqlite_module, "_holders_sql", recording)
    return looked_up


async def test_boilerplate_sketch_hashes_count_for_nothing_and_are_not_looked_up_again(empty_desk, monkeypatch):
    # A hash held by more than SKETCH_COMMON articles is page furniture, not a story: it is never
    # counted as shared, and once the writer has seen that, it does not read its holders again.
    store = empty_desk.store
    furniture = 7
    await store.add_articles([_bare_article(n, [furniture, 1000 + n]) for n in range(SKETCH_COMMON + 1)])
    looked_up = _sketch_lookups(monkeypatch)
    same_story = lambda article, body: True  # every candidate would be a near-copy  # noqa: E731
    sketch = [furniture, 1000, 1001, 2000, 2001]  # furniture, two of the stored articles' own, two new
    first, again = await store.add_articles([_bare_article(100, sketch), _bare_article(101, sketch)], same_story)
    assert first.copy_of is None  # one rare hash shared with each stored article: not enough
    assert again.copy_of == first.article_id  # shares the four rare ones with the first
    assert looked_up.count(furniture) == 1 and looked_up.count(1000) == 2


async def test_boilerplate_is_recorded_once_and_leaves_the_lookup_index(tmp_path, monkeypatch):
    # Once found held by more than SKETCH_COMMON articles, a hash is recorded as boilerplate: the
    # articles stored after it hold it in their sketches without a lookup entry, a writer that
    # starts afresh (a restart, another process) does not look it up again, and removing articles
    # does not make it count again.
    path = tmp_path / "corpus.db"
    furniture = 7
    store = await open_store(path)
    try:
        await store.add_articles([_bare_article(n, [furniture, 1000 + n]) for n in range(SKETCH_COMMON + 1)])
        same_story = lambda article, body: True  # every candidate would be a near-copy  # noqa: E731
        await store.add_articles([_bare_article(100, [furniture, 2000, 2001, 2002])], same_story)
        await store.add_articles([_bare_article(101, [furniture, 3000])], same_story)
        flags = await store._all("SELECT article_id, boilerplate FROM article_sketch WHERE hash = ? ORDER BY article_id", (furniture,))
        assert await store._all("SELECT hash FROM sketch_boilerplate") == [(furniture,)]
        # held before the lookup that found it (one entry each), and from that lookup on (none)
        assert [flag for _, flag in flags] == [0] * (SKETCH_COMMON + 1) + [1, 1]
        indexed = await store._all("SELECT count(*) FROM article_sketch INDEXED BY article_sketch_lookup WHERE hash = ? AND boilerplate = 0", (furniture,))
        assert indexed == [(SKETCH_COMMON + 1,)]
        # sketches are still compared whole
        assert await store._all("SELECT hash FROM article_sketch WHERE article_id = ? ORDER BY hash", (flags[-1][0],)) == [(furniture,), (3000,)]
        for article_id, _ in flags[:-2]:
            await store.remove_article(article_id, ALL)
    finally:
        await store.close()

    looked_up = _sketch_lookups(monkeypatch)
    store = await open_store(path)
    try:
        # only the two articles stored after the lookup still hold it, and it is still boilerplate
        stored = await store.add_articles([_bare_article(200, [furniture, 2000, 2001, 2002])], lambda a, b: True)
        assert furniture not in looked_up and sorted(looked_up) == [2000, 2001, 2002]
        assert stored[0].copy_of is not None  # the rare hashes it shares with article 100 still count
        candidates = await store.near_copy_candidates([furniture, 3000, 9999], ALL)
        assert candidates == []  # furniture is not counted, and 3000 alone is too few
    finally:
        await store.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bench-corpus") / "c"
    write_corpus(folder, CORPUS, seed=5)
    return folder


def _truth(folder: Path) -> dict[str, str | None]:
    from bench.corpus import generate_corpus

    return {a.file: a.copy_of for a in generate_corpus(CORPUS, seed=5)}


async def _ingest(tmp_path: Path, folder: Path, workers: int) -> tuple[Path, list]:
    settings = make_settings(tmp_path, seed_dir="")
    desk = await QuoteDesk.open(settings)
    desk.ingestor.workers = workers
    try:
        results = await desk.ingest_paths([folder])
    finally:
        await desk.close()
    return settings.database_path, results


def _content(db: Path) -> dict[str, list]:
    """Everything stored, ingest times aside."""
    connection = sqlite3.connect(db)
    try:
        return {
            "articles": connection.execute(
                """SELECT id, source, title, outlet, date, url, guild_id, content_hash, copy_of, body
                   FROM articles JOIN article_bodies ON article_id = id ORDER BY id"""
            ).fetchall(),
            "sketch": connection.execute("SELECT article_id, hash FROM article_sketch ORDER BY rowid").fetchall(),
            "sentences": connection.execute("SELECT * FROM sentences ORDER BY id").fetchall(),
            "quotes": connection.execute("SELECT * FROM quotes ORDER BY id").fetchall(),
            "speakers": connection.execute("SELECT * FROM speakers ORDER BY id").fetchall(),
            "aliases": connection.execute("SELECT * FROM speaker_aliases ORDER BY speaker_id, norm").fetchall(),
            "terms": connection.execute("SELECT * FROM quote_terms ORDER BY id").fetchall(),
        }
    finally:
        connection.close()


async def test_a_speaker_met_again_in_a_batch_keeps_the_other_spellings_of_each_article(empty_desk):
    first, again, third = (
        _prepared(f"Town hall, day {n}\n\nThe council met about the new bridge.\n\n{_SMITHS[k]}", f"{n}.txt")
        for n, k in ((0, 0), (1, 4), (2, 4))
    )
    (quote, *_rest), = third.new.quotes
    quote.speaker.aliases.append("Janie Smith")  # the third article also spells her name so
    await empty_desk.ingestor._store_batch([first, again, third])
    found = await empty_desk.store.speakers_by_alias("janie smith", ALL)
    assert [speaker.name for speaker, _ in found] == ["Jane Smith"]


async def test_a_batch_inserts_its_unnamed_speakers_aliases_together_at_its_end(empty_desk):
    # "one official" is a speaker of its own article, never looked up by name, so a batch writes the
    # aliases of all such speakers in one statement at its end instead of one statement (and one
    # full-text index segment) per speaker; they are stored, marked local, all the same
    stories = [
        _prepared(f"Port strike, day {n}\n\nThe dockers walked out again.\n\n"
                  f"\u201cThe talks have stalled,\u201d one official said on day {n}.", f"{n}.txt")
        for n in range(6)
    ]
    statements: list[str] = []  # what the writer ran, in order (a trigger's work repeats its statement)

    def watch(db):
        db.set_trace_callback(statements.append)

    await empty_desk.store._writer.run(watch)
    try:
        await empty_desk.ingestor._store_batch(stories)
    finally:
        await empty_desk.store._writer.run(lambda db: db.set_trace_callback(None))
    alias_inserts = [i for i, sql in enumerate(statements) if "INTO speaker_aliases (" in sql]
    last_article = max(i for i, sql in enumerate(statements) if "INTO articles (" in sql)
    assert alias_inserts and min(alias_inserts) > last_article
    assert len({statements[i] for i in alias_inserts}) < len(stories)  # a few multi-row statements
    rows = await empty_desk.store._all(
        """SELECT s.article_id, al.alias, al.local FROM speaker_aliases al JOIN speakers s ON s.id = al.speaker_id
           ORDER BY s.article_id"""
    )
    assert [(article_id, local) for article_id, _, local in rows] == [(n, 1) for n in range(1, 7)]
    assert {alias for _, alias, _ in rows} == {"one official"}


async def test_batches_store_exactly_what_one_article_per_transaction_stores(tmp_path, corpus):
    """Speakers resolved earlier in a batch are reused: every speaker, alias and quote row is the
    same as when each article is stored in a transaction of its own."""
    files = sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".html"))
    prepared = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        prepared.append(prepare(text, detect_format(path.name, text), path.name, IngestOptions()))
    databases = []
    for batch_size in (len(prepared), 1):
        settings = make_settings(tmp_path / str(batch_size), seed_dir="")
        desk = await QuoteDesk.open(settings)
        try:
            for i in range(0, len(prepared), batch_size):
                await desk.ingestor._store_batch(prepared[i : i + batch_size])
        finally:
            await desk.close()
        databases.append(settings.database_path)
    batched, single = (_content(db) for db in databases)
    assert len(batched["speakers"]) > 100 and batched == single


async def test_worker_processes_store_exactly_what_the_thread_stores(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(ingest_module, "POOL_MIN_FILES", 2)
    pooled_db, pooled = await _ingest(tmp_path / "pool", corpus, workers=2)
    threaded_db, threaded = await _ingest(tmp_path / "thread", corpus, workers=1)
    assert [(r.source, r.status, r.article_id, r.duplicate_of, r.quotes) for r in pooled] == [
        (r.source, r.status, r.article_id, r.duplicate_of, r.quotes) for r in threaded
    ]
    assert _content(pooled_db) == _content(threaded_db)
    # Near-copies found at the same rate as before the sketch changed: every one, and nothing else.
    truth = _truth(corpus)
    by_source = {r.source: r for r in pooled}
    ids = {r.article_id: r.source for r in pooled}
    copies = {name for name, original in truth.items() if original}
    assert len(copies) >= 15
    assert {name for name, r in by_source.items() if r.status == "copy"} == copies
    for name in copies:
        assert ids[by_source[name].duplicate_of] == truth[name]


async def test_a_bulk_load_pauses_the_cyclic_collector_and_gives_it_back(tmp_path, corpus, monkeypatch):
    collecting: list[bool] = []
    store_batch = Ingestor._store_batch

    async def watched_writer(self, batch):
        collecting.append(gc.isenabled())
        return await store_batch(self, batch)

    monkeypatch.setattr(Ingestor, "_store_batch", watched_writer)
    await _ingest(tmp_path / "load", corpus, workers=1)
    assert collecting and not any(collecting) and gc.isenabled()

    async def failing_writer(self, batch):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Ingestor, "_store_batch", failing_writer)
    with pytest.raises(sqlite3.OperationalError):
        await _ingest(tmp_path / "failing", corpus, workers=1)
    assert gc.isenabled()


async def test_a_bulk_load_collects_the_young_generations_every_few_batches(tmp_path, corpus, monkeypatch):
    # A batch leaves no cycles behind, and a collection walks whatever is in flight however long
    # ago the one before ran: one every COLLECT_EVERY batches.
    batches: list[int] = []
    collections: list[int] = []
    store_batch = Ingestor._store_batch
    collect = gc.collect

    async def counted_writer(self, batch):
        batches.append(len(batch))
        return await store_batch(self, batch)

    def counted_collect(generation=2):
        collections.append(generation)
        return collect(generation)

    monkeypatch.setattr(Ingestor, "_store_batch", counted_writer)
    monkeypatch.setattr(ingest_module, "BATCH_MAX", 10)
    monkeypatch.setattr(ingest_module, "COLLECT_EVERY", 3)
    monkeypatch.setattr(gc, "collect", counted_collect)
    _, results = await _ingest(tmp_path / "load", corpus, workers=1)
    assert len(results) == CORPUS and len(batches) >= 6
    assert collections.count(1) == len(batches) // 3


async def test_workers_prepare_a_whole_batch_ahead_of_a_busy_writer(tmp_path, corpus, monkeypatch):
    # The writer's cost per article falls with the batch size (one commit and one new segment per
    # full-text index per transaction), so while it writes, the workers fill the next batch.
    monkeypatch.setattr(ingest_module, "POOL_MIN_FILES", 2)
    sizes: list[int] = []
    store_batch = Ingestor._store_batch

    async def slow_writer(self, batch):
        sizes.append(len(batch))
        await asyncio.sleep(0.5)  # a writer busy with a large database
        return await store_batch(self, batch)

    monkeypatch.setattr(Ingestor, "_store_batch", slow_writer)
    _, results = await _ingest(tmp_path, corpus, workers=2)
    assert len(results) == CORPUS and sum(sizes) == CORPUS - sum(r.status == "error" for r in results)
    assert max(sizes) > 4 * 2  # before, at most four files per worker were in flight
    assert max(sizes) <= ingest_module.BATCH_MAX


async def test_a_writer_faster_than_the_workers_still_writes_full_batches(tmp_path, corpus, monkeypatch):
    # perf: each transaction rewrites every index page its rows land on, so the writer waits for a
    # whole batch rather than writing whatever the workers have finished (at 100k it wrote
    # batches of ~300 of 512, and took ~0.4 ms more CPU per article)
    monkeypatch.setattr(ingest_module, "POOL_MIN_FILES", 2)
    monkeypatch.setattr(ingest_module, "BATCH_MAX", 64)
    submit = ingest_module._Preparer.submit

    def slow_workers(self, jobs):
        prepared = submit(self, jobs)

        async def late():
            await asyncio.sleep(0.02)  # results come back late: the writer is always ahead of the workers
            return await prepared

        return asyncio.ensure_future(late())

    sizes: list[int] = []
    store_batch = Ingestor._store_batch

    async def counted(self, batch):
        sizes.append(len(batch))
        return await store_batch(self, batch)

    monkeypatch.setattr(ingest_module._Preparer, "submit", slow_workers)
    monkeypatch.setattr(Ingestor, "_store_batch", counted)
    _, results = await _ingest(tmp_path, corpus, workers=2)
    errors = sum(r.status == "error" for r in results)
    assert sum(sizes) == CORPUS - errors
    # chunks of 16 files (less the files that fail to parse) fill batches of 64 until the last
    assert min(sizes[:-1]) >= 64 - errors and len(sizes) == -(-CORPUS // 64)


async def test_workers_take_files_in_chunks_and_the_results_keep_the_folders_order(tmp_path, corpus, monkeypatch):
    # perf: each task costs the pool a round trip through its queues and threads, so a worker
    # takes several files per task; the results still come back one per file, in order
    monkeypatch.setattr(ingest_module, "POOL_MIN_FILES", 2)
    chunks: list[list[str]] = []
    submit = ingest_module._Preparer.submit

    def counted(self, jobs):
        chunks.append([path.name for path, _ in jobs])
        return submit(self, jobs)

    monkeypatch.setattr(ingest_module._Preparer, "submit", counted)
    _, results = await _ingest(tmp_path, corpus, workers=2)
    files = sorted(p.name for p in corpus.iterdir() if p.suffix in ingest_module.ARTICLE_SUFFIXES)
    assert [name for chunk in chunks for name in chunk] == files == [r.source for r in results]
    assert max(map(len, chunks)) == ingest_module.CHUNK_MAX


def test_only_worker_processes_wait_for_a_full_batch():
    # a thread prepares four files ahead: waiting for a whole batch would only delay a small load's writes
    with ingest_module._Preparer(2, 1000, files=1000) as pool, ingest_module._Preparer(1, 1000, files=1000) as thread:
        assert pool.fills_batches and not thread.fills_batches


def test_a_small_load_still_gives_every_worker_several_tasks():
    with ingest_module._Preparer(2, 1000, files=40) as few, ingest_module._Preparer(2, 1000, files=90_000) as many:
        assert (few.chunk, many.chunk) == (2, ingest_module.CHUNK_MAX)
    with ingest_module._Preparer(1, 1000, files=90_000) as thread:  # one file at a time in the thread
        assert thread.chunk == 1


def _niceness() -> int:
    return os.nice(0)


@pytest.mark.skipif(
    not hasattr(os, "nice"), reason="os.nice exists only on POSIX; elsewhere workers keep the parent's priority"
)
def test_worker_processes_run_below_the_parents_priority():
    # The parent's writer is the serial stage of a load, and its event loop answers questions
    # meanwhile: the workers take only the CPU it leaves.
    ours = os.nice(0)
    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=ingest_module._worker_init
    ) as pool:
        theirs = pool.submit(_niceness).result(timeout=60)
    assert theirs == min(19, ours + ingest_module.WORKER_NICENESS) > ours


def _collector_state(tasks: int) -> tuple[bool, int, bool]:
    for _ in range(tasks):
        ingest_module.prepare_files([], 1000)
    collector = ingest_module._task_collector
    return gc.isenabled(), collector.tasks if collector else -1, gc.get_freeze_count() > 0


def test_a_worker_process_collects_its_garbage_between_tasks_not_automatically():
    # Preparing an article makes thousands of short-lived objects: the automatic collector would
    # run every few hundred, and now and then over everything the worker holds.
    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=ingest_module._worker_init
    ) as pool:
        # what the worker holds once loaded (the lexicon's tables) is frozen, out of every collection
        assert pool.submit(_collector_state, 0).result(timeout=60) == (False, 0, True)
        assert pool.submit(_collector_state, 2).result(timeout=60) == (False, 2, True)
    # a load prepared in a thread leaves the parent's collector alone
    assert ingest_module._task_collector is None and gc.isenabled() and gc.get_freeze_count() == 0


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def _cycle_left_by_a_task() -> bool:
    ingest_module.prepare_files([], 1000)
    ref = weakref.ref(_Cycle())  # garbage that only the cyclic collector can free
    alive_until_the_next_task = ref() is not None
    ingest_module.prepare_files([], 1000)  # the next task starts with a collection
    return alive_until_the_next_task and ref() is None


def test_a_worker_frees_a_task_s_cycles_when_the_next_task_starts():
    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=ingest_module._worker_init
    ) as pool:
        assert pool.submit(_cycle_left_by_a_task).result(timeout=60)


def test_a_prepared_article_survives_the_trip_from_a_worker():
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8")
    prepared = _prepared(text, "001.txt", outlet="Outlet")
    again = pickle.loads(pickle.dumps(prepared))
    assert again == prepared and again.new.quotes[0][0].speaker == prepared.new.quotes[0][0].speaker
    assert type(again.new.quotes[0][0]) is type(prepared.new.quotes[0][0])


async def test_no_worker_processes_falls_back_to_a_thread(tmp_path, corpus, monkeypatch):
    monkeypatch.setattr(ingest_module, "POOL_MIN_FILES", 2)

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(ingest_module, "ProcessPoolExecutor", refuse)
    db, results = await _ingest(tmp_path, corpus, workers=2)
    assert len(results) == CORPUS and not [r for r in results if r.status == "error"]


async def test_a_database_from_before_step_4_gets_new_sketches(tmp_path):
    path = tmp_path / "old.db"
    seed = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    # An older QuoteDesk (schema 3) stored the seed with a sketch of 3-word shingles.
    article = _prepared(seed, "old.txt").new
    connection = sqlite3.connect(path)
    for step in MIGRATIONS[:3]:
        for statement in _split_sql(step):
            connection.execute(statement)
    connection.execute("PRAGMA user_version = 3")
    cursor = connection.execute(
        "INSERT INTO articles (source, title, ingested_at, content_hash, body) VALUES ('old.txt', 'Old', '2025-01-01', ?, ?)",
        (article.content_hash, article.body),
    )
    connection.executemany(
        "INSERT INTO article_sketch (hash, article_id) VALUES (?, ?)", [(h, cursor.lastrowid) for h in range(16)]
    )
    connection.commit()
    connection.close()

    store = await open_store(path)
    try:
        rows = await store._all("SELECT hash FROM article_sketch WHERE article_id = 1 ORDER BY hash")
        assert [r[0] for r in rows] == sorted(sketch(article.body))
        assert await store._all("SELECT * FROM store_tasks") == []
        edited = seed.replace("AFP contributed reporting.", "Reuters contributed reporting to this story.")
        result = await Ingestor(store).ingest_text(edited, "syndicated.txt", IngestOptions(outlet="Other"))
        assert result.status == "copy" and result.duplicate_of == 1
    finally:
        await store.close()


async def test_near_copy_candidates_keep_their_signature(empty_desk):
    seed = next(SEEDS.glob("004_*.txt")).read_text(encoding="utf-8")
    first = await empty_desk.ingest_text(seed, "a.txt")
    edited = _prepared(seed.replace("AFP contributed reporting.", "Reuters contributed reporting."), "b.txt")
    found = await empty_desk.store.near_copy_candidates(edited.new.sketch, Scope.all(), 3)
    assert [article_id for article_id, _ in found] == [first.article_id]
    assert found[0][1][:40] == edited.parsed.body[:40]


# --- crash safety of the worker-process path -------------------------------------------------------

POOL_KILLS = 4


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_sigkill_during_a_pooled_ingest_leaves_a_whole_database_and_no_workers(tmp_path):
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT
    from tests.test_crash_safety import check_whole, count

    folder = tmp_path / "bulk"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):  # 80 files: over POOL_MIN_FILES, so worker processes
        text = seed.read_text(encoding="utf-8")
        for copy in range(16):
            (folder / f"{copy:02d}_{seed.name}").write_text(f"Edition {copy} of {seed.stem}\n{text}", encoding="utf-8")
    total = len(list(folder.iterdir()))
    assert total >= ingest_module.POOL_MIN_FILES
    db = tmp_path / "crash.db"
    env = {**os.environ, "SEED_DIR": "", "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    command = [sys.executable, "-m", "bot", "--db", str(db), "ingest", str(folder)]
    rng = random.Random(7)
    workers_seen = 0
    for _ in range(POOL_KILLS):
        before = count(db)
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = min(before + rng.randint(3, 12), total - 1)
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while count(db) < target and process.poll() is None and time.monotonic() < deadline:
            workers |= _children(process.pid)
            time.sleep(0.005)
        workers |= _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        workers_seen += len(workers)
        check_whole(db)
        assert count(db) >= before
        gone_by = time.monotonic() + 15  # orphaned workers notice the closed pipe and exit
        while any(Path(f"/proc/{pid}").exists() and _is_running(pid) for pid in workers) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and _is_running(pid)]
    assert workers_seen > 0  # the kills really hit a pooled ingest
    finished = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180)
    assert finished.returncode == 0, finished.stderr
    check_whole(db)
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == total
        assert connection.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0] == total
    finally:
        connection.close()


def _is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited (its parent is gone, init reaps it)
