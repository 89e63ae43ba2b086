"""Ingest: from bytes, text, files, folders or URLs to a stored article with its quotes.

Parsing and extraction are CPU work and run in a worker thread, so a bot stays responsive while a
moderator loads a long article. A bulk load (a folder, many files) prepares articles in worker
processes, one per core, while the store writes the finished ones in batches, one transaction per
batch. Duplicates and near-copies are recognised inside the write transaction, against the corpus
and the articles of the batch before them.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import stat
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from datetime import datetime, timezone
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from bot.decoding import InputError, check_size, decode_bytes
from bot.extraction import read_quotes
from bot.fingerprint import content_hash_of, same_story, shingles, sketch_of, text_key
from bot.fingerprint import words as fingerprint_words
from bot.fts import stems, topic_line
from bot.lexicon import index_text
from bot.manifest import MANIFEST_NAMES, Manifest, load_manifest
from bot.memo import Memo
from bot.metadata import OUTLET_MAX, TITLE_MAX, clean_label, is_web_address, normalize_date
from bot.models import ExtractedQuote, IngestResult, ParsedArticle, pickled_by_fields
from bot.parsing import Format, detect_format, parse_article
from bot.sentences import sentence_spans
from bot.storage import Store
from bot.storage.sqlite import NewArticle, Stored

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
POOL_MIN_FILES = 64  # fewer files are prepared in a thread: starting processes costs ~0.3 s
WORKER_NICENESS = 10  # worker processes run this much below the parent's priority (see _worker_init)
# Articles per write transaction in a bulk load: about 3 s of the write lock at 100k articles.
# perf: most index entries an article adds land on random pages (sketch hashes, speaker ids;
# statement keys and passages too before schema step 14), and each dirty page is written whole
# to the WAL and again at the checkpoint; a larger batch puts more entries on each page. The writer alone at 100k: 5.0 ms/article at 128,
# 4.0 at 512, 3.7 at 1024. End to end (6,000 articles into the 100k database, four alternating
# pairs), the loading process took 3.34 ms of CPU per article at 512 and 2.89 at 1,024, for
# ~80 MB more memory (the batch waiting in the window); 2,048 gained nothing more for 150 MB.
BATCH_MAX = 1024
_WRITTEN = frozenset({"added", "copy", "updated"})  # what a load stored (not duplicates, errors or skips)
MERGE_SHARE = 4  # a load of at least 1 / MERGE_SHARE of the articles stored merges the full-text indexes
# Files per task sent to a worker process. perf: each task costs the pool a round trip of its own
# (a call pickled and queued, a result read by the pool's thread, a future set and handed to the
# event loop). Storing 4,500 articles into the 100k database, six alternating pairs: the parent's
# event loop and pool threads took 0.80 ms of CPU per article with a task per file, 0.33 with
# chunks of 16; 183 -> 193 articles/s on average.
CHUNK_MAX = 16


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Metadata given by the person loading the article: it overrides what the text says."""

    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    guild_id: int | None = None
    actor: str = "cli"  # who loads it, for the history ("seeds", "cli", a Discord user)

    def validated(self) -> "IngestOptions":
        if self.date and normalize_date(self.date) is None:
            raise InputError(f"'{self.date}' is not a date: use YYYY-MM-DD")
        if self.url and not is_web_address(self.url):
            raise InputError(f"'{self.url[:80]}' is not a web address (http:// or https://)")
        return replace(self, date=normalize_date(self.date) if self.date else None)


@pickled_by_fields
@dataclass(slots=True)
class Prepared:
    """Everything about an article that needs no database: parsed, fingerprinted, extracted."""

    parsed: ParsedArticle
    new: NewArticle
    seconds: float = 0.0  # CPU time prepare() took (the benchmark's breakdown)
    unread_from: int | None = None  # see AnalysedText


