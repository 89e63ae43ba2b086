"""The SQLite store: schema upgrades in place, whole-article transactions, backups."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bot.storage import Scope, open_store
from bot.storage.migrations import MIGRATIONS, SCHEMA_VERSION
from bot.storage.sqlite import _split_sql
from tests.conftest import ROOT, SEEDS


def make_old_database(path: Path, version: int, rows: tuple[str, ...] = ()) -> None:
    """A database as an older QuoteDesk left it: only the first ``version`` schema steps, one
    article, and the ``rows`` (INSERT statements) given."""
    from bot.fingerprint import passage_key
    from bot.identity import name_key

    connection = sqlite3.connect(path)
    connection.create_function("quotedesk_passage_key", 1, passage_key, deterministic=True)  # step 10
    connection.create_function("quotedesk_name_key", 1, name_key, deterministic=True)  # step 11
    for step in MIGRATIONS[:version]:
        for statement in _split_sql(step):
            connection.execute(statement)
    connection.execute(f"PRAGMA user_version = {version}")
    if version < 7:  # the text was a column of the article until step 7
        connection.execute(
            "INSERT INTO articles (source, title, ingested_at, content_hash, body) VALUES ('old.txt', 'Old', '2025-01-01', 'h', 'Old body.')"
        )
    else:
        connection.execute(
            "INSERT INTO articles (source, title, ingested_at, content_hash) VALUES ('old.txt', 'Old', '2025-01-01', 'h')"
        )
        connection.execute("INSERT INTO article_bodies (article_id, body) VALUES (1, 'Old body.')")
    for row in rows:
        connection.execute(row)
    connection.commit()
    connection.close()


async def test_an_older_database_records_its_boilerplate_sketch_hashes_on_upgrade(tmp_path):
    # Schema 12 gave every sketch row a lookup entry; step 13 records the hashes held by more than
    # SKETCH_COMMON articles as boilerplate and takes their rows out of the lookup index.
    from bot.fingerprint import SKETCH_COMMON

    holders = range(2, SKETCH_COMMON + 3)  # one more than SKETCH_COMMON, besides article 1
    rows = [f"INSERT INTO articles (id, source, ingested_at, content_hash) VALUES ({n}, '{n}.txt', '2025-01-01', 'h{n}')" for n in holders]
    rows += [f"INSERT INTO article_sketch (hash, article_id) VALUES (7, {n}), ({1000 + n}, {n})" for n in holders]
    path = tmp_path / "old.db"
    make_old_database(path, 12, tuple(rows))
    store = await open_store(path)
    try:
        assert await store._all("SELECT hash FROM sketch_boilerplate") == [(7,)]
        assert await store._all("SELECT hash, count(*) FROM article_sketch WHERE boilerplate = 1 GROUP BY hash") == [(7, len(holders))]
        assert await store._all("SELECT count(*) FROM article_sketch WHERE boilerplate = 0") == [(len(holders),)]
    finally:
        await store.close()


async def test_an_older_database_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.db"
    make_old_database(path, 1)
    store = await open_store(path)
    try:
        assert await store.schema_version() == SCHEMA_VERSION
        article = await store.get_article(1, Scope.all())
        assert article is not None and article.title == "Old"
        assert await store.integrity_check() == "ok"
        assert (await store.guild_settings(42)).digest_time == "09:00"  # a table from a later step
        assert await store.article_body(1) == "Old body."  # moved to its own table (step 7)
    finally:
        await store.close()


async def upgraded_alias_key(tmp_path: Path, version: int, name: str, kind: str, old_key: str, trigram: str) -> str:
    """The lookup key an alias stored by an older QuoteDesk (at ``version``, under ``old_key``) has
    once opened by this one; its trigrams must follow it and every index stay sound."""
    path = tmp_path / f"v{version}.db"
    quoted = name.replace("'", "''")
    make_old_database(path, version, (
        f"INSERT INTO speakers (id, name, kind) VALUES (1, '{quoted}', '{kind}')",
        f"INSERT INTO speaker_aliases (speaker_id, alias, norm) VALUES (1, '{quoted}', '{old_key}')",
    ))
    store = await open_store(path)
    try:
        assert await store.schema_version() == SCHEMA_VERSION
        found = await store._one(f"SELECT rowid FROM speaker_aliases_fts WHERE speaker_aliases_fts MATCH '{trigram}'")
        assert found is not None  # its trigrams were rewritten with it
        assert await store.integrity_check() == "ok"
        assert (await store._one("INSERT INTO speaker_aliases_fts(speaker_aliases_fts) VALUES ('integrity-check')")) is None
        return (await store._one("SELECT norm FROM speaker_aliases WHERE speaker_id = 1"))[0]
    finally:
        await store.close()


async def test_step_11_rekeys_names_that_open_with_a_title_word(tmp_path):
    # the key an older QuoteDesk gave it: the title word "justice" dropped, as for a person
    key = await upgraded_alias_key(tmp_path, 10, "the Justice Department", "body", "department", "justice")
    assert key == "justice department"


async def test_step_12_keys_a_glued_particle_with_its_surname(tmp_path):
    key = await upgraded_alias_key(tmp_path, 11, "James O'Neill", "person", "james o neill", "oneill")
    assert key == "james oneill"


async def test_wal_mode_and_foreign_keys(tmp_path):
    store = await open_store(tmp_path / "q.db")
    try:
        assert (await store._one("PRAGMA journal_mode"))[0] == "wal"
        assert (await store._one("PRAGMA foreign_keys"))[0] == 1
    finally:
        await store.close()


async def test_removing_an_article_removes_its_quotes_and_index_entries(desk):
    hits = await desk.whosaid("We are not neutral", Scope.all())
    article_id = hits.results[0].article.id
    removed = await desk.remove_article(article_id, Scope.all())
    assert removed is not None and removed.id == article_id
    assert await desk.article(article_id, Scope.all()) is None
    assert (await desk.whosaid("We are not neutral", Scope.all())).results == []
    assert await desk.store.integrity_check() == "ok"


async def test_backup_is_a_consistent_copy(desk, tmp_path):
    target = tmp_path / "backup" / "copy.db"
    await desk.store.backup(target)
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 5
    copy.close()


def test_a_killed_ingest_leaves_no_half_article(tmp_path):
    """SIGKILL in the middle of a bulk ingest; the database stays whole and a re-run completes it."""
    folder = tmp_path / "bulk"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        for copy in range(8):  # 40 distinct articles (each copy gets its own first line)
            text = seed.read_text(encoding="utf-8")
            (folder / f"{copy}_{seed.name}").write_text(f"Edition {copy} of {seed.stem}\n{text}", encoding="utf-8")
    db = tmp_path / "crash.db"
    env = {**os.environ, "SEED_DIR": "", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "bot", "--db", str(db), "ingest", str(folder)]
    process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some articles are in, then kill mid-run
        time.sleep(0.05)
        if db.exists() and _count(db) >= 3:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    half = connection.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
    ).fetchone()[0]
    assert half == 0
    connection.close()
    finished = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    connection = sqlite3.connect(db)
    assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 40
    assert connection.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0] == 40
    connection.close()


def _count(db: Path) -> int:
    try:
        connection = sqlite3.connect(db, timeout=0.1)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


async def test_the_aliases_of_article_local_speakers_are_marked_local(desk):
    # "one official" belongs to its article: a lookup by name across the corpus skips it in the index
    rows = await desk.store._all(
        """SELECT s.article_id IS NOT NULL, al.local, COUNT(*) FROM speaker_aliases al
           JOIN speakers s ON s.id = al.speaker_id GROUP BY 1, 2"""
    )
    counts = {(bool(local_speaker), bool(flag)): n for local_speaker, flag, n in rows}
    assert counts.get((True, True)) and counts.get((False, False))
    assert not counts.get((True, False)) and not counts.get((False, True))


async def test_an_upgrade_marks_the_local_aliases_already_stored(tmp_path):
    path = tmp_path / "old.db"
    make_old_database(path, 7, (
        "INSERT INTO speakers (id, name, kind, article_id) VALUES (1, 'one official', 'anonymous', 1)",
        "INSERT INTO speakers (id, name, kind) VALUES (2, 'Jane Doe', 'person')",
        "INSERT INTO speaker_aliases (speaker_id, alias, norm) VALUES (1, 'one official', 'one official')",
        "INSERT INTO speaker_aliases (speaker_id, alias, norm) VALUES (2, 'Jane Doe', 'jane doe')",
    ))
    store = await open_store(path)
    try:
        assert await store._all("SELECT speaker_id, local FROM speaker_aliases ORDER BY speaker_id") == [(1, 1), (2, 0)]
    finally:
        await store.close()
