"""Two writers on one database: the engine answering (and loading) while a CLI bulk ingest runs.

- The engine, opened in this process on a seeded database, loops over the three questions, ``ask``,
  ``stats`` and ``articles`` for as long as a ``python -m bot --db SAME ingest FOLDER`` subprocess
  writes 40 articles into the same file, and meanwhile loads articles of its own with ``ingest_text``.
  Nothing raises (the busy timeout and the write retries absorb the lock contention), the subprocess
  exits 0, and the final corpus is complete: 5 seeds + 40 + the engine's own, all distinct.
- Two engines (two ``QuoteDesk.open`` on one file, in one process) ingesting at the same time both
  succeed, and every article is there exactly once, with a whole database afterwards.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import time
from pathlib import Path


from bot.engine import QuoteDesk
from bot.storage import Scope
from tests.conftest import ROOT, SEEDS, make_settings

ARTICLES = 40
OWN = 6  # articles the engine loads itself while the subprocess writes


def build_folder(folder: Path, label: str = "Edition") -> list[Path]:
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for copy in range(8):
            (folder / f"{copy}_{seed.name}").write_text(f"{label} {copy} of {seed.stem}\n{text}", encoding="utf-8")
    return sorted(folder.iterdir())


def seed_texts() -> list[tuple[str, str]]:
    return [(seed.name, seed.read_text(encoding="utf-8")) for seed in sorted(SEEDS.glob("*.txt"))]


def check_database(db: Path) -> tuple[int, int]:
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("statements_fts", "passages_fts"):
            connection.execute(f"INSERT INTO {table}({table}) VALUES('integrity-check')")
        half = connection.execute(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
        ).fetchone()[0]
        assert half == 0
        return (
            connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
            connection.execute("SELECT COUNT(DISTINCT content_hash) FROM articles").fetchone()[0],
        )
    finally:
        connection.close()


async def ask_everything(desk: QuoteDesk) -> int:
    scope = Scope.all()
    whosaid = await desk.whosaid("we are not neutral", scope)
    assert whosaid.results and all(0 <= s.score <= 1 for s in whosaid.results)
    quotes = await desk.quotes("Hegseth", scope, about="Russia")
    assert quotes.speaker is not None
    sources = await desk.sources("Russia is giving Iran intelligence on American forces", scope)
    assert sources.results
    await desk.ask("what did the Kremlin say?", scope)
    await desk.articles(scope, limit=5)
    return (await desk.stats(scope))["articles"]


async def test_engine_reads_and_writes_while_a_cli_ingest_writes(tmp_path):
    folder = tmp_path / "bulk"
    build_folder(folder)
    settings = make_settings(tmp_path)
    desk = await QuoteDesk.open(settings)  # creates the schema and loads the five seeds
    db = settings.database_path
    env = {**os.environ, "SEED_DIR": "", "PYTHONPATH": str(ROOT)}
    env.pop("DISCORD_TOKEN", None)
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "--db", str(db), "ingest", str(folder),
            env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        communicate = asyncio.create_task(process.communicate())

        async def own_loads() -> list[str]:
            statuses = []
            for number, (name, text) in enumerate(seed_texts() + seed_texts()[:1]):
                result = await desk.ingest_text(f"Desk copy {number} of {name}\n{text}", f"desk_{number}_{name}")
                statuses.append(result.status)
                await asyncio.sleep(0.01)
            return statuses

        loads = asyncio.create_task(own_loads())
        queries, seen = 0, set()
        started = time.monotonic()
        while not communicate.done() or not loads.done():
            seen.add(await ask_everything(desk))
            queries += 1
            await asyncio.sleep(0)
            assert time.monotonic() - started < 60, "the subprocess did not finish"
        stdout, stderr = await communicate
        statuses = await loads
        assert process.returncode == 0, stderr.decode()
        assert len(statuses) == OWN and set(statuses) <= {"added", "copy"}, statuses
        final = await ask_everything(desk)
    finally:
        await desk.close()
    assert final == 5 + ARTICLES + OWN
    assert check_database(db) == (5 + ARTICLES + OWN, 5 + ARTICLES + OWN)
    intermediate = sorted(c for c in seen if 5 < c < final)
    print(f"\ntwo processes: {queries} rounds of questions during the ingest, {len(intermediate)} intermediate corpus sizes seen")
    assert queries >= 2


async def test_two_engines_on_one_file_ingest_at_the_same_time(tmp_path):
    settings = make_settings(tmp_path)
    first = await QuoteDesk.open(settings)
    second = await QuoteDesk.open(settings)  # the file is already seeded: no second seeding
    try:
        texts = seed_texts()

        async def load(desk: QuoteDesk, label: str) -> list[str]:
            statuses = []
            for copy in range(4):
                for name, text in texts:
                    result = await desk.ingest_text(f"{label} edition {copy} of {name}\n{text}", f"{label}_{copy}_{name}")
                    statuses.append(result.status)
            return statuses

        async def keep_asking(desk: QuoteDesk, until: asyncio.Future) -> int:
            rounds = 0
            while not until.done():
                await ask_everything(desk)
                rounds += 1
                await asyncio.sleep(0)
            return rounds

        loads = asyncio.gather(load(first, "First"), load(second, "Second"))
        rounds = await keep_asking(first, loads)
        a, b = await loads
        assert set(a) <= {"added", "copy"} and set(b) <= {"added", "copy"}, (a, b)
        assert rounds >= 1
        expected = 5 + 2 * 4 * len(texts)
        assert (await first.stats(Scope.all()))["articles"] == expected
        assert (await second.stats(Scope.all()))["articles"] == expected
    finally:
        await first.close()
        await second.close()
    assert check_database(settings.database_path) == (expected, expected)


# --- races found while writing these tests (fixed; kept as regressions) --------------------------


async def test_the_same_article_loaded_twice_at_once_is_stored_once(tmp_path):
    """Concurrent loads of one text (two moderators pasting it, the bot and the CLI loading one
    folder) store it once: the duplicate check runs again inside the write transaction."""
    settings = make_settings(tmp_path, seed_dir="")
    first = await QuoteDesk.open(settings)
    second = await QuoteDesk.open(settings)
    try:
        text = "One story, loaded twice\n" + seed_texts()[0][1]
        results = await asyncio.gather(
            first.ingest_text(text, "a.txt"), second.ingest_text(text, "a.txt"),
            first.ingest_text(text, "b.txt"), second.ingest_text(text, "b.txt"),
        )
        statuses = sorted(r.status for r in results)
        stored = (await first.stats(Scope.all()))["articles"]
    finally:
        await first.close()
        await second.close()
    assert (stored, statuses) == (1, ["added", "duplicate", "duplicate", "duplicate"])


async def test_two_openers_of_a_new_database_create_the_schema_once(tmp_path):
    """The bot and a CLI command started together on a fresh DATABASE_PATH: each schema step reads
    the version again under the write lock, so the second opener does not re-run it."""
    settings = make_settings(tmp_path, seed_dir="")
    desks = await asyncio.gather(*(QuoteDesk.open(settings) for _ in range(3)), return_exceptions=True)
    for desk in desks:
        if isinstance(desk, QuoteDesk):
            await desk.close()
    for desk in desks:
        if isinstance(desk, BaseException):
            raise desk
