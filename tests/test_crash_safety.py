"""Crash safety: SIGKILL a bulk ingest many times, at random points, and check the database each time.

A folder of 40 distinct articles (the five seeds, eight editions each, every edition with its own first
line) is ingested by ``python -m bot --db X ingest FOLDER``; the process is killed with SIGKILL at
seeded-random moments (some timed from launch, so they can land in start-up and schema creation,
most once a random number of further articles is in). After every kill:

- ``PRAGMA integrity_check`` is ok and ``PRAGMA foreign_key_check`` finds nothing;
- no article is half written: every article has its sentences and its sketch, every quote, sentence,
  speaker and sketch row belongs to an existing article, every quote's speaker exists;
- the external-content FTS5 indexes agree with their tables ('integrity-check' on each), and the
  carriers indexes with the sentences and quotes;
- no article was stored twice.

Each re-run carries on where the last one died; the final, unkilled run completes the folder:
40 articles, 40 distinct content hashes. Run with ``-s`` to see the kill summary.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEEDS
from tests.test_text_index import CARRIERS_OUT_OF_STEP

KILLS = 20
RNG_SEED = 20260307
ARTICLES = 40
FTS_TABLES = ("statements_fts", "passages_fts", "speaker_aliases_fts", "quote_terms_fts", "passage_carriers", "statement_carriers")


def build_folder(folder: Path) -> None:
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for copy in range(8):
            (folder / f"{copy}_{seed.name}").write_text(f"Edition {copy} of {seed.stem}\n{text}", encoding="utf-8")
    assert len(list(folder.iterdir())) == ARTICLES


def count(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0  # not created yet, or the schema is not there yet


def check_whole(db: Path) -> dict[str, int]:
    """Every invariant a killed writer must leave intact; returns a few counts for the summary."""
    connection = sqlite3.connect(db)
    try:
        one = lambda sql: connection.execute(sql).fetchone()[0]  # noqa: E731
        assert one("PRAGMA integrity_check") == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "articles" not in tables:  # killed before the first migration committed: nothing to check
            return {"articles": 0, "quotes": 0, "sentences": 0}
        assert one("PRAGMA user_version") >= 1
        checks = {
            "article without sentences": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)",
            "article without sketch": "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_sketch k WHERE k.article_id = a.id)",
            "orphan quote": "SELECT COUNT(*) FROM quotes q WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = q.article_id)",
            "quote without speaker row": "SELECT COUNT(*) FROM quotes q WHERE q.speaker_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM speakers s WHERE s.id = q.speaker_id)",
            "orphan sentence": "SELECT COUNT(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)",
            "orphan speaker": "SELECT COUNT(*) FROM speakers s WHERE s.article_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)",
            "orphan sketch": "SELECT COUNT(*) FROM article_sketch k WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = k.article_id)",
            "duplicate article": "SELECT COUNT(*) - COUNT(DISTINCT content_hash) FROM articles",
        }
        for what, sql in checks.items():
            assert one(sql) == 0, what
        for table in FTS_TABLES:
            if table in tables:
                connection.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
        if "passage_carriers" in tables:  # the carriers indexes name exactly the rows that carry each text
            assert connection.execute(CARRIERS_OUT_OF_STEP).fetchall() == []
        # Every article that has quotes in the seeds kept them all (quotes are written with the article).
        assert one("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = a.id)") == 0
        return {
            "articles": one("SELECT COUNT(*) FROM articles"),
            "quotes": one("SELECT COUNT(*) FROM quotes"),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
        }
    finally:
        connection.close()


def test_repeated_sigkill_during_bulk_ingest_never_leaves_a_half_article(tmp_path):
    folder = tmp_path / "bulk"
    build_folder(folder)
    db = tmp_path / "crash.db"
    env = {**os.environ, "SEED_DIR": "", "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    command = [sys.executable, "-m", "bot", "--db", str(db), "ingest", str(folder)]
    rng = random.Random(RNG_SEED)
    kills: list[dict[str, object]] = []
    started_all = time.monotonic()

    for number in range(KILLS):
        before = count(db)
        process = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        launched = time.monotonic()
        if number < 3:
            # Timed from launch: may land in interpreter start-up, schema creation or the first articles.
            mode = "timed"
            time.sleep(rng.uniform(0.05, 0.6))
        else:
            # Once a random number of further articles is in, plus a jitter that lands mid-article.
            mode = "after+jitter"
            target = min(before + rng.randint(1, 2), ARTICLES - 1)
            deadline = launched + 30
            while count(db) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, 0.006))  # about one article's write time
        alive = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        delay = time.monotonic() - launched
        figures = check_whole(db)
        kills.append({"kill": number + 1, "mode": mode, "at_s": round(delay, 3), "killed_alive": alive,
                      "before": before, **figures})
        assert figures["articles"] >= before  # a kill never undoes a committed article

    finished = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    final = check_whole(db)
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == ARTICLES
        assert connection.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0] == ARTICLES
        assert connection.execute("SELECT COUNT(DISTINCT source) FROM articles").fetchone()[0] == ARTICLES
    finally:
        connection.close()

    real_kills = sum(1 for k in kills if k["killed_alive"])
    mid_run = sum(1 for k in kills if k["killed_alive"] and 0 < int(k["articles"]) < ARTICLES)
    summary = (
        f"crash safety: {len(kills)} SIGKILLs (seed {RNG_SEED}), {real_kills} hit a live process, {mid_run} mid-ingest; "
        f"kill times {[k['at_s'] for k in kills]} s; articles after each kill {[k['articles'] for k in kills]}; "
        f"final {final['articles']} articles / {final['quotes']} quotes / {final['sentences']} sentences, "
        f"0 half-written, 0 duplicates; {time.monotonic() - started_all:.1f} s in all"
    )
    print("\n" + summary)
    for k in kills:
        print("   ", k)
    assert real_kills >= KILLS - 1, summary  # the kills really interrupted running ingests
    assert mid_run >= KILLS // 2, summary
