"""Scale benchmark: ``python -m bench [--quick] [--sizes 1000,10000,100000] [--out DIR] [--seed N]``.

At each size it measures, on the synthetic corpus of :mod:`bench.corpus`:

* ingest throughput end to end through the bulk path a user's ``python -m bot ingest FOLDER`` takes
  (:meth:`QuoteDesk.ingest_paths` on a folder with its ``manifest.csv``), articles/s;
* extraction alone (:func:`bot.extraction.extract_quotes` over parsed bodies, one core), articles/s;
* database size per article (``.db`` + ``-wal`` after a checkpoint);
* latency p50/p99 of whosaid, quotes, sources and ask over ``sample_queries`` (in-process, after a
  warm-up, ``time.perf_counter`` around each awaited engine call);
* peak resident memory (``ru_maxrss`` of a child process per phase, so phases do not pollute each other;
  for ingest, plus each worker process at the largest worker's own peak, see :mod:`bench.memory`);
* time from start to ready: a fresh interpreter opens the store as ``python -m bot run`` does
  (``QuoteDesk.open(settings)``) and answers one question; wall time measured by the parent.

Databases grow incrementally: 1k is a prefix of 10k, which is a prefix of 100k, so at each size only
the new articles are written to a folder and ingested into the same database. The ingest figure at a
size is therefore the rate for the *new* articles, going into a database that already holds the
previous size. Results go to ``OUT/bench.json`` and ``OUT/bench.md`` after every size (a long run
leaves partial figures behind), and the table is printed.

Each phase runs in a child process: ``python -m bench.scale --child PHASE JSON-ARGS`` prints one line
of JSON on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

from bench.memory import ChildPeaks

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZE = 300
DEFAULT_QUERIES = 1_000
QUICK_QUERIES = 400
WARMUP_QUERIES = 20
EXTRACT_CAP = 3_000  # extraction does not depend on the database: time at most this many new bodies
READY_RUNS = 3
COMMANDS = ("whosaid", "quotes", "sources", "ask")

TARGETS = {
    "ingest_per_s": (">=", 300.0),
    "extract_per_s": (">=", 500.0),
    "whosaid_p99_ms": ("<", 50.0),
    "quotes_p99_ms": ("<", 50.0),
    "sources_p99_ms": ("<", 100.0),
    "ask_p99_ms": ("<", 100.0),
    "peak_rss_mb": ("<", 1024.0),
    "ready_s": ("<", 3.0),
}


# ==================================================================================================
# Child phases (each in its own process)
# ==================================================================================================


def _settings(db: str, seed_dir: str = ""):
    from bot.settings import Settings

    return Settings(_env_file=None, database_path=Path(db), seed_dir=seed_dir, discord_token=None)  # type: ignore[call-arg]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def _phase_ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Ingest a folder through ``QuoteDesk.ingest_paths`` (what ``python -m bot ingest DIR`` calls)."""
    import bot.ingest as ingest_module
    from bot.engine import QuoteDesk

    timing = {"prepare": 0.0, "store": 0.0}
    original_store = ingest_module.Ingestor._store_batch

    async def timed_store(self: Any, batch: list[Any]) -> Any:
        # prepare() times itself (CPU of its thread, in whichever worker ran it); the store is
        # timed here, wall clock, as the loop waits for each batch's transaction.
        timing["prepare"] += sum(p.seconds for p in batch)
        t0 = time.perf_counter()
        try:
            return await original_store(self, batch)
        finally:
            timing["store"] += time.perf_counter() - t0

    if args.get("breakdown", True):  # a perf_counter pair per batch: negligible
        ingest_module.Ingestor._store_batch = timed_store
    desk = await QuoteDesk.open(_settings(args["db"]), seed=False)
    try:
        cpu0 = _cpu_seconds()
        t0 = time.perf_counter()
        with ChildPeaks() as children:
            results = await desk.ingest_paths([Path(args["folder"])])
        elapsed = time.perf_counter() - t0
        cpu = {k: v - cpu0[k] for k, v in _cpu_seconds().items()}  # worker processes are reaped by now
        workers = desk.ingestor._worker_count(len(results))
        worker_rss = 0.0
        if workers > 1:  # the largest worker's own peak; without /proc, RUSAGE_CHILDREN's (see bench.memory)
            own_peak = children.largest_mb
            if own_peak is None:
                own_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            worker_rss = own_peak
        counts = await desk.stats(_scope_all())
    finally:
        await desk.close()
    statuses: dict[str, int] = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    n = len(results)
    other = max(0.0, elapsed - timing["store"])  # waiting for workers, reading, the event loop
    own_rss = _rss_mb()
    return {
        "articles": n,
        "seconds": elapsed,
        "per_s": n / elapsed if elapsed else None,
        "ms_per_article": {
            "total": 1000 * elapsed / n if n else None,
            "prepare_cpu": 1000 * timing["prepare"] / n if n else None,
            "store": 1000 * timing["store"] / n if n else None,
            "other": 1000 * other / n if n else None,
        },
        "workers": workers,
        "cpu_ms_per_article": {k: 1000 * v / n if n else None for k, v in cpu.items()},
        "statuses": statuses,
        "quotes_added": sum(r.quotes or 0 for r in results),
        "corpus": counts,
        "peak_rss_mb": own_rss,
        # the whole load: this process and every worker at its peak at once (an upper bound)
        "workers_peak_rss_mb": worker_rss,
        "load_peak_rss_mb": own_rss + workers * worker_rss,
    }


