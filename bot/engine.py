"""QuoteDesk's engine: one object the command line, the cogs and the tests all call.

It owns the store and answers the questions; it knows nothing of Discord.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bot import search
from bot.ask import Understood, understand
from bot.curation import Curator
from bot.decoding import InputError, without_controls
from bot.digest import Digest, compose_digest, default_since
from bot.fetch import FetchError, fetch_url
from bot.ingest import Ingestor, IngestOptions, ensure_seeded
from bot.lexicon import content_words
from bot.models import Article, IngestResult, Origin, Quote, Source, Speaker, Statement
from bot.semantic_index import Progress, SemanticIndex, SemanticStatus
from bot.settings import Settings
from bot.storage import Scope, Store, open_store
from bot.storage.scope import Filters

# A question is looked up on its first words only: a pasted article would make every word a term to
# count (and SQLite refuses a compound query of more than 500 parts). A sentence fits with room.
MAX_QUERY_CHARS = 300


def clip_query(text: str) -> str:
    """The question as it is looked up: control characters dropped (as articles drop them), spaces
    collapsed, cut at a word to ``MAX_QUERY_CHARS``."""
    text = " ".join(without_controls(text).split())
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text[: MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0]
    return cut if cut and len(cut) <= MAX_QUERY_CHARS else text[:MAX_QUERY_CHARS]


@dataclass(slots=True)
class QuotesAnswer:
    query: str
    speaker: Speaker | None
    candidates: list[Speaker]
    results: list[Statement]
    about: str | None = None
    suggestions: list[Speaker] = field(default_factory=list)  # "did you mean" when nothing fits


@dataclass(slots=True)
class SourcesAnswer:
    query: str
    origin: Origin | None
    results: list[Source]
    reporting: int = 0  # articles that report the claim (``results`` lists the best ``limit``)


@dataclass(slots=True)
class WhosaidAnswer:
    query: str
    results: list[Statement]


@dataclass(slots=True)
class AskAnswer:
    query: str
    understood: Understood
    answer: WhosaidAnswer | QuotesAnswer | SourcesAnswer
    filters: Filters = Filters()  # what was asked, with the question's own dates ("since March 8")


@dataclass(slots=True)
class ArticleView:
    article: Article
    quotes: list[Quote] = field(default_factory=list)
    version: int = 1  # 2 and more: the text was replaced by a newer version from the same URL
    updated_at: str | None = None


class QuoteDesk:
    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.ingestor = Ingestor(store, max_bytes=settings.max_article_bytes)
        # Corrections, history, reindex and guild purges (it reads the clock through the desk).
        self.curation = Curator(store, lambda: self.clock())
        # Sentence embeddings (the semantic extra): off, with the reason, when not installed.
        self.semantic = SemanticIndex(store, settings.semantic_model)
        self._warm_up: asyncio.Task[bool] | None = None

    @property
    def clock(self):
        return self.ingestor.clock

    @clock.setter
    def clock(self, clock) -> None:
        """What "now" is (the bot uses Discord's clock, so tests can move time)."""
        self.ingestor.clock = clock

    @classmethod
    async def open(cls, settings: Settings, db_path: Path | None = None, *, seed: bool = True) -> "QuoteDesk":
        store = await open_store(db_path or settings.database_path)
        desk = cls(store, settings)
        if seed:
            try:
                seeded = await ensure_seeded(store, settings.seed_path, max_bytes=settings.max_article_bytes)
                await desk._embed(seeded)
            except BaseException:
                await desk.close()
                raise
        return desk

    async def close(self) -> None:
        if self._warm_up is not None:
            self._warm_up.cancel()
        self.semantic.close()
        await self.store.close()

    # --- loading ---------------------------------------------------------------------------------

    async def ingest_text(self, text: str, source: str, options: IngestOptions = IngestOptions()) -> IngestResult:
        return (await self._embed([await self.ingestor.ingest_text(text, source, options)]))[0]

    async def ingest_bytes(self, data: bytes, source: str, options: IngestOptions = IngestOptions()) -> IngestResult:
        return (await self._embed([await self.ingestor.ingest_bytes(data, source, options)]))[0]

    async def ingest_paths(self, paths: list[Path], options: IngestOptions = IngestOptions(), manifest=None) -> list[IngestResult]:
        return await self._embed(await self.ingestor.ingest_paths(paths, options, manifest))

    async def ingest_url(self, url: str, options: IngestOptions = IngestOptions(), *, resolver=None) -> IngestResult:
        """Fetch a page (safely: see bot.fetch) and ingest it with the URL as its source."""
        try:
            page = await fetch_url(
                url,
                max_bytes=self.settings.max_article_bytes,
                timeout=self.settings.fetch_timeout_seconds,
                allow_private=self.settings.allow_private_urls,
                resolver=resolver,
            )
        except FetchError as error:
            return IngestResult(source=url, status="error", message=error.message)
        options = dataclasses.replace(options, url=options.url or page.url)
        # The served type decides the parser (a URL's path says nothing reliable about it).
        if "html" in page.content_type:
            name_for_format = "page.html"
        elif "markdown" in page.content_type:
            name_for_format = "page.md"
        else:
            name_for_format = "page.txt"
        result = await self.ingestor.ingest_bytes(page.body, name_for_format, options, charset=page.charset)
        result.source = url
        return (await self._embed([result]))[0]

    async def _embed(self, results: list[IngestResult]) -> list[IngestResult]:
        """Embed the sentences of newly stored articles (batched across them; no-op when semantic
        matching is off). Vectors are written after the article: a crash between leaves sentences
        without vectors, which ``embed_missing`` (``python -m bot reindex``) completes."""
        stored = [r.article_id for r in results if r.article_id and r.status not in ("duplicate", "error")]
        await self.semantic.embed_articles(stored)
        return results

    async def embed_missing(self, progress: Progress | None = None) -> int:
        """Embed every sentence that has no vector for the current model; ``progress(done, total)``."""
        return await self.semantic.embed_missing(progress)

    async def semantic_status(self, *, load: bool = True) -> SemanticStatus:
        """On or off (and why); ``load=False`` does not wait for the model (the bot's /stats)."""
        return await self.semantic.status(load=load)

    def warm_up(self) -> asyncio.Task[bool]:
        """Start loading the semantic model in the background (the bot, so the first claim is quick)."""
        self._warm_up = asyncio.get_running_loop().create_task(self.semantic.ready())
        return self._warm_up

    async def remove_article(self, article_id: int, scope: Scope, *, actor: str = "cli") -> Article | None:
        return await self.store.remove_article(article_id, scope, actor=actor)

    # --- the three questions ----------------------------------------------------------------------

    async def whosaid(self, phrase: str, scope: Scope, filters: Filters = Filters(), limit: int = 10) -> WhosaidAnswer:
        phrase = clip_query(phrase)
        return WhosaidAnswer(phrase, await search.whosaid(self.store, phrase, scope, filters, limit))

    async def quotes(
        self, speaker: str, scope: Scope, filters: Filters = Filters(), limit: int = 10, about: str | None = None
    ) -> QuotesAnswer:
        speaker, about = clip_query(speaker), clip_query(about) if about is not None else None
        if not any(ch.isalnum() for ch in speaker):
            raise InputError("give a speaker's name, or their #number")
        match = await search.resolve_speaker(self.store, speaker, scope)
        if match.speaker is None:
            suggestions = [] if match.candidates else await search.speaker_suggestions(self.store, speaker, scope, 5)
            return QuotesAnswer(speaker, None, match.candidates, [], about, suggestions)
        return await self.quotes_of(match.speaker, scope, filters, limit, about, query=speaker)

    async def quotes_of(
        self, speaker: Speaker, scope: Scope, filters: Filters = Filters(), limit: int = 10,
        about: str | None = None, *, query: str | None = None,
    ) -> QuotesAnswer:
        """What one known speaker said (after a choice between candidates, say)."""
        about = clip_query(about) if about is not None else None
        results = await search.quotes_by(self.store, speaker, scope, filters, limit, about)
        return QuotesAnswer(query or speaker.name, speaker, [], results, about)

    async def sources(self, claim: str, scope: Scope, filters: Filters = Filters(), limit: int = 10) -> SourcesAnswer:
        claim = clip_query(claim)
        answer = await search.sources(self.store, claim, scope, filters, limit, semantic=self.semantic if self.semantic.enabled else None)
        return SourcesAnswer(claim, answer.origin, answer.results, answer.reporting)

    async def ask(self, question: str, scope: Scope, filters: Filters = Filters(), limit: int = 10) -> AskAnswer:
        question = clip_query(question)
        understood = understand(question, datetime.now(timezone.utc).date())
        if understood.guessed:  # "Pete Hegseth", "Hegseth on China": a speaker, not a claim
            understood = await self._as_speaker_question(understood, scope) or understood
        if understood.guessed and understood.intent == "sources" and len(content_words(understood.text)) < 2:
            # "hello", "who?": no claim to look for, and no name either
            raise InputError(
                f"“{understood.text[:60]}” is not a question I can answer: ask “who said …”, "
                "“what did … say (about …)” or give a claim to find sources for"
            )
        if not understood.text.strip():
            raise InputError("give some words to look for")
        filters = dataclasses.replace(
            filters,
            since=max(filter(None, (filters.since, understood.since)), default=None),
            until=min(filter(None, (filters.until, understood.until)), default=None),
        )
        answer: WhosaidAnswer | QuotesAnswer | SourcesAnswer
        if understood.intent == "whosaid":
            answer = await self.whosaid(understood.text, scope, filters, limit)
        elif understood.intent == "quotes":
            answer = await self.quotes(understood.text, scope, filters, limit, understood.about)
        else:
            answer = await self.sources(understood.text, scope, filters, limit)
        return AskAnswer(question, understood, answer, filters)

    async def _as_speaker_question(self, understood: Understood, scope: Scope) -> Understood | None:
        """A question that is only a speaker's name (or "NAME on TOPIC"), exactly as the corpus
        names someone, asks what that speaker said."""
        name, _, about = understood.text.partition(" on ")
        if not about:
            name, _, about = understood.text.partition(" about ")
        if len(name.split()) > 5 or not await search.is_speaker_name(self.store, name, scope):
            return None
        return Understood("quotes", name.strip(), about.strip() or None)

    # --- browsing ---------------------------------------------------------------------------------

    async def article(self, article_id: int, scope: Scope) -> ArticleView | None:
        article = await self.store.get_article(article_id, scope)
        if article is None:
            return None
        version, updated_at = await self.store.article_version(article_id)
        return ArticleView(article, await self.store.article_quotes(article_id), version, updated_at)

    async def articles(self, scope: Scope, filters: Filters = Filters(), limit: int | None = None) -> list[Article]:
        return await self.store.list_articles(scope, filters, limit)

    async def speakers(self, scope: Scope, prefix: str | None = None, limit: int = 50) -> list[Speaker]:
        return await self.store.list_speakers(scope, prefix, limit)

    async def speaker_names(self, text: str, scope: Scope, limit: int = 25) -> list[str]:
        """Distinct speaker names for autocomplete (fuzzy on every alias the corpus has seen)."""
        speakers = await search.speaker_suggestions(self.store, text, scope, limit)
        return list(dict.fromkeys(s.name for s in speakers))

    async def speaker_choices(self, text: str, scope: Scope, limit: int = 25) -> list[Speaker]:
        """Speakers for autocomplete, with their ids (moderators pick one person among namesakes)."""
        return await search.speaker_suggestions(self.store, text, scope, limit)

    async def digest(self, scope: Scope, since: datetime | None = None, until: datetime | None = None) -> Digest:
        """What entered the corpus in ``[since, until)`` (default: the last day up to now)."""
        until = until or self.clock()
        return await compose_digest(self.store, scope, since or default_since(until), until)

    async def stats(self, scope: Scope) -> dict[str, int]:
        return await self.store.counts(scope)