@dataclass(slots=True)
class AnalysedText:
    """What extraction and indexing make of a clean body: the part a reindex redoes."""

    sentences: list[tuple[int, str, str]]  # (position, text, search_text)
    quotes: list[tuple[ExtractedQuote, str, str, str]]  # (quote, search_text, text_key, topic words)
    quote_terms: list[str]
    unread_from: int | None = None  # where extraction stopped in a text past its limits (see read_quotes)


def analyse(body: str) -> AnalysedText:
    """Sentences, attributed quotes and their index forms (pure CPU work, safe in a thread)."""
    sentences = _index_sentences(body)
    quotes = []
    terms: set[str] = set()
    extracted, unread_from = read_quotes(body)
    for quote in extracted:
        search_text, own, key = _quote_forms[quote.text]
        context = _sentence_stems[_search_texts[quote.sentence]]
        quotes.append((quote, search_text, key, topic_line(own | context)))
        terms |= own
    return AnalysedText(sentences, quotes, sorted(terms), unread_from)


def _forms_of_quote(text: str) -> tuple[str, frozenset[str], str]:
    """A statement's index text, its stems (for its topic words and the article's terms) and its
    text_key."""
    search_text = index_text(text)
    return search_text, frozenset(stems(search_text)), text_key(text)


# perf: a worker indexes a sentence or a statement it met recently once (see bot.memo). Over the
# benchmark's corpus, in one process, about four statements in five and half the sentences are
# found in these memos; real news repeats itself less, so it gains less.
_search_texts: Memo[str, str] = Memo(index_text, 16384)
_sentence_stems: Memo[str, frozenset[str]] = Memo(lambda search_text: frozenset(stems(search_text)), 16384)
_quote_forms: Memo[str, tuple[str, frozenset[str], str]] = Memo(_forms_of_quote, 16384)


def _index_sentences(body: str) -> list[tuple[int, str, str]]:
    """The body's sentences as (position, text, search_text)."""
    sentences = []
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        sentences.append((start, sentence, _search_texts[sentence]))
    return sentences


def prepare(text: str, fmt: Format, source: str, options: IngestOptions) -> Prepared:
    """Parse, extract and fingerprint one article (pure CPU work, safe in a thread or process)."""
    started = time.thread_time()
    parsed = parse_article(text, fmt, url=options.url)
    parsed.title = clean_label(options.title or parsed.title, TITLE_MAX)
    parsed.outlet = clean_label(options.outlet or parsed.outlet, OUTLET_MAX)
    parsed.date = options.date or parsed.date
    parsed.url = options.url or parsed.url
    text = analyse(parsed.body)
    tokens = fingerprint_words(parsed.body)
    new = NewArticle(
        source=source,
        title=parsed.title,
        outlet=parsed.outlet,
        date=parsed.date,
        url=parsed.url,
        guild_id=options.guild_id,
        content_hash=content_hash_of(tokens),
        body=parsed.body,
        sketch=sketch_of(tokens),
        copy_of=None,
        sentences=text.sentences,
        quotes=text.quotes,
        quote_terms=text.quote_terms,
        actor=options.actor,
    )
    return Prepared(parsed=parsed, new=new, seconds=time.thread_time() - started, unread_from=text.unread_from)


def prepare_text(
    text: str, source: str, options: IngestOptions, *, max_bytes: int, fmt: Format | None = None
) -> Prepared | IngestResult:
    """Check and prepare text: the article, or the error result to show."""
    try:
        options = options.validated()
        check_size(len(text.encode("utf-8", errors="replace")), max_bytes)
        if not text.strip():
            raise InputError("empty: the input has no text")
        return prepare(text, fmt or detect_format(source, text), source, options)
    except InputError as error:
        return IngestResult(source=source, status="error", message=str(error))


def prepare_bytes(
    data: bytes, source: str, options: IngestOptions, *, max_bytes: int, charset: str | None = None
) -> Prepared | IngestResult:
    try:
        text = decode_bytes(data, max_bytes=max_bytes, declared=charset)
    except InputError as error:
        return IngestResult(source=source, status="error", message=str(error))
    return prepare_text(text, source, options, max_bytes=max_bytes, fmt=detect_format(source, text))