def _cpu_seconds() -> dict[str, float]:
    """CPU time of this process and of its finished children (the ingest's worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"main": own.ru_utime + own.ru_stime, "workers": children.ru_utime + children.ru_stime}


def _scope_all():
    from bot.storage import Scope

    return Scope.all()


def _phase_extract(args: dict[str, Any]) -> dict[str, Any]:
    """``extract_quotes`` alone over parsed bodies, one thread (one core). Parsing is not timed."""
    from bench.corpus import generate_corpus
    from bot.extraction import extract_quotes
    from bot.parsing import detect_format, parse_article

    start, stop = args["start"], args["stop"]
    bodies = []
    for article in islice(generate_corpus(stop, args["seed"]), start, stop):
        bodies.append(parse_article(article.text, detect_format(article.file, article.text), url=article.url).body)
    extract_quotes(bodies[0])  # imports, compiled patterns, caches
    quotes = 0
    t0, cpu0 = time.perf_counter(), time.thread_time()
    for body in bodies:
        quotes += len(extract_quotes(body))
    elapsed, cpu = time.perf_counter() - t0, time.thread_time() - cpu0
    # One core: the thread's CPU time (a busy shared machine stretches the wall clock, not that).
    return {
        "articles": len(bodies),
        "seconds": cpu,
        "wall_seconds": elapsed,
        "per_s": len(bodies) / cpu if cpu else None,
        "wall_per_s": len(bodies) / elapsed if elapsed else None,
        "ms_per_article": 1000 * cpu / len(bodies) if bodies else None,
        "quotes": quotes,
        "peak_rss_mb": _rss_mb(),
    }


async def _ask_one(desk: Any, scope: Any, command: str, query: str) -> int:
    """Run one question through the engine; returns the number of results (0 = no answer)."""
    if command == "whosaid":
        return len((await desk.whosaid(query, scope)).results)
    if command == "quotes":
        answer = await desk.quotes(query, scope)
        return len(answer.results) or len(answer.candidates)
    if command == "sources":
        return len((await desk.sources(query, scope)).results)
    answer = await desk.ask(query, scope)
    inner = answer.answer
    return len(inner.results) or len(getattr(inner, "candidates", []) or [])


def _percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100)
    return ordered[int(rank) - 1]


async def _phase_queries(args: dict[str, Any]) -> dict[str, Any]:
    from bench.corpus import sample_queries
    from bot.engine import QuoteDesk

    size, seed = args["size"], args["seed"]
    queries = sample_queries(args["queries"], seed, corpus_size=size)
    warmup = sample_queries(args["warmup"], seed + 7919, corpus_size=size)
    desk = await QuoteDesk.open(_settings(args["db"]), seed=False)
    scope = _scope_all()
    latencies: dict[str, list[float]] = {c: [] for c in COMMANDS}
    by_variant: dict[str, list[float]] = {}
    answered: dict[str, int] = {c: 0 for c in COMMANDS}
    answered_by_variant: dict[str, list[int]] = {}
    slowest: list[tuple[float, str, str, str]] = []
    try:
        for q in warmup:
            await _ask_one(desk, scope, q["command"], q["query"])
        for q in queries:
            t0 = time.perf_counter()
            found = await _ask_one(desk, scope, q["command"], q["query"])
            ms = 1000 * (time.perf_counter() - t0)
            latencies[q["command"]].append(ms)
            by_variant.setdefault(q["variant"], []).append(ms)
            answered[q["command"]] += bool(found)
            answered_by_variant.setdefault(f'{q["command"]}/{q["variant"]}', []).append(bool(found))
            slowest.append((ms, q["command"], q["variant"], q["query"]))
        # A second, different set of questions: the cost once the process has been answering a
        # while (the first pass starts on a cold page cache: this machine reclaims idle file pages).
        after: dict[str, list[float]] = {c: [] for c in COMMANDS}
        for q in sample_queries(args["queries"], seed + 104_729, corpus_size=size):
            t0 = time.perf_counter()
            await _ask_one(desk, scope, q["command"], q["query"])
            after[q["command"]].append(1000 * (time.perf_counter() - t0))
    finally:
        await desk.close()
    slowest.sort(reverse=True)
    summary = {}
    for command, values in latencies.items():
        if not values:
            continue
        summary[command] = {
            "n": len(values),
            "p50_ms": _percentile(values, 50),
            "p99_ms": _percentile(values, 99),
            "mean_ms": statistics.fmean(values),
            "max_ms": max(values),
            "answered": answered[command] / len(values),
        }
    return {
        "commands": summary,
        "second_pass": {
            c: {"n": len(v), "p50_ms": _percentile(v, 50), "p99_ms": _percentile(v, 99)} for c, v in after.items() if v
        },
        "variants": {
            v: {"n": len(vals), "p50_ms": _percentile(vals, 50), "p99_ms": _percentile(vals, 99)}
            for v, vals in sorted(by_variant.items())
        },
        "answered_by_variant": {k: sum(v) / len(v) for k, v in sorted(answered_by_variant.items())},
        "slowest": [
            {"ms": round(ms, 2), "command": c, "variant": v, "query": text} for ms, c, v, text in slowest[:8]
        ],
        "peak_rss_mb": _rss_mb(),
    }


async def _phase_ready(args: dict[str, Any]) -> dict[str, Any]:
    """What ``python -m bot run``'s setup_hook does before the bot can answer, then one answer."""
    t_import = time.perf_counter()
    from bot.engine import QuoteDesk

    t_open = time.perf_counter()
    desk = await QuoteDesk.open(_settings(args["db"], seed_dir=str(SEEDS)))  # as setup_hook: seeding checked
    t_ask = time.perf_counter()
    try:
        answer = await desk.ask(args["question"], _scope_all())
        t_done = time.perf_counter()
        found = len(answer.answer.results)
    finally:
        await desk.close()
    return {
        "import_s": t_open - t_import,
        "open_s": t_ask - t_open,
        "first_answer_s": t_done - t_ask,
        "results": found,
        "peak_rss_mb": _rss_mb(),
    }


