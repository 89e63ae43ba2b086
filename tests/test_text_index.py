"""The full-text indexes hold each distinct text once: a statement quoted by many articles and a
sentence they all carry are one index row each, found for every article that carries them, and
gone with the last of them."""

from __future__ import annotations

import sqlite3

import pytest

from bot.fingerprint import passage_key, text_key
from bot.ingest import IngestOptions
from bot.storage import Scope, open_store
from tests.test_storage import make_old_database

ALL = Scope.all()
SHARED = "The ferry service to Wexham will resume in March, the harbour office confirmed on Monday."


def _story(i: int) -> str:
    return (
        f"Harbour news, edition {i}\n\n"
        f"Dock workers in port {i} unloaded {i * 11 + 4} crates of timber before the storm.\n\n"
        f"{SHARED}\n\n"
        f'"The new cranes arrive next week," said harbour master Olga Brandt at meeting {i}.\n'
    )


async def _count(desk, sql: str, params: tuple = ()) -> int:
    return int((await desk.store._one(sql, params))[0])


async def _load(desk, count: int, guild_id: int | None = None) -> list[int]:
    ids = []
    for i in range(count):
        result = await desk.ingest_text(
            _story(i), f"harbour-{i}.txt", IngestOptions(outlet=f"Outlet {i}", date=f"2025-03-{i + 1:02d}", guild_id=guild_id)
        )
        assert result.status in {"added", "copy"}, result  # a near-copy is stored too
        ids.append(result.article_id)
    return ids


