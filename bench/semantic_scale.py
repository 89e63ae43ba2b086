"""Scale of semantic matching: ``python -m bench.semantic --scale [--sizes 10000,100000] [--queries N] [--out DIR]``.

With the extra on, grows one database from the synthetic corpus (:mod:`bench.corpus`) to each size,
counted in *sentences* (what is embedded), and measures:

* ingest throughput through the bulk path of ``python -m bot ingest FOLDER`` — parse, extract and
  store (:meth:`Ingestor.ingest_paths`), then embed the new sentences in batches across articles —
  as articles/s and sentences/s, and the embedding part alone;
* the cold load of the in-memory matrix (first question after a start) and its size;
* latency p50/p99 of the parts of a ``sources`` question: embedding the claim, the exact cosine
  search (all sentences; one guild's), and ``sources`` end to end, with and without semantic
  matching, over ``sample_queries`` claims (distinct; the claim cache is emptied before each).

The figures go to ``OUT/semantic_scale.json`` (after every size) and the table is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (10_000, 100_000)
CHUNK = 50  # articles per ingest call: a folder of this many is loaded, then embedded
DEFAULT_QUERIES = 200


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _ms(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(_pct(values, 0.5) * 1000, 2), "p99_ms": round(_pct(values, 0.99) * 1000, 2)}


async def _grow(desk, folder: Path, start: int, target_sentences: int, totals: dict[str, float]) -> int:
    """Ingest synthetic articles from index ``start`` until the corpus holds ``target_sentences``."""
    from bench.corpus import _build  # one article by index: the corpus is a deterministic sequence

    index = start
    while (await desk.semantic.status(load=False)).sentences < target_sentences:
        chunk = folder / f"chunk-{index:07d}"
        chunk.mkdir(parents=True)
        with (chunk / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["file", "title", "outlet", "date", "url"])
            for i in range(index, index + CHUNK):
                art = _build(1, i).article
                (chunk / art.file).write_text(art.text, encoding="utf-8")
                writer.writerow([art.file, art.title, art.outlet, art.date, art.url])
        t0 = time.perf_counter()
        results = await desk.ingestor.ingest_paths([chunk])
        t1 = time.perf_counter()
        stored = [r.article_id for r in results if r.article_id and r.status in ("added", "copy")]
        embedded = await desk.semantic.embed_articles(stored)
        t2 = time.perf_counter()
        totals["articles"] += len(stored)
        totals["sentences"] += embedded
        totals["store_s"] += t1 - t0
        totals["embed_s"] += t2 - t1
        index += CHUNK
        print(f"  {totals['articles']:,.0f} articles, {totals['sentences']:,.0f} sentences embedded "
              f"({totals['sentences'] / totals['embed_s']:.0f}/s)", file=sys.stderr, flush=True)
    return index


async def _measure(db: Path, queries: list[str]) -> dict[str, Any]:
    """Latencies on a freshly opened engine (the matrix loads on the first question)."""
    import numpy as np

    from bench.scale import _settings
    from bot import search
    from bot.engine import QuoteDesk
    from bot.storage import Scope

    settings = _settings(str(db))
    desk = await QuoteDesk.open(settings, seed=False)
    try:
        assert await desk.semantic.ready()
        semantic = desk.semantic
        status = await semantic.status()
        rss_model = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        view = await semantic._index.sync()  # the engine's own index, not loaded yet: a cold load
        load_s = time.perf_counter() - t0
        guild = Scope.guild(424242)  # a guild with no articles of its own: sees the shared corpus
        embed_t, search_t, guild_t, on_t, off_t = [], [], [], [], []
        for claim in queries[:5]:  # warm-up
            await desk.sources(claim, Scope.all())
        for claim in queries:
            semantic._queries.clear()
            t0 = time.perf_counter()
            vector = (await semantic.embedder.encode([claim]))[0]
            t1 = time.perf_counter()
            await semantic._index.search(vector, Scope.all())
            t2 = time.perf_counter()
            await semantic._index.search(vector, guild)
            t3 = time.perf_counter()
            semantic._queries.clear()
            await desk.sources(claim, Scope.all())
            t4 = time.perf_counter()
            await search.sources(desk.store, claim, Scope.all())
            t5 = time.perf_counter()
            embed_t.append(t1 - t0)
            search_t.append(t2 - t1)
            guild_t.append(t3 - t2)
            on_t.append(t4 - t3)
            off_t.append(t5 - t4)
        matrix = np.asarray(view.matrix[: view.n])
        return {
            "sentences": status.sentences,
            "embedded": status.embedded,
            "matrix_load_s": round(load_s, 3),
            "matrix_mb": round(matrix.nbytes / 2**20, 1),
            "embed_claim": _ms(embed_t),
            "vector_search": _ms(search_t),
            "vector_search_guild": _ms(guild_t),
            "sources_semantic": _ms(on_t),
            "sources_words_only": _ms(off_t),
            "rss_before_matrix_mb": round(rss_model, 0),  # the model, torch and the engine
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
            "queries": len(queries),
        }
    finally:
        await desk.close()


async def run(sizes: list[int], n_queries: int, out: Path) -> list[dict[str, Any]]:
    from bench.corpus import sample_queries
    from bench.scale import _settings
    from bot.engine import QuoteDesk

    out.mkdir(parents=True, exist_ok=True)
    db = out / "semantic_scale.db"
    for stale in out.glob("semantic_scale.db*"):
        stale.unlink()
    settings = _settings(str(db))
    rows: list[dict[str, Any]] = []
    totals = {"articles": 0.0, "sentences": 0.0, "store_s": 0.0, "embed_s": 0.0}
    index = 0
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            desk = await QuoteDesk.open(settings, seed=False)
            try:
                if not await desk.semantic.ready():
                    raise SystemExit("semantic matching is off: " + (await desk.semantic.status()).reason)
                before = dict(totals)
                index = await _grow(desk, Path(tmp), index, size, totals)
            finally:
                await desk.close()
            new = {k: totals[k] - before[k] for k in totals}
            if not new["articles"]:  # the previous size already reached this one (a chunk overshoots)
                new = dict(totals)
            claims = [q["query"] for q in sample_queries(n_queries * 4, seed=1, corpus_size=index) if q["command"] == "sources"]
            row = {
                "size": size,
                "articles": int(totals["articles"]),
                "ingest_articles_per_s": round(new["articles"] / (new["store_s"] + new["embed_s"]), 1),
                "ingest_sentences_per_s": round(new["sentences"] / (new["store_s"] + new["embed_s"]), 1),
                "embed_sentences_per_s": round(new["sentences"] / new["embed_s"], 1),
                "store_articles_per_s": round(new["articles"] / new["store_s"], 1),
                "db_mb": round(sum(p.stat().st_size for p in out.glob("semantic_scale.db*")) / 2**20, 1),
            } | await _measure(db, list(dict.fromkeys(claims))[:n_queries])
            rows.append(row)
            (out / "semantic_scale.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
            print_rows(rows)
    return rows


def print_rows(rows: list[dict[str, Any]]) -> None:
    def line(label: str, get) -> str:
        return f"{label:44}" + "".join(f"{get(r):>16}" for r in rows)

    print(line("sentences (articles)", lambda r: f"{r['sentences']:,} ({r['articles']:,})"))
    print(line("ingest end to end, articles/s (sentences/s)", lambda r: f"{r['ingest_articles_per_s']} ({r['ingest_sentences_per_s']:.0f})"))
    print(line("— parse+store articles/s; embed sentences/s", lambda r: f"{r['store_articles_per_s']}; {r['embed_sentences_per_s']:.0f}"))
    print(line("matrix: MB, cold load s", lambda r: f"{r['matrix_mb']}, {r['matrix_load_s']}"))
    for key, label in (("embed_claim", "embed the claim p50/p99 ms"), ("vector_search", "cosine search, all p50/p99 ms"),
                       ("vector_search_guild", "cosine search, one guild p50/p99 ms"),
                       ("sources_semantic", "sources, semantic on p50/p99 ms"), ("sources_words_only", "sources, words only p50/p99 ms")):
        print(line(label, lambda r, k=key: f"{r[k]['p50_ms']} / {r[k]['p99_ms']}"))
    print(line("database MB; RSS MB before matrix, peak", lambda r: f"{r['db_mb']}; {r.get('rss_before_matrix_mb', 0):.0f}, {r['peak_rss_mb']:.0f}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.semantic --scale", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES), help="sentence counts, growing")
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "quotedesk-semantic-scale")
    parser.add_argument("--measure-only", action="store_true",
                        help="only the latencies, on the database a previous run left in OUT (its largest size)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sizes = sorted(int(s) for s in args.sizes.split(",") if s)
    if args.measure_only:
        asyncio.run(remeasure(args.out, args.queries))
    else:
        asyncio.run(run(sizes, args.queries, args.out))
    return 0


async def remeasure(out: Path, n_queries: int) -> None:
    """Latencies again (after a change to the search code) without growing the corpus again."""
    from bench.corpus import sample_queries

    rows = json.loads((out / "semantic_scale.json").read_text(encoding="utf-8"))
    last = rows[-1]
    claims = [q["query"] for q in sample_queries(n_queries * 4, seed=1, corpus_size=last["articles"]) if q["command"] == "sources"]
    last.update(await _measure(out / "semantic_scale.db", list(dict.fromkeys(claims))[:n_queries]))
    (out / "semantic_scale.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print_rows(rows)


if __name__ == "__main__":
    sys.exit(main())