def _child_main(phase: str, raw: str) -> int:
    args = json.loads(raw)
    if phase == "ingest":
        out = asyncio.run(_phase_ingest(args))
    elif phase == "extract":
        out = _phase_extract(args)
    elif phase == "queries":
        out = asyncio.run(_phase_queries(args))
    elif phase == "ready":
        out = asyncio.run(_phase_ready(args))
    else:
        raise SystemExit(f"unknown phase {phase}")
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


# ==================================================================================================
# Orchestration (parent process)
# ==================================================================================================


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.pop("DATABASE_PATH", None)
    env["SEED_DIR"] = ""
    return env


def _run_child(phase: str, args: dict[str, Any], log: Any = None) -> tuple[dict[str, Any], float]:
    """Run a phase in a fresh interpreter; returns its JSON and the wall time seen by the parent."""
    cmd = [sys.executable, "-m", "bench.scale", "--child", phase, json.dumps(args)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=_child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"bench phase {phase} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return json.loads(lines[-1]), wall


def _write_increment(folder: Path, start: int, stop: int, seed: int) -> None:
    """Articles ``start..stop-1`` of the corpus, plus their ``manifest.csv`` (as ``write_corpus``)."""
    from bench.corpus import generate_corpus

    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["file", "title", "outlet", "date", "url"])
        for article in islice(generate_corpus(stop, seed), start, stop):
            (folder / article.file).write_text(article.text, encoding="utf-8", newline="\n")
            writer.writerow([article.file, article.title, article.outlet, article.date, article.url])