async def test_a_text_carried_by_many_articles_is_indexed_once(empty_desk):
    await _load(empty_desk, 5)
    key = text_key("The new cranes arrive next week")
    assert await _count(empty_desk, "SELECT COUNT(*) FROM quotes WHERE text_key = ?", (key,)) == 5
    assert await _count(empty_desk, "SELECT COUNT(*) FROM statements WHERE text_key = ?", (key,)) == 1
    shared = await _count(empty_desk, "SELECT id FROM passages WHERE key = ?", (passage_key(SHARED),))
    assert await _count(empty_desk, "SELECT COUNT(*) FROM sentences WHERE passage_id = ?", (shared,)) == 5

    [statement] = (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results
    assert statement.article.date == "2025-03-01" and statement.also_count == 4
    assert (statement.quote.speaker.name, statement.quote.speaker.title) == ("Olga Brandt", "harbour master")
    sources = (await empty_desk.sources("the ferry service to Wexham will resume in March", ALL)).results
    assert sorted(s.article.date for s in sources) == [f"2025-03-0{i}" for i in range(1, 6)]
    assert all(s.sentences == [SHARED] for s in sources)


async def test_sentence_search_cuts_at_the_limit_across_many_carriers(empty_desk):
    """The best passages come first, each with its carriers first stored first; a sentence that
    many articles carry fills the limit without pushing a better one out (and unranked, the newest)."""
    ids = await _load(empty_desk, 5)
    late = await empty_desk.ingest_text(
        "Quay delays\n\nPassengers waited on the quay all morning.\n\nThe ferry is late.\n", "late.txt",
        IngestOptions(outlet="Outlet L", date="2025-03-09"),
    )
    assert late.status == "added", late
    store = empty_desk.store
    ranked = await store.search_sentences('"ferry"', ALL, _no_filters(), 3)
    assert [(hit[1], hit[3].id) for hit in ranked] == [
        ("The ferry is late.", late.article_id), (SHARED, ids[0]), (SHARED, ids[1])
    ]
    newest = await store.search_sentences('"ferry"', ALL, _no_filters(), 3, ranked=False)
    assert [(hit[1], hit[3].id) for hit in newest] == [
        ("The ferry is late.", late.article_id), (SHARED, ids[4]), (SHARED, ids[3])
    ]


async def test_who_said_shows_the_earliest_report_in_its_own_words(empty_desk):
    """Candidates are scored on the statement's stored words; the answer quotes the earliest
    article as that article wrote it (here the later story, stored first, exclaims)."""
    later = 'Storm damage was repaired overnight.\n\n"The new cranes arrive next week!" said Olga Brandt, the harbour master.\n'
    earlier = 'Council budgets were approved in full.\n\n"The new cranes arrive next week," said Olga Brandt, the harbour master.\n'
    for text, date in ((later, "2025-04-02"), (earlier, "2025-04-01")):
        result = await empty_desk.ingest_text(text, f"{date}.txt", IngestOptions(date=date))
        assert result.status in {"added", "copy"} and result.quotes == 1, result
    [statement] = (await empty_desk.whosaid("new cranes arrive next week", ALL)).results
    assert statement.article.date == "2025-04-01"
    assert statement.quote.text == "The new cranes arrive next week"
    assert statement.quote.article_id == statement.article.id and statement.also_count == 1
    assert await _count(empty_desk, "SELECT COUNT(*) FROM statements") == 1


async def test_a_guild_finds_shared_texts_only_through_the_articles_it_may_see(empty_desk):
    await _load(empty_desk, 2, guild_id=7)
    for guild, expected in ((7, 2), (8, 0)):
        scope = Scope.guild(guild)
        sources = (await empty_desk.sources("the ferry service to Wexham will resume in March", scope)).results
        assert len(sources) == expected
        statements = (await empty_desk.whosaid("the new cranes arrive next week", scope)).results
        assert len(statements) == (1 if expected else 0)


async def test_an_indexed_text_goes_with_its_last_carrier(empty_desk):
    first, second = await _load(empty_desk, 2)
    await empty_desk.remove_article(first, ALL)
    assert (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results[0].article.id == second
    await empty_desk.remove_article(second, ALL)
    for table in ("statements", "passages", "quotes", "sentences"):
        assert await _count(empty_desk, f"SELECT COUNT(*) FROM {table}") == 0, table
    assert (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results == []
    assert (await empty_desk.sources("the ferry service to Wexham will resume in March", ALL)).results == []
    assert await empty_desk.store.integrity_check() == "ok"


# Passages and statements whose carriers index (schema step 14) disagrees with the rows that carry
# them: the articles it names (unpacked from its rowids) against the sentences', the quote ids
# against the quotes'.
CARRIERS_OUT_OF_STEP = """SELECT 'passage', p.id FROM passages p
           WHERE (SELECT group_concat(n) FROM (SELECT rowid >> 32 AS n FROM passage_carriers
                                               WHERE passage_carriers MATCH 'p' || p.id ORDER BY rowid))
              IS NOT (SELECT group_concat(n) FROM (SELECT article_id AS n FROM sentences
                                                   WHERE passage_id = p.id ORDER BY article_id, id))
           UNION ALL
           SELECT 'statement', st.text_key FROM statements st
           WHERE (SELECT group_concat(n) FROM (SELECT rowid & 4294967295 AS n FROM statement_carriers
                                               WHERE statement_carriers MATCH 'k' || st.text_key ORDER BY rowid))
              IS NOT (SELECT group_concat(n) FROM (SELECT id AS n FROM quotes
                                                   WHERE text_key = st.text_key ORDER BY article_id, id))"""


async def _carriers_out_of_step(desk) -> list[tuple]:
    return await desk.store._all(CARRIERS_OUT_OF_STEP)


async def test_the_carriers_index_follows_every_write(empty_desk):
    """Which articles carry a passage or statement is read from an index of its own; it holds exactly
    the stored sentences and quotes through loads, a reindex, a correction and removals."""
    ids = await _load(empty_desk, 4)
    assert await _carriers_out_of_step(empty_desk) == []
    await empty_desk.curation.reindex()
    quote = (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results[0].quote
    await empty_desk.curation.reassign(quote.id, "Dock Chief Per Lund", ALL, actor="moderator")
    await empty_desk.remove_article(ids[1], ALL)
    assert await _carriers_out_of_step(empty_desk) == []
    assert (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results[0].also_count == 2
    assert await empty_desk.store.integrity_check() == "ok"

    def rekey(db: sqlite3.Connection) -> None:  # no code path does this today; the triggers still follow it
        db.execute("UPDATE quotes SET text_key = 'feedfacefeedface' WHERE id = ?", (quote.id,))
        db.execute("UPDATE sentences SET passage_id = (SELECT max(passage_id) FROM sentences) WHERE id = 1")

    await empty_desk.store._writer.run(rekey)
    assert await _carriers_out_of_step(empty_desk) == []


async def test_row_ids_past_the_packing_are_refused_not_mixed_up(empty_desk):
    """The carriers index packs ``article_id << 32 | row id``: a row id that does not fit is an
    error, never an entry that would read as another article's."""
    [article] = await _load(empty_desk, 1)

    def insert(db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO sentences (id, article_id, position, passage_id) VALUES (?, ?, 0, 1)", (1 << 32, article)
        )

    with pytest.raises(sqlite3.IntegrityError, match="do not fit the passage_carriers index"):
        await empty_desk.store._writer.run(insert)


async def _segments(desk, index: str) -> int:
    """The b-trees (segments) an FTS5 index is split into: each lookup seeks in every one."""
    return await _count(desk, f"SELECT count(DISTINCT segid) FROM {index}_idx")


async def test_a_load_of_a_large_share_of_the_corpus_leaves_the_full_text_indexes_merged(empty_desk, tmp_path):
    await _load(empty_desk, 6)  # one transaction each: a segment each, until FTS5 merges them
    assert await _segments(empty_desk, "passage_carriers") > 1
    folder = tmp_path / "load"
    folder.mkdir()
    for i in range(6, 9):  # a third of the corpus after it
        (folder / f"harbour-{i}.txt").write_text(_story(i), encoding="utf-8")
    results = await empty_desk.ingest_paths([folder])
    assert {r.status for r in results} <= {"added", "copy"}, results
    for index in ("passage_carriers", "statement_carriers", "passages_fts", "statements_fts", "speaker_aliases_fts"):
        assert await _segments(empty_desk, index) == 1, index
    assert (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results[0].also_count == 8
    assert await _carriers_out_of_step(empty_desk) == []


async def test_a_merge_that_fails_leaves_the_load_stored(empty_desk, tmp_path, monkeypatch, caplog):
    """Merging only makes lookups faster: a merge the database refuses is a warning, not a failed load."""
    import bot.storage.sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "_FTS_INDEXES", ("passage_carriers", "no_such_index"))
    folder = tmp_path / "load"
    folder.mkdir()
    (folder / "harbour-0.txt").write_text(_story(0), encoding="utf-8")
    [result] = await empty_desk.ingest_paths([folder])
    assert result.status == "added"
    assert "left partly unmerged" in caplog.text
    assert (await empty_desk.whosaid("the new cranes arrive next week", ALL)).results


async def test_a_small_load_leaves_merging_to_fts5(empty_desk, tmp_path):
    await _load(empty_desk, 9)
    before = await _segments(empty_desk, "passage_carriers")
    folder = tmp_path / "load"
    folder.mkdir()
    (folder / "harbour-9.txt").write_text(_story(9), encoding="utf-8")  # a tenth of the corpus
    await empty_desk.ingest_paths([folder])
    assert await _segments(empty_desk, "passage_carriers") == before + 1


async def test_reindex_keeps_one_index_row_per_text(empty_desk):
    await _load(empty_desk, 3)
    before = [await _count(empty_desk, f"SELECT COUNT(*) FROM {t}") for t in ("statements", "passages")]
    await empty_desk.curation.reindex()
    after = [await _count(empty_desk, f"SELECT COUNT(*) FROM {t}") for t in ("statements", "passages")]
    assert after == before
    assert len((await empty_desk.sources("the ferry service to Wexham will resume in March", ALL)).results) == 3


async def test_an_upgrade_indexes_the_stored_texts_once_and_compacts_the_file(tmp_path):
    path = tmp_path / "old.db"
    make_old_database(path, 9)  # schema 9: one index row per quote and per sentence
    connection = sqlite3.connect(path)
    connection.execute("INSERT INTO articles (source, title, ingested_at, content_hash) VALUES ('b.txt', 'B', '2025-01-02', 'h2')")
    connection.execute("INSERT INTO article_bodies (article_id, body) VALUES (2, 'Body.')")
    key = text_key("We will rebuild the pier")
    for article_id in (1, 2):
        connection.execute(
            "INSERT INTO sentences (article_id, position, text, search_text) VALUES (?, 0, ?, ?)",
            (article_id, '"We will rebuild the pier," she said.', "we will rebuild the pier she said "),
        )
        connection.execute(
            """INSERT INTO quotes (article_id, text, kind, position, sentence, search_text, text_key)
               VALUES (?, 'We will rebuild the pier', 'direct', 1, '"We will rebuild the pier," she said.',
                       'we will rebuild the pier ', ?)""",
            (article_id, key),
        )
    connection.execute(
        "INSERT INTO sentences (article_id, position, text, search_text) VALUES (2, 40, 'Work starts soon.', 'work starts soon ')"
    )
    connection.commit()
    connection.close()

    store = await open_store(path)
    try:
        assert await store._all("SELECT text_key, text FROM statements") == [(key, "We will rebuild the pier")]
        assert await store._all("SELECT text FROM passages ORDER BY id") == [
            ('"We will rebuild the pier," she said.',), ("Work starts soon.",)
        ]
        assert await store._all("SELECT article_id, position, passage_id FROM sentences ORDER BY id") == [
            (1, 0, 1), (2, 0, 1), (2, 40, 2)
        ]
        assert [hit.key for hit in await store.search_statements('"pier"', ALL, _no_filters(), 10)] == [key]
        hits = await store.search_sentences('"pier"', ALL, _no_filters(), 10)
        assert sorted(hit[3].id for hit in hits) == [1, 2]
        assert await store.article_sentences(2) == [(0, '"We will rebuild the pier," she said.'), (40, "Work starts soon.")]
        carriers = (await store.reports_of([key], ALL))[key]  # from the carriers index built on upgrade
        assert (carriers.count, [a.id for a in carriers.earliest]) == (2, [1, 2])
        assert (await store._one("PRAGMA freelist_count"))[0] == 0  # compacted after the upgrade
        assert await store.integrity_check() == "ok"
    finally:
        await store.close()


def _no_filters():
    from bot.storage.scope import Filters

    return Filters()
