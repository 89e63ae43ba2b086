"""Plain data at the engine's boundaries: what extraction yields, what storage returns, what answers carry.

The JSON shapes of ``docs/CONTRACT.md`` are produced from these by :mod:`bot.serialize`.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

QuoteKind = Literal["direct", "partial", "indirect"]
SpeakerKind = Literal["person", "body", "anonymous", "group"]
_C = TypeVar("_C", bound=type)


def pickled_by_fields(cls: _C) -> _C:
    """perf: a slots dataclass unpickles through a Python-level ``__setstate__`` loop; rebuilt from
    its field values it goes through the generated ``__init__``, a third faster. A bulk load sends
    every prepared article (and each of its quotes) from a worker process to the writer this way."""
    names = tuple(f.name for f in fields(cls))
    # perf: one C call reads every field; a generator of getattr calls made pickling an article's
    # quotes cost 0.094 ms instead of 0.063
    values = operator.attrgetter(*names) if len(names) > 1 else (lambda self: (getattr(self, names[0]),))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


# --- extraction (pure text analysis, no storage ids) -------------------------------------------


@pickled_by_fields
@dataclass(slots=True)
class ExtractedSpeaker:
    """Who said something, as the article itself names them at their fullest mention."""

    name: str  # "Pete Hegseth", "the Kremlin", "one official"
    kind: SpeakerKind = "person"
    title: str | None = None  # "U.S. Defense Secretary", "a doctor"
    aliases: list[str] = field(default_factory=list)  # other spellings seen in the article


@pickled_by_fields
@dataclass(slots=True)
class ExtractedQuote:
    """One attributed statement found in an article body."""

    text: str  # the words attributed (inside the quote marks for direct/partial)
    kind: QuoteKind
    start: int  # character offsets of ``text`` in the body
    end: int
    cue: str | None = None  # "said", "told", "according to", ":" ...
    venue: str | None = None  # "told The Washington Post", "in a statement"
    speaker: ExtractedSpeaker | None = None
    sentence: str = ""  # the sentence (or paragraph) the statement stands in


# --- parsing -------------------------------------------------------------------------------------


@pickled_by_fields
@dataclass(slots=True)
class ParsedArticle:
    """An article reduced to clean body text and the metadata found in it."""

    body: str  # clean text: paragraphs separated by blank lines, furniture removed
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    url: str | None = None
    title_is_headline: bool = True  # False when the title was made from the first sentence


# --- stored records --------------------------------------------------------------------------------


@dataclass(slots=True)
class Speaker:
    id: int
    name: str
    title: str | None
    kind: SpeakerKind
    quotes: int | None = None  # count, when a listing asks for it


@dataclass(slots=True)
class Article:
    id: int
    source: str
    title: str | None
    outlet: str | None
    date: str | None
    url: str | None
    guild_id: int | None = None
    ingested_at: str | None = None
    copy_of: int | None = None
    quotes: int | None = None  # count, when a listing asks for it


@dataclass(slots=True)
class Quote:
    id: int
    text: str
    kind: QuoteKind
    cue: str | None
    venue: str | None
    speaker: Speaker | None
    article_id: int
    position: int = 0
    sentence: str = ""
    topics: str | None = None  # stems of the quote and its sentence, " a b c " (stored since schema 9)


# --- answers ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Statement:
    """One distinct statement: the earliest report in ``article``, the other reports in ``also``."""

    quote: Quote
    score: float
    article: Article
    also: list[Article] = field(default_factory=list)
    # Other reports in all: a statement carried by thousands of articles lists only its earliest
    # in ``also``; ``also_count`` is exact when ``also_count_exact``, otherwise a lower bound.
    also_count: int = 0
    also_count_exact: bool = True
    # who said the same words with the speaker, in the same place ("Jane Doe and John Roe said")
    together: list[Speaker] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.also_count = max(self.also_count, len(self.also))


@dataclass(slots=True)
class StatementHit:
    """A distinct statement matching a search: its key, the words of its first quote, its rank."""

    key: str
    text: str
    score: float


@dataclass(slots=True)
class Carriers:
    """The articles in scope that carry one statement: the earliest few, and how many in all."""

    earliest: list[Article]
    count: int
    exact: bool


@dataclass(slots=True)
class Source:
    """One article that reports a claim, with the sentences that support it, best first."""

    score: float
    article: Article
    sentences: list[str]
    disputed: bool = False  # its sentence reports a denial or dispute of the claim (bot.stance)

    @property
    def sentence(self) -> str:
        return self.sentences[0] if self.sentences else ""


@dataclass(slots=True)
class Origin:
    """Where a claim came from, in the articles' own words ("first reported by X")."""

    name: str
    evidence: str  # the sentence that says so
    article_id: int | None = None


@dataclass(slots=True)
class IngestResult:
    source: str
    status: Literal["added", "updated", "duplicate", "copy", "error", "skipped"]
    article_id: int | None = None
    duplicate_of: int | None = None
    quotes: int = 0
    speakers: int = 0
    message: str = ""
    title: str | None = None
    outlet: str | None = None
    date: str | None = None


@dataclass(slots=True)
class GuildSettings:
    """A guild's configuration: who moderates, and when and where its digest is posted."""

    guild_id: int
    moderator_role_id: int | None = None
    digest_channel_id: int | None = None
    digest_time: str = "09:00"  # HH:MM, local to digest_timezone
    digest_timezone: str = "UTC"  # an IANA name
    digest_quiet_note: bool = True  # on a quiet day post a short note (True) or nothing
    digest_enabled: bool = False
    digest_last_posted: str | None = None  # ISO timestamp (UTC) of the last digest posted
    digest_disabled_reason: str | None = None


@dataclass(slots=True)
class HistoryEvent:
    """One recorded change: who, when, what, and the state before and after (plain JSON values)."""

    id: int
    at: str  # ISO timestamp (UTC)
    actor: str  # "cli", "seeds", or a Discord user as "name (id)"
    action: str  # "ingest", "update", "remove", "edit-article", "reassign", "config", ...
    target: str  # "article #12", "quote #40", "speaker #7", "settings"
    guild_id: int | None = None
    article_id: int | None = None
    speaker_id: int | None = None
    before: Any = None
    after: Any = None
