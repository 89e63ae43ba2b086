"""Versioned schema for the SQLite store. ``PRAGMA user_version`` records how far a file has come.

Never edit a released step: add a new one. Each step runs in its own transaction, so an older
database is upgraded in place and a crash mid-upgrade leaves it at the previous version.
"""

from __future__ import annotations

_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"

# Speaker aliases whose lookup key the current ``bot.identity.name_key`` (registered on the
# connection as ``quotedesk_name_key``) makes differently get the new key, and their trigrams with it.
_REKEY_ALIASES = """
    CREATE TEMP TABLE renamed_aliases AS
        SELECT rowid AS id, norm AS old FROM speaker_aliases WHERE norm != quotedesk_name_key(alias);
    INSERT INTO speaker_aliases_fts(speaker_aliases_fts, rowid, norm)
        SELECT 'delete', id, old FROM renamed_aliases;
    UPDATE OR IGNORE speaker_aliases SET norm = quotedesk_name_key(alias)
        WHERE rowid IN (SELECT id FROM renamed_aliases);
    INSERT INTO speaker_aliases_fts(rowid, norm)
        SELECT rowid, norm FROM speaker_aliases WHERE rowid IN (SELECT id FROM renamed_aliases);
    DROP TABLE renamed_aliases;
    """


def _carriers_index(
    rows: str, index: str, prefix: str, column: str, texts: str, key: str, *, replaces: tuple[str, str]
) -> str:
    """Schema step 14 for one kind of row: which ``rows`` (sentences, quotes) carry each of
    ``texts`` (passages by id, statements by text key), as a contentless FTS5 ``index`` of one token
    per row (``prefix`` and the row's ``column``) whose rowid packs ``article_id << 32 | row id``;
    it replaces a B-tree index and the trigger that deleted a text with its last carrier
    (``replaces``: their names). A contentless index must be told exactly what it held to forget it, hence the
    triggers on delete and on update. (Part of a released step: never change what this returns.)"""
    entry = f"(new.article_id << 32) | new.id, '{prefix}' || new.{column}"
    old_entry = f"'delete', (old.article_id << 32) | old.id, '{prefix}' || old.{column}"
    orphan = f"""DELETE FROM {texts} WHERE {key} = old.{column}
            AND NOT EXISTS (SELECT 1 FROM {index} WHERE {index} MATCH '{prefix}' || old.{column});"""
    return f"""
    CREATE VIRTUAL TABLE {index} USING fts5(token, content='', detail=none, columnsize=0);
    INSERT INTO {index} (rowid, token) SELECT (article_id << 32) | id, '{prefix}' || {column} FROM {rows};
    DROP INDEX {replaces[0]};
    DROP TRIGGER {replaces[1]};
    CREATE TRIGGER {rows}_carry AFTER INSERT ON {rows} BEGIN
        SELECT RAISE(ABORT, '{rows[:-1]} ids past 2^32 do not fit the {index} index') WHERE new.id > 4294967295;
        INSERT INTO {index} (rowid, token) VALUES ({entry});
    END;
    CREATE TRIGGER {rows}_uncarry AFTER DELETE ON {rows} BEGIN
        INSERT INTO {index} ({index}, rowid, token) VALUES ({old_entry});
        -- a text goes with its last carrier
        {orphan}
    END;
    CREATE TRIGGER {rows}_recarry AFTER UPDATE OF article_id, {column} ON {rows} BEGIN
        INSERT INTO {index} ({index}, rowid, token) VALUES ({old_entry});
        INSERT INTO {index} (rowid, token) VALUES ({entry});
        {orphan}
    END;
    """

