"""Ingest: from bytes, text, files, folders or URLs to a stored article with its quotes.

Parsing and extraction are CPU work and run in a worker thread, so a bot stays responsive while a
moderator loads a long article. Duplicates are recognised before anything is written.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from dataclasses import dataclass, replace
from pathlib import Path

from bot.decoding import InputError, check_size, decode_bytes
from bot.extraction import extract_quotes
from bot.fingerprint import (
    MIN_SHARED_SKETCH,
    NEAR_COPY_JACCARD,
    content_hash,
    jaccard,
    shingles,
    sketch,
    text_key,
)
from bot.fts import stem, words
from bot.lexicon import index_text
from bot.manifest import MANIFEST_NAMES, Manifest, load_manifest
from bot.metadata import normalize_date
from bot.models import ExtractedQuote, IngestResult, ParsedArticle
from bot.parsing import Format, detect_format, parse_article
from bot.sentences import sentence_spans
from bot.storage import Scope, Store
from bot.storage.sqlite import DuplicateArticle, NewArticle

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


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
        return replace(self, date=normalize_date(self.date) if self.date else None)


@dataclass(slots=True)
class Prepared:
    """Everything about an article that needs no database: parsed, fingerprinted, extracted."""

    parsed: ParsedArticle
    new: NewArticle
    shingle_set: set[int]


@dataclass(slots=True)
class AnalysedText:
    """What extraction and indexing make of a clean body: the part a reindex redoes."""

    sentences: list[tuple[int, str, str]]  # (position, text, search_text)
    quotes: list[tuple[ExtractedQuote, str, str]]  # (quote, search_text, text_key)
    quote_terms: list[str]


def analyse(body: str) -> AnalysedText:
    """Sentences, attributed quotes and their index forms (pure CPU work, safe in a thread)."""
    sentences = []
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        sentences.append((start, sentence, index_text(sentence)))
    quotes = [(quote, index_text(quote.text), text_key(quote.text)) for quote in extract_quotes(body)]
    terms = sorted({stem(word) for _, search_text, _ in quotes for word in words(search_text)})
    return AnalysedText(sentences, quotes, terms)


def prepare(text: str, fmt: Format, source: str, options: IngestOptions) -> Prepared:
    """Parse, extract and fingerprint one article (pure CPU work, safe in a thread)."""
    parsed = parse_article(text, fmt, url=options.url)
    parsed.title = options.title or parsed.title
    parsed.outlet = options.outlet or parsed.outlet
    parsed.date = options.date or parsed.date
    parsed.url = options.url or parsed.url
    text = analyse(parsed.body)
    shingle_set = shingles(parsed.body)
    new = NewArticle(
        source=source,
        title=parsed.title,
        outlet=parsed.outlet,
        date=parsed.date,
        url=parsed.url,
        guild_id=options.guild_id,
        content_hash=content_hash(parsed.body),
        body=parsed.body,
        sketch=sketch(shingle_set),
        copy_of=None,
        sentences=text.sentences,
        quotes=text.quotes,
        quote_terms=text.quote_terms,
    )
    return Prepared(parsed=parsed, new=new, shingle_set=shingle_set)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Ingestor:
    def __init__(self, store: Store, *, max_bytes: int = 2_000_000, clock: Callable[[], datetime] = utc_now) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.clock = clock  # the bot passes Discord's clock, so tests can move time

    async def ingest_bytes(
        self, data: bytes, source: str, options: IngestOptions = IngestOptions(), *, charset: str | None = None
    ) -> IngestResult:
        try:
            text = decode_bytes(data, max_bytes=self.max_bytes, declared=charset)
        except InputError as error:
            return IngestResult(source=source, status="error", message=str(error))
        return await self.ingest_text(text, source, options, fmt=detect_format(source, text))

    async def ingest_text(
        self, text: str, source: str, options: IngestOptions = IngestOptions(), *, fmt: Format | None = None
    ) -> IngestResult:
        try:
            options = options.validated()
            check_size(len(text.encode("utf-8", errors="replace")), self.max_bytes)
            if not text.strip():
                raise InputError("empty: the input has no text")
            prepared = await asyncio.to_thread(prepare, text, fmt or detect_format(source, text), source, options)
        except InputError as error:
            return IngestResult(source=source, status="error", message=str(error))
        return await self._store(prepared, options)

    async def _store(self, prepared: Prepared, options: IngestOptions) -> IngestResult:
        new = prepared.new
        scope = Scope.guild(options.guild_id)
        meta = dict(title=new.title, outlet=new.outlet, date=new.date)
        duplicate = await self.store.find_duplicate(new.content_hash, scope)
        if duplicate is not None:
            return IngestResult(
                source=new.source, status="duplicate", article_id=duplicate, duplicate_of=duplicate,
                message=f"already in the corpus as #{duplicate}", **meta,
            )
        new.ingested_at = self.clock().astimezone(timezone.utc).isoformat(timespec="microseconds")
        new.actor = options.actor
        if new.url:
            updated = await self._update_version(prepared)
            if updated is not None:
                return updated
        new.copy_of = await self._near_copy_of(prepared, scope)
        try:
            article_id, quotes, speakers = await self.store.add_article(new)
        except DuplicateArticle as duplicate:  # loaded by someone else a moment ago
            return IngestResult(
                source=new.source, status="duplicate", article_id=duplicate.article_id,
                duplicate_of=duplicate.article_id, message=f"already in the corpus as #{duplicate.article_id}", **meta,
            )
        status = "copy" if new.copy_of else "added"
        message = f"added as #{article_id}" + (f", a near-copy of #{new.copy_of}" if new.copy_of else "")
        return IngestResult(
            source=new.source, status=status, article_id=article_id, duplicate_of=new.copy_of,
            quotes=quotes, speakers=speakers, message=message, **meta,
        )

    async def _update_version(self, prepared: Prepared) -> IngestResult | None:
        """The same URL with a changed text is a corrected article: replace it, keep its id."""
        new = prepared.new
        existing = await self.store.article_by_url(new.url or "", new.guild_id)
        if existing is None:
            return None
        article_id, _ = existing
        try:
            version, quotes, speakers = await self.store.replace_article(article_id, new)
        except DuplicateArticle as duplicate:
            return IngestResult(
                source=new.source, status="duplicate", article_id=duplicate.article_id,
                duplicate_of=duplicate.article_id, message=f"already in the corpus as #{duplicate.article_id}",
                title=new.title, outlet=new.outlet, date=new.date,
            )
        except LookupError:
            return None  # removed meanwhile: load it as a new article
        article = await self.store.get_article(article_id, Scope.all())
        return IngestResult(
            source=new.source, status="updated", article_id=article_id, quotes=quotes, speakers=speakers,
            message=f"updated #{article_id} to version {version}",
            title=article.title if article else new.title, outlet=article.outlet if article else new.outlet,
            date=article.date if article else new.date,
        )

    async def _near_copy_of(self, prepared: Prepared, scope: Scope) -> int | None:
        candidates = await self.store.near_copy_candidates(prepared.new.sketch, scope, MIN_SHARED_SKETCH)
        for article_id, body in candidates:
            if jaccard(prepared.shingle_set, shingles(body)) >= NEAR_COPY_JACCARD:
                original = await self.store.get_article(article_id, Scope.all())
                return original.copy_of or article_id if original else article_id
        return None

    async def ingest_file(self, path: Path, options: IngestOptions = IngestOptions()) -> IngestResult:
        source = path.name
        try:
            size = path.stat().st_size
            check_size(size, self.max_bytes)
            data = path.read_bytes()
        except InputError as error:
            return IngestResult(source=source, status="error", message=str(error))
        except OSError as error:
            return IngestResult(source=source, status="error", message=f"cannot read {source}: {error.strerror}")
        return await self.ingest_bytes(data, source, options)

    async def ingest_paths(
        self, paths: list[Path], options: IngestOptions = IngestOptions(), manifest: Manifest | None = None
    ) -> list[IngestResult]:
        """Files and folders (a folder's own manifest.csv/.json is used when none is given)."""
        results: list[IngestResult] = []
        for path in paths:
            if path.is_dir():
                folder_manifest = manifest or _folder_manifest(path)
                for file in sorted(p for p in path.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
                    results.append(await self.ingest_file(file, _merge(options, folder_manifest, file)))
            elif path.exists():
                results.append(await self.ingest_file(path, _merge(options, manifest, path)))
            else:
                results.append(IngestResult(source=path.name, status="error", message=f"no such file: {path}"))
        return results


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
    """Fill an empty database from the seed folder (first use only)."""
    if seed_dir is None or not seed_dir.is_dir() or not await store.is_empty():
        return []
    results = await Ingestor(store, max_bytes=max_bytes).ingest_paths([seed_dir], IngestOptions(actor="seeds"))
    log.info("seeded %d articles from %s", sum(r.status != "error" for r in results), seed_dir)
    return results
