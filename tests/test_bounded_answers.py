"""Answers stay small and fast when one statement is carried by many articles, and a topic narrows
a prolific speaker's quotes without changing what is found."""

from __future__ import annotations

import sqlite3

import pytest

import bot.search as search
import bot.storage.sqlite as sqlite_store
from bot.ingest import IngestOptions
from bot.storage import Scope

ALL = Scope.all()
TOWNS = ["Arlen", "Brisk", "Corwen", "Dunmore", "Elsby", "Fenwick", "Garrow", "Holt", "Ivel", "Jarrow"]


def _wire_story(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return (
        f"Harbour budget talks in {town}, report {i}\n\n"
        f"{town} (Wire) — Council members in {town} met for the {i}th time on the harbour budget and "
        f"the repair of road number {i * 7 + 3}.\n\n"
        f'"The bridge will reopen before winter," said Mayor Dana Whitfield, who chairs session {i}.\n\n'
        f"Residents of {town} asked about item {i * 13 + 1} of the plan and the cost of ferry {i}.\n"
    )


async def _load(desk, count: int, guild_id: int | None = None) -> None:
    for i in range(count):
        date = f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}"
        result = await desk.ingest_text(
            _wire_story(i), f"wire-{i}.txt", IngestOptions(outlet=f"Wire {i % 4}", date=date, guild_id=guild_id)
        )
        assert result.status in {"added", "near-copy"}, result


async def test_a_statement_in_many_articles_lists_the_earliest_and_counts_the_rest(empty_desk):
    await _load(empty_desk, 40)
    [statement] = (await empty_desk.whosaid("the bridge will reopen before winter", ALL)).results
    assert statement.article.date == "2025-01-01"  # the earliest report is the answer
    assert len(statement.also) == search.REPORTS_LISTED - 1  # the next earliest, in date order
    assert [a.date for a in statement.also] == sorted(a.date for a in statement.also)
    assert statement.also[0].date == "2025-01-02"
    assert statement.also_count == 39 and statement.also_count_exact


# the earliest reports of a common statement: its carriers read as a set, or the index probed per article
@pytest.mark.parametrize("probes_from", [sqlite_store.WALK_PROBES_FROM, 1], ids=["set", "probes"])
async def test_beyond_the_counting_cap_the_count_is_a_floor(empty_desk, monkeypatch, probes_from):
    monkeypatch.setattr(sqlite_store, "CARRIERS_COUNTED", 10)  # as if thousands carried it
    monkeypatch.setattr(sqlite_store, "WALK_PROBES_FROM", probes_from)
    await _load(empty_desk, 30, guild_id=7)
    for scope in (ALL, Scope.guild(7)):
        [statement] = (await empty_desk.whosaid("the bridge will reopen before winter", scope)).results
        assert statement.article.date == "2025-01-01"
        assert [a.date for a in statement.also][:3] == ["2025-01-02", "2025-01-03", "2025-01-04"]
        assert statement.also_count >= 9 and not statement.also_count_exact
    assert (await empty_desk.whosaid("the bridge will reopen before winter", Scope.guild(8))).results == []


@pytest.mark.parametrize("topic", ["Russia", "Iran", "missiles", "the war"])
async def test_narrowing_by_topic_finds_what_reading_every_quote_finds(desk, monkeypatch, topic):
    speakers = await desk.store.list_speakers(ALL, limit=200)
    assert len(speakers) >= 10
    found = 0
    for speaker in speakers:
        # as if they had more quotes than are read at once: the topic's matches are read instead
        monkeypatch.setattr(desk.store, "count_speaker_quotes", _prolific)
        narrowed = await search.quotes_by(desk.store, speaker, ALL, about=topic)
        monkeypatch.undo()
        monkeypatch.setattr(search, "_topic_match", _never_narrow)
        read_all = await search.quotes_by(desk.store, speaker, ALL, about=topic)
        monkeypatch.undo()
        assert [s.quote.id for s in await search.quotes_by(desk.store, speaker, ALL, about=topic)] == [
            s.quote.id for s in read_all
        ]  # as it runs: fewer quotes than the topic's matches, so all of theirs are read
        assert [s.quote.id for s in narrowed] == [s.quote.id for s in read_all], (speaker.name, topic)
        found += len(narrowed)
    assert found, topic  # the topic is discussed: the comparison is not of two empty lists


async def _never_narrow(store, topic):
    return None, 0


async def _prolific(speaker_id, cap):
    return cap + 1


