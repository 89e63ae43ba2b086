"""How well speakers are told apart across articles, on the synthetic corpus.

``python -m bench.identity [N] [--out DIR]`` ingests the first N generated articles (default 5,000)
into a fresh database and counts the person speakers it stored. The generator has 3,000 people, each
with a first name and a surname, so a count far above that means one person split into many, and
people stored under a bare surname mean mentions whose full name was lost.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.corpus import N_SPEAKERS, write_corpus
from bench.scale import _settings
from bot.engine import QuoteDesk


@dataclass
class IdentityCounts:
    articles: int
    people_in_generator: int
    person_speakers: int
    bare_surname_speakers: int
    quotes: int
    quotes_under_a_bare_surname: int
    ingest_articles_per_s: float


async def measure(n: int, workdir: Path) -> IdentityCounts:
    corpus = workdir / "corpus"
    write_corpus(corpus, n)
    db = workdir / "identity.db"
    desk = await QuoteDesk.open(_settings(db), seed=False)
    started = time.perf_counter()
    try:
        await desk.ingest_paths([corpus])
    finally:
        elapsed = time.perf_counter() - started
        await desk.close()
    with sqlite3.connect(db) as c:
        def count(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0])

        person = "s.kind = 'person' AND s.article_id IS NULL"  # article-local roles are not people
        bare = f"{person} AND s.name NOT LIKE '% %'"
        return IdentityCounts(
            articles=n,
            people_in_generator=N_SPEAKERS,
            person_speakers=count(f"SELECT COUNT(*) FROM speakers s WHERE {person}"),
            bare_surname_speakers=count(f"SELECT COUNT(*) FROM speakers s WHERE {bare}"),
            quotes=count("SELECT COUNT(*) FROM quotes"),
            quotes_under_a_bare_surname=count(f"SELECT COUNT(*) FROM quotes q JOIN speakers s ON s.id = q.speaker_id WHERE {bare}"),
            ingest_articles_per_s=round(n / elapsed, 1),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.identity", description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int, nargs="?", default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quotedesk-identity-") as tmp:
        counts = asyncio.run(measure(args.articles, Path(tmp)))
    for key, value in asdict(counts).items():
        print(f"{key.replace('_', ' '):32} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