def _checkpoint_size(db: Path) -> dict[str, int]:
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    wal = Path(str(db) + "-wal")
    db_bytes = db.stat().st_size
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    return {"db_bytes": db_bytes, "wal_bytes": wal_bytes, "bytes": db_bytes + wal_bytes}


def _ready_question(seed: int, size: int) -> str:
    from bench.corpus import sample_queries

    for q in sample_queries(8, seed, corpus_size=size):
        if q["command"] == "ask":
            return q["query"]
    return "Who said the talks had failed?"


def measure_size(
    size: int, previous: int, db: Path, work: Path, *, seed: int, queries: int, warmup: int,
    extract_cap: int, ready_runs: int, say: Any = print,
) -> dict[str, Any]:
    folder = work / f"corpus-{previous}-{size}"
    t0 = time.perf_counter()
    _write_increment(folder, previous, size, seed)
    say(f"[{size}] wrote articles {previous}..{size - 1} in {time.perf_counter() - t0:.1f}s; ingesting")

    ingest, _ = _run_child("ingest", {"db": str(db), "folder": str(folder)})
    say(f"[{size}] ingest {ingest['articles']} new articles in {ingest['seconds']:.1f}s = {ingest['per_s']:.1f}/s")
    shutil.rmtree(folder, ignore_errors=True)

    size_info = _checkpoint_size(db)
    corpus = ingest["corpus"]
    size_info["articles"] = corpus["articles"]
    size_info["bytes_per_article"] = size_info["bytes"] / max(1, corpus["articles"])

    extract_start = max(previous, size - extract_cap)  # the last (at most extract_cap) new articles
    extract, _ = _run_child("extract", {"start": extract_start, "stop": size, "seed": seed})
    say(f"[{size}] extraction {extract['articles']} articles = {extract['per_s']:.1f}/s")

    latency, _ = _run_child("queries", {"db": str(db), "size": size, "seed": seed, "queries": queries, "warmup": warmup})
    say("[{}] latency ".format(size) + ", ".join(
        f"{c} p50 {v['p50_ms']:.1f} p99 {v['p99_ms']:.1f} ms" for c, v in latency["commands"].items()
    ))

    question = _ready_question(seed, size)
    runs = []
    for _ in range(ready_runs):
        inner, wall = _run_child("ready", {"db": str(db), "question": question})
        runs.append({"wall_s": wall, **inner})
    walls = [r["wall_s"] for r in runs]
    ready = {"question": question, "wall_s": statistics.median(walls), "max_wall_s": max(walls), "runs": runs}
    say(f"[{size}] ready in {ready['wall_s']:.2f}s (median of {len(runs)})")

    phases_rss = {
        "ingest": ingest["load_peak_rss_mb"], "extract": extract["peak_rss_mb"],
        "queries": latency["peak_rss_mb"], "ready": max(r["peak_rss_mb"] for r in runs),
    }
    return {
        "articles": corpus["articles"],
        "new_articles": size - previous,
        "ingest": ingest,
        "extraction": extract,
        "database": size_info,
        "latency": latency,
        "memory": {"peak_rss_mb": max(phases_rss.values()), "by_phase_mb": phases_rss},
        "ready": ready,
    }


# --- report ---------------------------------------------------------------------------------------


def _extractor_build() -> str:
    """How the phases' processes run the extractor (they inherit this environment and install)."""
    from bot import compiled

    if compiled.compiled_in_use():
        return "compiled with mypyc"
    if os.environ.get(compiled.PURE_PYTHON_ENV):
        return f"run as Python ({compiled.PURE_PYTHON_ENV} set)"
    return f"run as Python (compiled build: {compiled.build_state()})"