async def test_a_common_topic_reads_further_back_without_reading_a_row_twice(empty_desk, monkeypatch):
    """Only the two oldest of twelve quotes are about the ferry: the newest few are read first, then
    the ones after them, never the same rows again."""
    for i in range(12):
        words = f"The ferry to pier {i} will sail again" if i < 2 else f"Road {i} will be resurfaced in spring"
        story = f"Council notes {i}\n\n\"{words},\" said Mayor Dana Whitfield on day {i}.\n"
        await empty_desk.ingest_text(story, f"notes-{i}.txt", IngestOptions(outlet="Gazette", date=f"2025-04-{i + 1:02d}"))
    mayor = (await empty_desk.quotes("Dana Whitfield", ALL)).speaker
    monkeypatch.setattr(search, "_topic_match", _never_narrow)  # as if the ferry were in every article
    reads: list[tuple[int, int]] = []
    real = empty_desk.store.speaker_quotes

    async def spy(ids, scope, filters, limit, within=None, offset=0):
        reads.append((offset, limit))
        return await real(ids, scope, filters, limit, within=within, offset=offset)

    monkeypatch.setattr(empty_desk.store, "speaker_quotes", spy)
    [statement] = await search.quotes_by(empty_desk.store, mayor, ALL, limit=1, about="ferry")
    assert statement.quote.text == "The ferry to pier 1 will sail again"  # the newest on the topic
    assert reads == [(0, 4), (4, 36)]  # the newest 4, then the next 36 (12 exist)


async def test_topic_words_stored_at_ingest_answer_as_analysing_when_asked(desk, settings):
    hegseth = (await desk.quotes("Hegseth", ALL)).speaker
    stored = [s.quote.id for s in await search.quotes_by(desk.store, hegseth, ALL, about="Iran")]
    rows = await desk.store._all("SELECT COUNT(*), COUNT(topics) FROM quotes")
    assert rows[0][0] == rows[0][1] > 0  # every quote got its topic words at ingest

    connection = sqlite3.connect(settings.database_path)  # as a database from before schema 9
    connection.execute("UPDATE quotes SET topics = NULL")
    connection.commit()
    connection.close()
    assert [s.quote.id for s in await search.quotes_by(desk.store, hegseth, ALL, about="Iran")] == stored
    assert stored

    await desk.curation.reindex()  # the way to give old quotes their topic words
    rows = await desk.store._all("SELECT COUNT(*), COUNT(topics) FROM quotes")
    assert rows[0][0] == rows[0][1]
    assert [s.quote.id for s in await search.quotes_by(desk.store, hegseth, ALL, about="Iran")] == stored


async def test_every_output_says_how_many_more_reports_there_are(empty_desk, monkeypatch):
    from bot import serialize, textout
    from cogs.ui.embeds import statement_embed

    await _load(empty_desk, 40)
    [statement] = (await empty_desk.whosaid("the bridge will reopen before winter", ALL)).results
    data = serialize.statement(statement)
    assert len(data["also"]) == 24 and data["also_count"] == 39 and data["also_count_exact"] is True
    assert "and 15 others" in textout.statement_block(1, statement)
    field = next(f for f in statement_embed(statement).fields if f.name.startswith("Also reported"))
    assert field.name == "Also reported by 39" and field.value.endswith("…and 29 more")

    monkeypatch.setattr(sqlite_store, "CARRIERS_COUNTED", 30)  # counted up to 30 of the 40
    [statement] = (await empty_desk.whosaid("the bridge will reopen before winter", ALL)).results
    assert statement.also_count == 29 and statement.also_count_exact is False
    assert "and 5 or more others" in textout.statement_block(1, statement)
    field = next(f for f in statement_embed(statement).fields if f.name.startswith("Also reported"))
    assert field.name.endswith("+") and field.value.endswith("+ more")


async def test_whosaid_past_a_corpus_it_can_rank_whole_searches_words_not_their_prefixes(desk, monkeypatch):
    """A known word is searched as itself once the corpus is too large to rank whole: its 4-letter
    prefix ("neut"*) makes FTS5 merge the doclist of every term it expands to, whatever the counts
    of the words say. The seeds are tiny, so the smaller budget stands in for a large corpus."""
    whole = (await desk.whosaid("we are not neutral", ALL)).results
    matches: list[str] = []
    original = desk.store.search_statements

    async def spy(match, *args, **kwargs):
        matches.append(match)
        return await original(match, *args, **kwargs)

    monkeypatch.setattr(desk.store, "search_statements", spy)
    monkeypatch.setattr(search, "RANK_BUDGET", 3)
    bounded = (await desk.whosaid("we are not neutral", ALL)).results
    assert matches and not any('"neut"*' in match for match in matches)
    assert [s.quote.speaker.name for s in bounded][:1] == [s.quote.speaker.name for s in whole][:1]
    assert bounded[0].quote.text == whole[0].quote.text and "neutral" in bounded[0].quote.text
