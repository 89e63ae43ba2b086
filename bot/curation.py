"""Moderators' corrections, re-extraction and guild clean-up, as the command line and the cogs use them.

Validation and the choice of speaker live here; the SQL (and the history row written with every
change) lives in :mod:`bot.storage.curation`. Scopes: a guild may change only its own articles and
speakers quoted nowhere else; the command line (``Scope.all()``) may change anything.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.identity import name_key
from bot.ingest import analyse
from bot.metadata import OUTLET_MAX, TITLE_MAX, clean_label, is_web_address, normalize_date
from bot.models import Article, HistoryEvent, Quote, Speaker
from bot.search import names, speaker_by_number, title_holders
from bot.storage import Scope, Store
from bot.storage.curation import CurationError

__all__ = ["CurationError", "Curator", "ReindexReport"]

_SPEAKER_ID = re.compile(r"^#?(\d{1,12})$")
MAX_NAME = 120


@dataclass(slots=True)
class ReindexReport:
    articles: int
    quotes_before: int
    quotes_after: int


def changeable(scope: Scope) -> Scope:
    """What ``scope`` may change: a guild its own articles; the command line everything."""
    return scope if scope.everything else scope.own_only()


class Curator:
    def __init__(self, store: Store, clock: Callable[[], datetime]) -> None:
        self.store = store
        self._clock = clock

    def _now(self) -> str:
        return self._clock().astimezone(timezone.utc).isoformat(timespec="microseconds")  # as ingest writes it: one format sorts

    # --- articles ------------------------------------------------------------------------------

    async def edit_article(
        self, article_id: int, scope: Scope, *, actor: str, title: str | None = None, outlet: str | None = None,
        date: str | None = None, url: str | None = None,
    ) -> Article:
        """Correct an article's metadata. An empty outlet, date or URL clears it."""
        await self._own_article(article_id, scope, "edit it")
        changes: dict[str, str | None] = {}
        if title is not None:
            clean_title = clean_label(title, TITLE_MAX)
            if clean_title is None:
                raise CurationError("a title cannot be empty")
            changes["title"] = clean_title
        if outlet is not None:
            changes["outlet"] = clean_label(outlet, OUTLET_MAX)
        if date is not None:
            normalized = normalize_date(date) if date.strip() else None
            if date.strip() and normalized is None:
                raise CurationError(f"'{date}' is not a date: use YYYY-MM-DD")
            changes["date"] = normalized
        if url is not None:
            if url.strip() and not is_web_address(url.strip()):
                raise CurationError(f"'{url}' is not a web address (http:// or https://)")
            changes["url"] = url.strip() or None
        if not changes:
            raise CurationError("nothing to change: give a title, outlet, date or URL")
        await self.store.edit_article(article_id, changes, changeable(scope), actor=actor, at=self._now())
        article = await self.store.get_article(article_id, Scope.all())
        assert article is not None
        return article

    async def _own_article(self, article_id: int, scope: Scope, verb: str) -> Article:
        article = await self.store.get_article(article_id, scope)
        if article is None:
            raise CurationError(f"there is no article #{article_id}")
        if await self.store.get_article(article_id, changeable(scope)) is None:
            raise CurationError(
                f"article #{article_id} belongs to the shared corpus: only the operator can {verb} "
                "(from the command line)"
            )
        return article

    # --- quotes --------------------------------------------------------------------------------

    async def _own_quote(self, quote_id: int, scope: Scope, verb: str) -> Quote:
        quote = await self.store.get_quote(quote_id, scope)
        if quote is None:
            raise CurationError(f"there is no quote #{quote_id}")
        await self._own_article(quote.article_id, scope, verb + " its quotes")
        return quote

    async def check_quote(self, quote_id: int, scope: Scope) -> Quote:
        """The quote, if ``scope`` may correct it (before asking for a confirmation)."""
        return await self._own_quote(quote_id, scope, "correct")

    async def reassign(self, quote_id: int, speaker: str, scope: Scope, *, actor: str) -> Quote:
        """Give a quote to another speaker: ``#12``, a name the corpus knows, or a new person."""
        await self._own_quote(quote_id, scope, "correct")
        target = await self.find_speaker(speaker, scope, create=True)
        await self.store.reassign_quote(quote_id, target, changeable(scope), actor=actor, at=self._now())
        quote = await self.store.get_quote(quote_id, Scope.all())
        assert quote is not None
        return quote

    async def remove_quote(self, quote_id: int, scope: Scope, *, actor: str) -> Quote:
        quote = await self._own_quote(quote_id, scope, "correct")
        await self.store.remove_quote(quote_id, changeable(scope), actor=actor, at=self._now())
        return quote

    # --- speakers ------------------------------------------------------------------------------

    async def find_speaker(self, text: str, scope: Scope, *, create: bool = False) -> Speaker | str:
        """``#12`` or ``12`` is that speaker; a name must match one speaker exactly.

        With ``create``, a name nobody has is returned as it is (the caller makes a new speaker).
        """
        text = " ".join(text.split())
        by_id = _SPEAKER_ID.match(text)
        if by_id:
            speaker = await speaker_by_number(self.store, int(by_id.group(1)), scope)
            if speaker is None:
                raise CurationError(f"there is no speaker #{by_id.group(1)}")
            return speaker
        norm = name_key(text)
        if not norm or not re.search(r"[^\W\d_]", text):
            raise CurationError(f"“{text[:80]}” is not a name")
        if len(text) > MAX_NAME:
            raise CurationError(f"a name has at most {MAX_NAME} characters")
        matches = await self.store.speakers_named(norm, scope)
        if not any(names(norm, s.name) for s in matches):
            # a title, not a name ("President"): it means no one in particular while others hold it
            holders = await title_holders(self.store, norm, scope)
            matches += [s for s in holders if s.id not in {m.id for m in matches}]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            listed = "; ".join(f"#{s.id} {s.name}" + (f", {s.title}" if s.title else "") for s in matches[:8])
            raise CurationError(f"several speakers are called “{text}”: {listed}. Give the number, e.g. #{matches[0].id}")
        if create:
            return text
        raise CurationError(f"no speaker is called “{text}”")

    async def known_speaker(self, text: str, scope: Scope) -> Speaker:
        found = await self.find_speaker(text, scope)
        assert isinstance(found, Speaker)
        return found

    async def check_merge(self, keep: str, other: str, scope: Scope) -> tuple[Speaker, Speaker]:
        """The two speakers :meth:`merge` would join, or the refusal it would meet: said before a
        moderator is asked to confirm it, not after."""
        keeper, merged = await self.known_speaker(keep, scope), await self.known_speaker(other, scope)
        if keeper.id == merged.id:
            raise CurationError(f"both name the same speaker, {keeper.name} (#{keeper.id}): nothing to merge")
        await self.store.require_speaker_reach(merged.id, changeable(scope), verb="merge them", command="merge-speakers")
        return keeper, merged

    async def merge(self, keep: str, other: str, scope: Scope, *, actor: str) -> Speaker:
        """``other`` becomes ``keep``: its quotes and names follow."""
        keeper, merged = await self.check_merge(keep, other, scope)
        await self.store.merge_speakers(
            keeper.id, merged.id, changeable(scope), actor=actor, at=self._now(), guild_id=scope.guild_id
        )
        result = await self.store.get_speaker(keeper.id)
        assert result is not None
        return result

    async def split_alias(self, speaker: str, alias: str, scope: Scope, *, actor: str) -> Speaker:
        """A name wrongly joined to ``speaker`` becomes a speaker of its own, with its quotes."""
        found = await self.known_speaker(speaker, scope)
        norm = name_key(alias)
        if norm != name_key(found.name):  # its own name: the store says why not
            offered = await self._splittable(found, scope)
            if norm not in {name_key(name) for name in offered}:  # the store's own refusal lists every alias
                raise CurationError(f"{found.name} has no alias “{alias}”; aliases: {', '.join(offered) or 'none'}")
        new_id = await self.store.split_alias(
            found.id, alias, changeable(scope), actor=actor, at=self._now(), guild_id=scope.guild_id
        )
        created = await self.store.get_speaker(new_id)
        assert created is not None
        return created

    async def set_title(self, speaker: str, title: str, scope: Scope, *, actor: str) -> Speaker:
        """Mark a speaker's title ("Kremlin spokesman"); an empty title clears it."""
        found = await self.known_speaker(speaker, scope)
        clean = clean_label(title, OUTLET_MAX)
        await self.store.set_speaker_title(
            found.id, clean, changeable(scope), actor=actor, at=self._now(), guild_id=scope.guild_id
        )
        result = await self.store.get_speaker(found.id)
        assert result is not None
        return result

    async def aliases_of(self, speaker: str, scope: Scope) -> list[str]:
        """The names ``scope`` may split off a speaker (empty when ``speaker`` names nobody)."""
        try:
            found = await self.known_speaker(speaker, scope)
        except CurationError:
            return []
        return await self._splittable(found, scope)

    async def _splittable(self, speaker: Speaker, scope: Scope) -> list[str]:
        """Its names as ``scope`` sees them, but its own (which cannot be split off)."""
        own = name_key(speaker.name)
        return [name for name in await self.store.speaker_aliases(speaker.id, scope) if name_key(name) != own]

    # --- history -------------------------------------------------------------------------------

    async def history(
        self, scope: Scope, *, article_id: int | None = None, speaker: str | None = None, limit: int = 200
    ) -> list[HistoryEvent]:
        """Recorded changes, newest first. A speaker may be named or numbered; once merged away it
        is known only by number."""
        speaker_id = None
        if speaker:
            by_id = _SPEAKER_ID.match(speaker.strip())
            speaker_id = int(by_id.group(1)) if by_id else (await self.known_speaker(speaker, scope)).id
        if article_id is not None and await self.store.get_article(article_id, scope) is None:
            events = await self.store.history(scope, article_id=article_id, limit=limit)
            if not events:
                raise CurationError(f"there is no article #{article_id} and no record of one")
            return events
        if speaker_id is not None and await self.store.get_speaker(speaker_id) is None:
            events = await self.store.history(scope, speaker_id=speaker_id, limit=limit)
            if not events:  # merged away, it is still known by its record
                raise CurationError(f"there is no speaker #{speaker_id} and no record of one")
            return events
        return await self.store.history(scope, article_id=article_id, speaker_id=speaker_id, limit=limit)

    # --- re-extraction ---------------------------------------------------------------------------

    async def reindex(
        self, *, article_id: int | None = None, actor: str = "cli",
        progress: Callable[[int, int], None] | None = None,
    ) -> ReindexReport:
        """Run the current extractor over stored articles again; corrections are re-applied."""
        if article_id is not None:
            if await self.store.get_article(article_id, Scope.all()) is None:
                raise CurationError(f"there is no article #{article_id}")
            ids = [article_id]
        else:
            ids = await self.store.article_ids(Scope.all())
        before = after = done = 0
        for number in ids:
            body = await self.store.article_body(number)
            if body is not None:
                text = await asyncio.to_thread(analyse, body)
                counts = await self.store.reextract_article(number, text.sentences, text.quotes, text.quote_terms)
                if counts:
                    before, after, done = before + counts[0], after + counts[1], done + 1
            if progress:
                progress(ids.index(number) + 1 if article_id is not None else done, len(ids))
        report = ReindexReport(done, before, after)
        await self.store.record_event(
            at=self._now(), actor=actor, action="reindex",
            target=f"article #{article_id}" if article_id is not None else "corpus",
            after={"articles": done, "quotes_before": before, "quotes_after": after},
        )
        return report

    # --- guilds that removed the bot -------------------------------------------------------------

    async def guild_left(self, guild_id: int) -> None:
        await self.store.mark_guild_departed(guild_id, self._now())

    async def guild_returned(self, guild_id: int) -> bool:
        """True when a pending purge was called off."""
        return await self.store.mark_guild_returned(guild_id)

    async def guilds_left_while_away(self, present: set[int]) -> list[int]:
        """Guilds with data the bot is no longer in (removed while it was offline): marked departed now."""
        known = {guild_id for guild_id, _ in await self.store.departed_guilds()}
        missing = sorted((await self.store.guilds_with_data()) - present - known)
        for guild_id in missing:
            await self.guild_left(guild_id)
        return missing

    async def purge_due(self, grace_days: int) -> list[int]:
        """Purge every guild that left more than ``grace_days`` ago and did not come back."""
        now = self._clock().astimezone(timezone.utc)
        purged = []
        for guild_id, left_at in await self.store.departed_guilds():
            if now - datetime.fromisoformat(left_at) >= timedelta(days=grace_days):
                await self.store.purge_guild(guild_id)
                purged.append(guild_id)
        return purged

    async def purge(self, guild_id: int) -> dict[str, int]:
        """Everything of one guild, now (its owner asked)."""
        return await self.store.purge_guild(guild_id)