MIGRATIONS: list[str] = [
    # 1: articles, speakers, quotes, sentences and their full-text indexes.
    f"""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        date TEXT,
        url TEXT,
        guild_id INTEGER,
        ingested_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        copy_of INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX articles_hash ON articles(content_hash);
    CREATE INDEX articles_date ON articles(date);
    CREATE INDEX articles_guild ON articles(guild_id, date);
    CREATE INDEX articles_url ON articles(url);

    CREATE TABLE article_sketch (
        hash INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX article_sketch_hash ON article_sketch(hash);
    CREATE INDEX article_sketch_article ON article_sketch(article_id);

    CREATE TABLE speakers (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        title TEXT,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'body', 'anonymous', 'group')),
        -- set for unnamed sources and groups: "one official" is one person in one article only
        article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX speakers_article ON speakers(article_id);

    CREATE TABLE speaker_aliases (
        speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        norm TEXT NOT NULL,
        PRIMARY KEY (speaker_id, norm)
    );
    CREATE INDEX speaker_aliases_norm ON speaker_aliases(norm);
    CREATE VIRTUAL TABLE speaker_aliases_fts USING fts5(
        norm, content='speaker_aliases', tokenize='trigram'
    );
    CREATE TRIGGER speaker_aliases_ai AFTER INSERT ON speaker_aliases BEGIN
        INSERT INTO speaker_aliases_fts(rowid, norm) VALUES (new.rowid, new.norm);
    END;
    CREATE TRIGGER speaker_aliases_ad AFTER DELETE ON speaker_aliases BEGIN
        INSERT INTO speaker_aliases_fts(speaker_aliases_fts, rowid, norm)
        VALUES ('delete', old.rowid, old.norm);
    END;

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        speaker_id INTEGER REFERENCES speakers(id) ON DELETE SET NULL,
        text TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'partial', 'indirect')),
        cue TEXT,
        venue TEXT,
        position INTEGER NOT NULL,
        sentence TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL,
        text_key TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article_id, position);
    CREATE INDEX quotes_speaker ON quotes(speaker_id);
    CREATE INDEX quotes_key ON quotes(text_key);
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        search_text, content='quotes', content_rowid='id', tokenize='{_FTS_TOKENIZER}'
    );
    CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END;
    CREATE TRIGGER quotes_au AFTER UPDATE OF search_text ON quotes BEGIN
        INSERT INTO quotes_fts(quotes_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO quotes_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;

    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        search_text TEXT NOT NULL
    );
    CREATE INDEX sentences_article ON sentences(article_id, position);
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        search_text, content='sentences', content_rowid='id', tokenize='{_FTS_TOKENIZER}'
    );
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END;
    CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');
    CREATE VIRTUAL TABLE quotes_vocab USING fts5vocab(quotes_fts, 'row');
    """,
    # 2: per-guild configuration (moderator role, daily digest schedule and its last post).
    """
    CREATE TABLE guild_settings (
        guild_id INTEGER PRIMARY KEY,
        moderator_role_id INTEGER,
        digest_channel_id INTEGER,
        digest_time TEXT NOT NULL DEFAULT '09:00',
        digest_timezone TEXT NOT NULL DEFAULT 'UTC',
        digest_quiet_note INTEGER NOT NULL DEFAULT 1,
        digest_enabled INTEGER NOT NULL DEFAULT 0,
        digest_last_posted TEXT,
        digest_disabled_reason TEXT,
        updated_at TEXT
    );
    """,
    # 3: the vocabulary of quotes (as indexed stems) with a trigram index, to correct misspellings.
    """
    CREATE TABLE quote_terms (
        id INTEGER PRIMARY KEY,
        term TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE quote_terms_fts USING fts5(
        term, content='quote_terms', content_rowid='id', tokenize='trigram'
    );
    CREATE TRIGGER quote_terms_ai AFTER INSERT ON quote_terms BEGIN
        INSERT INTO quote_terms_fts(rowid, term) VALUES (new.id, new.term);
    END;
    INSERT OR IGNORE INTO quote_terms (term) SELECT term FROM quotes_vocab;
    """,
    # 4: moderators' curation: corrections that survive re-extraction, article versions, history,
    # guilds that removed the bot (purged after a grace period).
    """
    ALTER TABLE quotes ADD COLUMN mention TEXT;  -- the name the article used for the speaker
    ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE articles ADD COLUMN updated_at TEXT;
    -- a moderator's alias: an exact mention of it always means this speaker
    ALTER TABLE speaker_aliases ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE quote_corrections (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        text_key TEXT NOT NULL,
        speaker_id INTEGER REFERENCES speakers(id) ON DELETE CASCADE,
        removed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (article_id, text_key)
    );
    CREATE INDEX quote_corrections_speaker ON quote_corrections(speaker_id);

    CREATE TABLE article_corrections (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        field TEXT NOT NULL CHECK (field IN ('title', 'outlet', 'date', 'url')),
        value TEXT,
        PRIMARY KEY (article_id, field)
    );

    -- no foreign keys: the record of a removal outlives what was removed
    CREATE TABLE history (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        article_id INTEGER,
        speaker_id INTEGER,
        before TEXT,
        after TEXT
    );
    CREATE INDEX history_guild ON history(guild_id, id);
    CREATE INDEX history_article ON history(article_id, id);
    CREATE INDEX history_speaker ON history(speaker_id, id);

    CREATE TABLE guild_departures (
        guild_id INTEGER PRIMARY KEY,
        left_at TEXT NOT NULL
    );
    """,
    # 5: near-copy sketches become 8-word shingles looked up with a per-hash cap (see
    # bot.fingerprint); covering indexes answer "which articles hold this hash" and "which articles
    # carry this statement" from the index alone, and a speaker's quotes are sorted by date from it.
    # Sketches of articles stored before this step are rebuilt by the store after the upgrade
    # (the 'resketch' task below, resumable, in chunks).
    """
    DROP INDEX IF EXISTS article_sketch_hash;
    CREATE INDEX article_sketch_lookup ON article_sketch(hash, article_id);
    DROP INDEX IF EXISTS quotes_key;
    CREATE INDEX quotes_key_article ON quotes(text_key, article_id);
    DROP INDEX IF EXISTS quotes_speaker;
    CREATE INDEX quotes_speaker_article ON quotes(speaker_id, article_id, position);
    CREATE TABLE store_tasks (
        name TEXT PRIMARY KEY,
        progress INTEGER NOT NULL DEFAULT 0  -- the last article id done
    );
    INSERT INTO store_tasks (name) SELECT 'resketch' WHERE EXISTS (SELECT 1 FROM articles);
    """,
    # 6: sentence embeddings (the optional extra). One float32 vector per sentence and model
    # ("space": vectors of two models are never compared); vectors go with their sentence. The
    # change counters let a process holding the vectors in memory see what others wrote or deleted.
    """
    CREATE TABLE vector_spaces (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        model TEXT NOT NULL,
        dim INTEGER NOT NULL
    );
    CREATE TABLE sentence_vectors (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
        space_id INTEGER NOT NULL REFERENCES vector_spaces(id) ON DELETE CASCADE,
        vector BLOB NOT NULL,
        UNIQUE (sentence_id, space_id)
    );
    CREATE TABLE vector_changes (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        inserted INTEGER NOT NULL,
        deleted INTEGER NOT NULL
    );
    INSERT INTO vector_changes (id, inserted, deleted) VALUES (1, 0, 0);
    CREATE TRIGGER sentence_vectors_ai AFTER INSERT ON sentence_vectors BEGIN
        UPDATE vector_changes SET inserted = inserted + 1 WHERE id = 1;
    END;
    CREATE TRIGGER sentence_vectors_ad AFTER DELETE ON sentence_vectors BEGIN
        UPDATE vector_changes SET deleted = deleted + 1 WHERE id = 1;
    END;
    """,
    # 7. perf: article text in its own table. With the text inline every article row filled a page,
    # so each join from a quote or sentence to its article read one page per row; without it the
    # articles of a large corpus fit in the page cache.
    """
    CREATE TABLE article_bodies (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        body TEXT NOT NULL
    );
    INSERT INTO article_bodies (article_id, body) SELECT id, body FROM articles;
    ALTER TABLE articles DROP COLUMN body;
    """,
    # 8. perf: storing a quote looks its speaker's name up among the speakers of the whole corpus.
    # Names like "officials" are also the aliases of tens of thousands of article-local speakers;
    # marking those lets the lookup skip them in the index instead of reading each speaker. Pinned
    # aliases (a moderator's word, checked for every quote) get a small index of their own.
    """
    ALTER TABLE speaker_aliases ADD COLUMN local INTEGER NOT NULL DEFAULT 0;
    UPDATE speaker_aliases SET local = 1
        WHERE speaker_id IN (SELECT id FROM speakers WHERE article_id IS NOT NULL);
    DROP INDEX speaker_aliases_norm;
    CREATE INDEX speaker_aliases_norm ON speaker_aliases(norm, local);
    CREATE INDEX speaker_aliases_pinned ON speaker_aliases(norm) WHERE pinned = 1;
    """,
    # 9. perf: the words of a quote and its sentence (stems and concept tokens, space-delimited),
    # worked out at ingest, so asking what someone said on a topic tests each quote with a lookup
    # instead of re-analysing its text. Quotes stored before have NULL (analysed when asked).
    """
    ALTER TABLE quotes ADD COLUMN topics TEXT;
    """,
    # 10. perf: the full-text indexes hold each distinct text once. News repeats itself (wire copies,
    # a statement quoted by every outlet, boilerplate), and the answers are per statement anyway:
    # a quote's words are indexed once per *statement* (its text_key), a sentence once per
    # *passage* (its exact text, keyed by ``passage_key`` in bot.fingerprint, registered on the
    # writer connection as ``quotedesk_passage_key``). Quotes point to their statement by text_key,
    # sentences to their passage by id; a statement or passage goes when its last carrier does.
    # A statement keeps the words of its first quote (``text``), so candidates for "who said X"
    # are scored on the statements alone; quotes and articles are read for the best few only.
    f"""
    CREATE TABLE statements (
        id INTEGER PRIMARY KEY,
        text_key TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        search_text TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE statements_fts USING fts5(
        search_text, content='statements', content_rowid='id', tokenize='{_FTS_TOKENIZER}'
    );
    CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
        INSERT INTO statements_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER statements_ad AFTER DELETE ON statements BEGIN
        INSERT INTO statements_fts(statements_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END;
    INSERT INTO statements (text_key, text, search_text)
        SELECT text_key, text, search_text FROM quotes
        WHERE id IN (SELECT min(id) FROM quotes GROUP BY text_key) ORDER BY id;
    DROP TRIGGER quotes_ai;
    DROP TRIGGER quotes_ad;
    DROP TRIGGER quotes_au;
    DROP TABLE quotes_vocab;
    DROP TABLE quotes_fts;
    ALTER TABLE quotes DROP COLUMN search_text;
    CREATE TRIGGER quotes_statement_gone AFTER DELETE ON quotes
        WHEN NOT EXISTS (SELECT 1 FROM quotes WHERE text_key = old.text_key)
    BEGIN
        DELETE FROM statements WHERE text_key = old.text_key;
    END;

    CREATE TABLE passages (
        id INTEGER PRIMARY KEY,
        key INTEGER NOT NULL UNIQUE,
        text TEXT NOT NULL,
        search_text TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE passages_fts USING fts5(
        search_text, content='passages', content_rowid='id', tokenize='{_FTS_TOKENIZER}'
    );
    CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
        INSERT INTO passages_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END;
    CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
        INSERT INTO passages_fts(passages_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END;
    INSERT OR IGNORE INTO passages (key, text, search_text)
        SELECT quotedesk_passage_key(text), text, search_text FROM sentences
        WHERE id IN (SELECT min(id) FROM sentences GROUP BY text) ORDER BY id;
    ALTER TABLE sentences ADD COLUMN passage_id INTEGER;
    UPDATE sentences SET passage_id = (SELECT p.id FROM passages p WHERE p.key = quotedesk_passage_key(sentences.text));
    DROP TRIGGER sentences_ai;
    DROP TRIGGER sentences_ad;
    DROP TABLE sentences_vocab;
    DROP TABLE sentences_fts;
    ALTER TABLE sentences DROP COLUMN text;
    ALTER TABLE sentences DROP COLUMN search_text;
    CREATE INDEX sentences_passage ON sentences(passage_id, article_id);
    CREATE TRIGGER sentences_passage_gone AFTER DELETE ON sentences
        WHEN NOT EXISTS (SELECT 1 FROM sentences WHERE passage_id = old.passage_id)
    BEGIN
        DELETE FROM passages WHERE id = old.passage_id;
    END;
    """,
    # 11. A name that opens with a title word ("the Justice Department") keeps it in its lookup key:
    # only a person's title is dropped ("Justice Ginsburg" is "ginsburg"), so "the department" of
    # another article no longer meets "the Justice Department" (bot.identity.name_key). The keys are
    # recomputed with the function new aliases use (``quotedesk_name_key``), their trigrams with them.
    _REKEY_ALIASES,
    # 12. A particle glued on by an apostrophe is part of the surname ("O'Neill" is "oneill", no
    # longer a given name "o" and a surname "neill" that kept "O'Neill" apart from "James O'Neill"):
    # the keys are recomputed as in step 11.
    _REKEY_ALIASES,
    # 13. perf: a near-copy sketch hash held by more than 32 articles (``SKETCH_COMMON`` in
    # bot.fingerprint when this step was written) is boilerplate, and stays boilerplate: it is
    # recorded once in sketch_boilerplate and never looked up again, so the rows that hold it need
    # no entry in the lookup index (70% of the rows in the benchmark's corpus; each entry is a
    # write to a random page of a large index). Every article keeps its whole sketch in
    # article_sketch, read by article to compare two sketches.
    """
    CREATE TABLE sketch_boilerplate (hash INTEGER PRIMARY KEY);
    INSERT INTO sketch_boilerplate (hash) SELECT hash FROM article_sketch GROUP BY hash HAVING count(*) > 32;
    ALTER TABLE article_sketch ADD COLUMN boilerplate INTEGER NOT NULL DEFAULT 0;
    UPDATE article_sketch SET boilerplate = 1 WHERE hash IN (SELECT hash FROM sketch_boilerplate);
    DROP INDEX article_sketch_lookup;
    CREATE INDEX article_sketch_lookup ON article_sketch(hash, article_id) WHERE boilerplate = 0;
    """,
    # 14. perf: "which articles carry this passage (statement)" is read from a contentless FTS5
    # index, no longer from B-tree indexes on sentences(passage_id, article_id) and
    # quotes(text_key, article_id). Each new sentence or quote was an entry written to a random
    # page of a large B-tree (at 100k articles each of the two took about a fifth of the writer's
    # time); FTS5 writes a transaction's entries as one sorted segment and merges segments
    # sequentially. One token per row, ``p<passage id>`` or ``k<text key>``; the rowid packs
    # ``article_id << 32 | row id``, so the carrying articles come from the index alone, in article
    # order, and a row is read by its id.
    _carriers_index("sentences", "passage_carriers", "p", "passage_id", "passages", "id",
                    replaces=("sentences_passage", "sentences_passage_gone"))
    + _carriers_index("quotes", "statement_carriers", "k", "text_key", "statements", "text_key",
                      replaces=("quotes_key_article", "quotes_statement_gone")),
]

SCHEMA_VERSION = len(MIGRATIONS)

# Steps that rewrite large tables in place (dropped columns leave their pages half empty): after
# upgrading a database that holds articles through one of them, the store compacts the file.
VACUUM_AFTER = frozenset({10})