# (key, label, unit/format, getter)
ROWS: list[tuple[str, str, str]] = [
    ("ingest_per_s", "Ingest end to end (articles/s)", "{:.1f}"),
    ("ingest_ms", "  ms/article: total", "{:.2f}"),
    ("ingest_prepare_ms", "  ms/article: prepare (CPU, in workers)", "{:.2f}"),
    ("ingest_store_ms", "  ms/article: store (SQLite writer, wall)", "{:.2f}"),
    ("ingest_cpu_ms", "  CPU ms/article, all processes", "{:.2f}"),
    ("extract_per_s", "Extraction alone, 1 core (articles/s)", "{:.1f}"),
    ("db_bytes_per_article", "Database bytes/article", "{:,.0f}"),
    ("db_mb", "Database size (MB)", "{:.1f}"),
    *[(f"{c}_{p}_ms", f"{c} {p} (ms)", "{:.1f}") for c in COMMANDS for p in ("p50", "p99")],
    *[(f"{c}_p99_second_ms", f"{c} p99, second pass (ms)", "{:.1f}") for c in COMMANDS],
    ("peak_rss_mb", "Peak RSS, worst phase (MB)", "{:.0f}"),
    ("ready_s", "Start to ready + 1 answer (s)", "{:.2f}"),
]


def figures(result: dict[str, Any]) -> dict[str, float | None]:
    ingest = result["ingest"]
    out: dict[str, float | None] = {
        "ingest_per_s": ingest["per_s"],
        "ingest_ms": ingest["ms_per_article"]["total"],
        "ingest_prepare_ms": ingest["ms_per_article"].get("prepare_cpu"),
        "ingest_store_ms": ingest["ms_per_article"]["store"],
        "ingest_cpu_ms": sum(ingest.get("cpu_ms_per_article", {}).values()) or None,
        "extract_per_s": result["extraction"]["per_s"],
        "db_bytes_per_article": result["database"]["bytes_per_article"],
        "db_mb": result["database"]["bytes"] / 1e6,
        "peak_rss_mb": result["memory"]["peak_rss_mb"],
        "ready_s": result["ready"]["wall_s"],
    }
    for command in COMMANDS:
        stats = result["latency"]["commands"].get(command)
        for p in ("p50", "p99"):
            out[f"{command}_{p}_ms"] = stats[f"{p}_ms"] if stats else None
        second = result["latency"].get("second_pass", {}).get(command)
        out[f"{command}_p99_second_ms"] = second["p99_ms"] if second else None
    return out


def _label(size: int) -> str:
    if size >= 1000 and size % 1000 == 0:
        return f"{size // 1000}k"
    return str(size)


def _target_status(key: str, value: float | None) -> str:
    if key not in TARGETS or value is None:
        return ""
    op, limit = TARGETS[key]
    ok = value >= limit if op == ">=" else value < limit
    return f"{op} {limit:g} {'✅' if ok else '❌'}"