def source_name(path: Path) -> str:
    """A file's name as the article's source: bytes of a name that are not UTF-8 (a file named in
    Latin-1, say) become U+FFFD, so the name can be stored and shown; the file is opened by path."""
    return os.fsencode(path.name).decode("utf-8", errors="replace")


def prepare_file(path: Path, options: IngestOptions, max_bytes: int) -> Prepared | IngestResult:
    """Read and prepare one file (what a worker process runs in a bulk load)."""
    source = source_name(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device in a folder: endless, or never ending
            return IngestResult(source=source, status="error", message="not a regular file: give an article file")
        check_size(info.st_size, max_bytes)
        with path.open("rb") as file:
            # perf: the size said and one byte more, not a buffer of max_bytes for every file (about
            # 20 µs each); the size said may be wrong (a file still growing): then read on, to the limit
            data = file.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += file.read(max_bytes + 1 - len(data))
        check_size(len(data), max_bytes)
    except InputError as error:
        return IngestResult(source=source, status="error", message=str(error))
    except OSError as error:
        return IngestResult(source=source, status="error", message=f"cannot read {source}: {error.strerror}")
    return prepare_bytes(data, source, options, max_bytes=max_bytes)


def prepare_files(jobs: list[tuple[Path, IngestOptions]], max_bytes: int) -> list[Prepared | IngestResult]:
    """:func:`prepare_file` for each of a chunk of files (one task for a worker process)."""
    if _task_collector is not None:
        _task_collector.task_started()
    return [prepare_file(path, options, max_bytes) for path, options in jobs]


class _TaskCollector:
    """A worker process's cyclic garbage collection, run between its tasks instead of automatically.

    perf: preparing an article allocates thousands of short-lived objects, so the automatic
    collector ran a young collection every few hundred allocations, and now and then a full one
    over everything the worker holds (its memos, the lexicon's tables). Between tasks nothing of the
    task is alive any more: a young collection then frees the same cycles, and a full one every
    ``FULL_EVERY`` tasks whatever reached the old generation. Preparing 4,000 articles in one
    process, two alternating pairs: 3.49 -> 3.38 and 3.59 -> 3.52 ms of CPU per article.

    A task's collection runs when the next task starts, once the pool has sent the last one's
    results and they are gone, not while they are still alive to be walked; and what the worker
    holds once its modules are loaded (the lexicon's tables: ~36,000 objects) is frozen, out of
    every collection. Over 2,360 articles in tasks of 16, two alternating pairs: 0.143 and 0.104 ms
    of CPU per article, then 0.044 and 0.056; neither way ever found a cycle to free.
    """

    FULL_EVERY = 64

    def __init__(self) -> None:
        self.tasks = 0
        gc.disable()
        gc.collect()
        gc.freeze()

    def task_started(self) -> None:
        self.tasks += 1
        if self.tasks == 1:
            return  # the collection at init left nothing to collect
        if self.tasks % self.FULL_EVERY == 0:
            gc.collect()
        else:
            gc.collect(1)


_task_collector: _TaskCollector | None = None  # set in worker processes only (see _worker_init)


@lru_cache(maxsize=256)
def _shingles(body: str) -> set[int]:
    return shingles(body)  # an article is compared with a few candidates: shingle it once


def _same_story(new: NewArticle, stored_body: str) -> bool:
    """The near-copy test the store applies to its sketch candidates (on the writer thread)."""
    return same_story(_shingles(new.body), _shingles(stored_body))


def _result(prepared: Prepared, stored: Stored) -> IngestResult:
    new = prepared.new
    meta = dict(title=new.title, outlet=new.outlet, date=new.date)
    unread = ""
    if prepared.unread_from is not None:  # said, not silent: the rest of the text is stored, not attributed
        unread = (f" (quotes read in its first {prepared.unread_from:,} of {len(new.body):,} characters only: "
                  "the text holds more quotations than any article, so the rest is not attributed)")
    if stored.version is not None:
        return IngestResult(
            source=new.source, status="updated", article_id=stored.article_id, quotes=stored.quotes,
            speakers=stored.speakers, message=f"updated #{stored.article_id} to version {stored.version}{unread}",
            **meta,
        )
    if stored.duplicate:  # nothing was written: this load's title, outlet and date are not the article's
        return IngestResult(
            source=new.source, status="duplicate", article_id=stored.article_id, duplicate_of=stored.article_id,
            message=f"already in the corpus as #{stored.article_id}",
        )
    copy_of = stored.copy_of
    message = f"added as #{stored.article_id}" + (f", a near-copy of #{copy_of}" if copy_of else "") + unread
    return IngestResult(
        source=new.source, status="copy" if copy_of else "added", article_id=stored.article_id,
        duplicate_of=copy_of, quotes=stored.quotes, speakers=stored.speakers, message=message, **meta,
    )


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Ingestor:
    def __init__(
        self, store: Store, *, max_bytes: int = 2_000_000, clock: Callable[[], datetime] = utc_now,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.clock = clock  # the bot passes Discord's clock, so tests can move time
        self.workers = workers  # processes for bulk loads; None: one per core; 1: none (a thread)

    async def ingest_bytes(
        self, data: bytes, source: str, options: IngestOptions = IngestOptions(), *, charset: str | None = None
    ) -> IngestResult:
        prepared = await asyncio.to_thread(
            prepare_bytes, data, source, options, max_bytes=self.max_bytes, charset=charset
        )
        return await self._store_one(prepared)

    async def ingest_text(
        self, text: str, source: str, options: IngestOptions = IngestOptions(), *, fmt: Format | None = None
    ) -> IngestResult:
        prepared = await asyncio.to_thread(prepare_text, text, source, options, max_bytes=self.max_bytes, fmt=fmt)
        return await self._store_one(prepared)

    async def ingest_file(self, path: Path, options: IngestOptions = IngestOptions()) -> IngestResult:
        return await self._store_one(await asyncio.to_thread(prepare_file, path, options, self.max_bytes))

    async def _store_one(self, prepared: Prepared | IngestResult) -> IngestResult:
        if isinstance(prepared, IngestResult):
            return prepared
        return (await self._store_batch([prepared]))[0]

    async def _store_batch(self, batch: list[Prepared]) -> list[IngestResult]:
        """Write prepared articles in one transaction; duplicates and near-copies are judged there."""
        now = self.clock().astimezone(timezone.utc).isoformat(timespec="microseconds")
        for prepared in batch:
            prepared.new.ingested_at = now
        stored = await self.store.add_articles([p.new for p in batch], _same_story)
        return [_result(p, s) for p, s in zip(batch, stored)]

    async def ingest_paths(
        self, paths: list[Path], options: IngestOptions = IngestOptions(), manifest: Manifest | None = None
    ) -> list[IngestResult]:
        """Files and folders (a folder's own manifest.csv/.json is used when none is given)."""
        jobs: list[_FileJob | IngestResult] = []
        manifests = [manifest] if manifest is not None else []
        for path in paths:
            if path.is_dir():
                try:
                    folder_manifest = manifest or _folder_manifest(path)
                except InputError as error:  # its files' metadata is in doubt: none is loaded, the rest are
                    jobs.append(IngestResult(source=source_name(path), status="error",
                                             message=f"{error}; nothing in this folder was loaded"))
                    continue
                if folder_manifest is not None and folder_manifest is not manifest:
                    manifests.append(folder_manifest)
                names, others, folders = _folder_entries(path)
                jobs += [_FileJob(path, name, options, folder_manifest) for name in names]
                jobs += [_not_an_article(path / name) for name in others]
                jobs += [_a_subfolder(path / name) for name in folders]
                if not names and not others and not folders:
                    jobs.append(IngestResult(source=source_name(path), status="skipped",
                                             message=f"no article files in this folder (it reads {', '.join(ARTICLE_SUFFIXES)})"))
            elif path.exists():  # prepare_file refuses a pipe or a device, here as in a folder
                jobs.append(_FileJob(path.parent, path.name, options, manifest))
            else:
                jobs.append(IngestResult(source=source_name(path), status="error", message=f"no such file: {os.fsencode(path).decode('utf-8', errors='replace')}"))
        results = await self._ingest_jobs(jobs)
        return results + [report for m in manifests if (report := _rows_unused(m)) is not None]

    async def _ingest_jobs(self, jobs: list[_FileJob | IngestResult]) -> list[IngestResult]:
        """Prepare files ahead in workers while finished ones are written, in order, in batches."""
        results: list[IngestResult | None] = [job if isinstance(job, IngestResult) else None for job in jobs]
        todo = [(index, job) for index, job in enumerate(jobs) if not isinstance(job, IngestResult)]
        # chunks of consecutive files, each prepared by one task, oldest first
        window: deque[tuple[list[int], asyncio.Future[list[Prepared | IngestResult]]]] = deque()
        with _Preparer(self._worker_count(len(todo)), self.max_bytes, len(todo)) as preparer, \
                _collector_paused() as collect:
            next_job = 0
            in_flight = 0  # files in the window

            def refill() -> None:
                nonlocal next_job, in_flight
                while in_flight < preparer.ahead and next_job < len(todo):
                    chunk = todo[next_job : next_job + preparer.chunk]
                    next_job += len(chunk)
                    in_flight += len(chunk)
                    window.append(([index for index, _ in chunk], preparer.submit([job.resolve() for _, job in chunk])))

            try:
                refill()
                while window:
                    indices, future = window.popleft()
                    ready = list(zip(indices, await future))
                    # perf: worker processes run a batch ahead, so wait for a full batch, not just
                    # what is ready. Storing 4,500 articles into the 100k database, batches were
                    # ~300 of 512 and the writer took ~0.4 ms more CPU per article; four
                    # alternating pairs: 183 -> 209, 211 -> 233, 225 -> 243, 229 -> 235 articles/s.
                    # (A thread prepares a few files ahead only: it writes whatever is ready.)
                    while (window and len(ready) + len(window[0][0]) <= BATCH_MAX
                           and (preparer.fills_batches or window[0][1].done())):
                        indices, future = window.popleft()
                        ready += zip(indices, await future)
                    in_flight -= len(ready)
                    refill()  # the workers go on while this batch is written
                    batch = [(i, item) for i, item in ready if isinstance(item, Prepared)]
                    for i, item in ready:
                        if isinstance(item, IngestResult):
                            results[i] = item
                    if batch:
                        written = await self._store_batch([item for _, item in batch])
                        for (i, _), result in zip(batch, written):
                            results[i] = result
                    collect()
            finally:
                for _, future in window:  # an error stops the load: drop the work in flight
                    future.cancel()
        done = [result for result in results if result is not None]
        await self._merge_after(sum(result.status in _WRITTEN for result in done))
        return done

    async def _merge_after(self, written: int) -> None:
        """perf: a load that is a large part of the corpus leaves its full-text indexes merged (see
        ``merge_text_indexes``). The merge rewrites the whole indexes, about 0.04 ms of CPU per
        article in the corpus, so a load of a quarter of it pays at most 0.2 ms per article loaded;
        a smaller one leaves them to FTS5's own merging."""
        if written and written * MERGE_SHARE >= await self.store.row_count("articles"):
            await self.store.merge_text_indexes()

    def _worker_count(self, files: int) -> int:
        if files < POOL_MIN_FILES:
            return 1
        if self.workers is not None:
            return max(1, self.workers)
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            return os.cpu_count() or 1


def _worker_init() -> None:
    """In a worker process: yield the CPU to the parent, and exit as soon as the parent does."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    # perf: one worker per core leaves no core for the parent, whose writer is the serial stage of
    # a load (and whose event loop answers questions meanwhile); at a lower priority the workers
    # take what the parent leaves. Measured at 100k, two alternating pairs: 160 -> 181 and
    # 145 -> 163 articles/s.
    if hasattr(os, "nice"):
        try:
            os.nice(WORKER_NICENESS)
        except OSError:  # a sandbox may forbid it: the load still works, at equal priority
            pass

    # The pool's queues keep both pipe ends open, so a SIGKILLed load would otherwise leave its
    # workers waiting forever.
    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="quotedesk-parent-watch", daemon=True).start()
    global _task_collector
    _task_collector = _TaskCollector()


COLLECT_EVERY = 8  # batches between two collections of the young generations in a bulk load


@contextmanager
def _collector_paused() -> Iterator[Callable[[], None]]:
    """Automatic cyclic garbage collection off for a bulk load; the caller calls what this yields
    after each batch, which collects the young generations every ``COLLECT_EVERY`` batches.

    perf: a load holds hundreds of prepared articles in flight, each a few hundred small objects;
    the automatic collector promoted them to the old generation and walked them all again at every
    full collection. Collecting the young generations between batches frees the same cycles, and an
    object still alive then is not looked at again: at 100k articles the parent's collections took
    0.48 ms per article, then 0.11 collecting after every batch (measured with ``gc.callbacks``).
    A batch leaves no cycles to free (3,000 articles of the 100k increment: 21 collections, 0
    objects freed, 0.062 ms per article), and each collection walks the articles in flight however
    many batches passed since the one before, so it runs every few batches, not after each.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    batches = 0

    def batch_done() -> None:
        nonlocal batches
        batches += 1
        if batches % COLLECT_EVERY == 0:
            gc.collect(1)

    try:
        yield batch_done
    finally:
        if was_enabled:
            gc.enable()


class _Preparer:
    """Runs :func:`prepare_files` ahead of the writer: in worker processes when there are several
    workers (and the platform allows them), else in one thread; a pool that cannot start or
    breaks falls back to the thread, so a load never fails for want of processes."""

    def __init__(self, workers: int, max_bytes: int, files: int = 0) -> None:
        self.max_bytes = max_bytes
        self.ahead = 4 * workers  # files in flight: enough to keep every worker busy
        self.chunk = 1  # files per task
        self._thread: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotedesk-prepare")
        self._pool: Executor | None = None
        if workers > 1:
            try:
                # spawn, not fork: the parent has sqlite and asyncio threads a fork would copy mid-flight
                self._pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
                )
                # perf: let the workers run a whole batch ahead, so the writer finds full batches
                # waiting; with only a few files in flight it wrote batches of two or three, and
                # each transaction's fixed costs (commit, a new index segment per FTS table) made
                # the writer take a third more CPU per article
                self.ahead = BATCH_MAX + 4 * workers * CHUNK_MAX
                # a small load still gives each worker several tasks
                self.chunk = max(1, min(CHUNK_MAX, files // (8 * workers)))
            except (OSError, ImportError, NotImplementedError, ValueError) as error:
                log.warning("no worker processes (%s): preparing articles in a thread", error)

    @property
    def fills_batches(self) -> bool:
        """Whether the files in flight can fill a whole batch (worker processes, not the thread)."""
        return self.ahead >= BATCH_MAX

    def submit(self, jobs: list[tuple[Path, IngestOptions]]) -> asyncio.Future[list[Prepared | IngestResult]]:
        return asyncio.ensure_future(self._prepare(jobs))

    async def _prepare(self, jobs: list[tuple[Path, IngestOptions]]) -> list[Prepared | IngestResult]:
        loop = asyncio.get_running_loop()
        if self._pool is not None:
            try:
                return await loop.run_in_executor(self._pool, prepare_files, jobs, self.max_bytes)
            except (BrokenProcessPool, OSError) as error:
                if self._pool is not None:
                    log.warning("worker processes failed (%s): preparing articles in a thread", error)
                    self._pool.shutdown(wait=False, cancel_futures=True)
                    self._pool = None
        return await loop.run_in_executor(self._thread, prepare_files, jobs, self.max_bytes)

    def __enter__(self) -> "_Preparer":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._thread.shutdown(wait=False, cancel_futures=True)


@dataclass(frozen=True, slots=True)
class _FileJob:
    """A file of a load, resolved to its path and options only when sent to a worker.

    perf: a load of 90,000 files held a Path and an IngestOptions per file (with its manifest
    row, ~1 KB per file) for the whole load; a job shares its folder, options and manifest.
    """

    folder: Path
    name: str
    options: IngestOptions
    manifest: Manifest | None

    def resolve(self) -> tuple[Path, IngestOptions]:
        path = self.folder / self.name
        return path, _merge(self.options, self.manifest, path)


def _folder_entries(folder: Path) -> tuple[list[str], list[str], list[str]]:
    """The names of the folder's article files, sorted (the order a load stores them in), of the
    other files it holds and of its subfolders (a load does not recurse): those are reported, never
    dropped silently. Hidden entries and manifests are neither."""
    articles: list[str] = []
    others: list[str] = []
    folders: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir():
                folders.append(name)
            elif os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                articles.append(name)
            elif name.lower() not in MANIFEST_NAMES:
                others.append(name)
    return sorted(articles), sorted(others), sorted(folders)


def _a_subfolder(path: Path) -> IngestResult:
    message = "skipped: a subfolder (a load does not go into subfolders: name it to load it)"
    return IngestResult(source=source_name(path), status="skipped", message=message)


def _not_an_article(path: Path) -> IngestResult:
    kind = os.path.splitext(path.name)[1].lower() or "no suffix"
    message = f"skipped: not an article file ({kind}); a folder load reads {', '.join(ARTICLE_SUFFIXES)}"
    return IngestResult(source=source_name(path), status="skipped", message=message)


def _rows_unused(manifest: Manifest) -> IngestResult | None:
    """A manifest's rows that no loaded file matched, said once after the load: most often a file
    name misspelt in it, whose article was loaded without its title, outlet and date."""
    names = manifest.unmatched()
    if not names:
        return None
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    rows = "row matches" if len(names) == 1 else "rows match"
    return IngestResult(source=manifest.source, status="skipped",
                        message=f"{len(names)} manifest {rows} no file of this load: {shown}")


def _folder_manifest(folder: Path) -> Manifest | None:
    for name in MANIFEST_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return load_manifest(candidate)
    return None


def _merge(options: IngestOptions, manifest: Manifest | None, path: Path) -> IngestOptions:
    """Command-line options override the manifest row, which overrides the text."""
    entry = manifest.lookup(path.name) if manifest else None
    if entry is None:
        return options
    return IngestOptions(
        title=options.title or entry.title,
        outlet=options.outlet or entry.outlet,
        date=options.date or entry.date,
        url=options.url or entry.url,
        guild_id=options.guild_id,
        actor=options.actor,
    )


async def ensure_seeded(store: Store, seed_dir: Path | None, *, max_bytes: int) -> list[IngestResult]:
    """Fill an empty database from the seed folder (first use only).

    A seed folder that is missing, or whose files are all refused, leaves the corpus empty: that is
    said as a warning (with each refusal), not left for the first question to discover.
    """
    if seed_dir is None or not await store.is_empty():
        return []
    if not seed_dir.is_dir():
        log.warning("SEED_DIR %s is not a folder: the corpus starts empty (set SEED_DIR= to seed nothing)", seed_dir)
        return []
    results = await Ingestor(store, max_bytes=max_bytes).ingest_paths([seed_dir], IngestOptions(actor="seeds"))
    for result in results:
        if result.status in ("error", "skipped"):
            log.warning("seed %s not loaded: %s", result.source, result.message)
    loaded = sum(r.status not in ("error", "skipped") for r in results)
    if loaded:
        log.info("seeded %d articles from %s", loaded, seed_dir)
    else:
        log.warning("SEED_DIR %s gave no article: the corpus starts empty", seed_dir)
    return results