def render_markdown(report: dict[str, Any]) -> str:
    sizes = sorted(int(s) for s in report["sizes"])
    figs = {s: figures(report["sizes"][str(s)]) for s in sizes}
    head = ["Figure", *[_label(s) for s in sizes]]
    pairs = list(zip(sizes, sizes[1:]))
    head += [f"{_label(a)}→{_label(b)}" for a, b in pairs]
    head += ["Target (at largest size)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 2) + ["---"]) + "|"]
    largest = sizes[-1] if sizes else None
    for key, label, fmt in ROWS:
        cells = [label]
        for s in sizes:
            value = figs[s].get(key)
            cells.append(fmt.format(value) if value is not None else "–")
        for a, b in pairs:
            va, vb = figs[a].get(key), figs[b].get(key)
            cells.append(f"×{vb / va:.2f}" if va and vb is not None else "–")
        cells.append(_target_status(key, figs[largest].get(key)) if largest is not None else "")
        lines.append("| " + " | ".join(cells) + " |")
    meta = report["meta"]
    notes = [
        "",
        f"Seed {meta['seed']}, {meta['queries']} queries per size (whosaid/quotes/sources/ask × "
        "exact/misspelt/paraphrased/unknown, round robin) after a warm-up of "
        f"{meta['warmup']}; Python {meta['python']}, {meta['cpus']} CPUs; the extractor "
        f"{meta.get('extractor', 'not recorded')}.",
        "Ingest at each size is the rate for the articles new at that size (the database grows "
        "incrementally: 1k ⊂ 10k ⊂ 100k), through `QuoteDesk.ingest_paths` on a folder with its "
        "manifest (the bulk CLI path; worker processes prepare, one per core, while one writer stores "
        "batches). Extraction times `extract_quotes` (CPU time of its thread: one core) over at most "
        f"{meta['extract_cap']} parsed bodies of the new articles. Database size is .db + -wal after "
        "`wal_checkpoint(TRUNCATE)`. Peak RSS is `ru_maxrss` of the worst phase, each phase in its own "
        "process; for ingest, that of the loading process plus, for each worker process, the largest "
        "worker's own peak (`VmHWM`, read while it runs: `RUSAGE_CHILDREN` would count the loading "
        "process's memory at the workers' start); an upper bound of the load's total. Ready is the "
        "wall time of a fresh `python` that imports the bot, runs `QuoteDesk.open(settings)` and "
        "answers one `ask` (median of "
        f"{meta['ready_runs']} runs, warm page cache).",
        "Latency is measured in two passes of different questions in one process: the first starts "
        "on a cold page cache (this machine reclaims idle file pages within minutes, so the database "
        "just written is mostly read from disk again), the second shows the cost once the process has "
        "been answering a while. Targets are judged on the first.",
        "Targets: ingest ≥ 300 articles/s, extraction ≥ 500 articles/s, p99 < 50 ms whosaid/quotes, "
        "< 100 ms sources/ask, peak memory < 1 GB, ready < 3 s.",
    ]
    if report.get("partial"):
        notes.append(f"**Partial run**: {report['partial']}")
    return "\n".join(lines + notes) + "\n"


def _write_report(out: Path, report: dict[str, Any]) -> str:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    markdown = render_markdown(report)
    (out / "bench.md").write_text(markdown, encoding="utf-8")
    return markdown


def run_bench(
    sizes: list[int], out: Path, *, seed: int = 1, queries: int = DEFAULT_QUERIES, warmup: int = WARMUP_QUERIES,
    extract_cap: int = EXTRACT_CAP, ready_runs: int = READY_RUNS, keep: bool = False, quiet: bool = False,
) -> dict[str, Any]:
    """Measure every size (ascending, growing one database) and write ``bench.json``/``bench.md``."""
    sizes = sorted(set(sizes))
    if not sizes or sizes[0] < 1:
        raise ValueError("sizes must be positive")
    say = (lambda *_: None) if quiet else (lambda msg: print(msg, flush=True))
    out = Path(out)
    work = out / "work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    db = work / "bench.db"
    report: dict[str, Any] = {
        "meta": {
            "seed": seed, "sizes": sizes, "queries": queries, "warmup": warmup, "extract_cap": extract_cap,
            "ready_runs": ready_runs, "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "extractor": _extractor_build(),
        },
        "targets": {k: {"op": op, "value": v} for k, (op, v) in TARGETS.items()},
        "sizes": {},
        "partial": f"0 of {len(sizes)} sizes done",
    }
    previous = 0
    try:
        for index, size in enumerate(sizes):
            t0 = time.perf_counter()
            result = measure_size(
                size, previous, db, work, seed=seed, queries=queries, warmup=warmup,
                extract_cap=extract_cap, ready_runs=ready_runs, say=say,
            )
            result["phase_wall_s"] = time.perf_counter() - t0
            report["sizes"][str(size)] = result
            done = index + 1
            report["partial"] = None if done == len(sizes) else f"{done} of {len(sizes)} sizes done"
            _write_report(out, report)
            previous = size
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    report["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    markdown = _write_report(out, report)
    say("\n" + markdown)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"one small size ({QUICK_SIZE}) for CI: < 60 s")
    parser.add_argument("--sizes", help="comma-separated corpus sizes (default 1000,10000,100000)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"), help="output folder (default ./bench-results)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, help=f"timed queries per size (default {DEFAULT_QUERIES}, quick {QUICK_QUERIES})")
    parser.add_argument("--extract-cap", type=int, default=EXTRACT_CAP, help="most bodies timed for extraction per size")
    parser.add_argument("--ready-runs", type=int, default=READY_RUNS)
    parser.add_argument("--keep", action="store_true", help="keep OUT/work (the database) afterwards")
    args = parser.parse_args(argv)
    if args.sizes:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = [QUICK_SIZE] if args.quick else list(DEFAULT_SIZES)
    queries = args.queries or (QUICK_QUERIES if args.quick else DEFAULT_QUERIES)
    run_bench(
        sizes, args.out, seed=args.seed, queries=queries, extract_cap=args.extract_cap,
        ready_runs=args.ready_runs, keep=args.keep,
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        sys.exit(_child_main(sys.argv[2], sys.argv[3]))
    sys.exit(main())
