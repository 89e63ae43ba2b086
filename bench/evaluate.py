"""Answer quality of the three questions: ``python -m bench.evaluate [--set F] [--json OUT] [--sweep]``.

Builds a scratch database with the five seed articles plus the PolNeAR dev split (ingested with a
manifest made from ``metadata.tsv``: file, title, outlet = publisher, date), runs every question of
``bench/eval_questions.json`` through :class:`bot.engine.QuoteDesk` and prints, per command:

- ``acc@1``: answerable questions whose first result is right;
- ``recall@5``: answerable questions with a right result among the first five;
- ``no-answer``: "none" questions correctly answered with no results;
- ``false-pos``: "none" questions that got results anyway (1 - no-answer);
- counts and the failures.

A result is right when (whosaid, quotes) a content word of the expected speaker name appears in the
returned speaker's name and/or the result's article (or one of its ``also`` copies) is the expected
file; (sources) the result's article is one of the expected files. ``quotes`` questions are judged on
the resolved speaker when they give only a speaker and no article (and, with ``about``, on there being
at least one quote on the topic); an ambiguous answer (``candidates``, no results) that lists the right
speaker counts toward recall@5 but never acc@1, and for a "none" question any candidate is a result. ``ask`` questions are judged like
the command they should route to (``route``), and also count as wrong when routed elsewhere.

When ``/work/shared/polnear`` (or ``$POLNEAR_DIR``) is missing, only the seed questions run, and the
report says so. ``--sweep`` re-runs the set with other values of the thresholds in :mod:`bot.search`
(monkeypatched module constants; nothing is written) and prints a table.

PolNeAR: Newell, Margolin and Ruths, "An Attribution Relations Corpus for Political News", LREC 2018.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEFAULT_SET = Path(__file__).resolve().parent / "eval_questions.json"
POLNEAR = Path(os.environ.get("POLNEAR_DIR", "/work/shared/polnear"))
COMMANDS = ("whosaid", "quotes", "sources", "ask")
VARIANTS = ("exact", "misspelt", "paraphrased", "none")
K = 5

OUTLETS = {
    "breitbart": "Breitbart",
    "huff-post": "HuffPost",
    "nyt": "The New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "The Washington Post",
    "west-journal": "Western Journal",
}

# Words of a name that say nothing about who it is (the PolNeAR speaker rule sets titles aside).
_NAME_STOP = frozenset(
    "the a an of and mr mrs ms dr sen senator rep president vice secretary spokesman spokeswoman"
    " minister foreign defense press white house former governor gov".split()
)


# --- the question set ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Question:
    id: str
    command: str
    query: str
    variant: str
    corpus: str  # "seed" or "polnear"
    expect: str | None = None  # "none" for questions without an answer
    speaker: str | None = None
    article: str | list[str] | None = None
    about: str | None = None
    route: str | None = None  # ask: the command it should route to
    note: str = ""

    @property
    def none(self) -> bool:
        return self.expect == "none"

    @property
    def articles(self) -> list[str]:
        if self.article is None:
            return []
        return [self.article] if isinstance(self.article, str) else list(self.article)


def load_questions(path: Path = DEFAULT_SET) -> list[Question]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["questions"] if isinstance(data, dict) else data
    return [Question(**row) for row in rows]


def check_questions(questions: list[Question]) -> list[str]:
    """Problems with the set (empty when well-formed)."""
    problems: list[str] = []
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        problems.append("duplicate ids")
    for q in questions:
        where = f"{q.id}: "
        if q.command not in COMMANDS:
            problems.append(where + f"unknown command {q.command!r}")
        if q.variant not in VARIANTS:
            problems.append(where + f"unknown variant {q.variant!r}")
        if q.corpus not in ("seed", "polnear"):
            problems.append(where + f"unknown corpus {q.corpus!r}")
        if not q.query.strip():
            problems.append(where + "empty query")
        if (q.variant == "none") != q.none:
            problems.append(where + 'variant "none" if and only if expect "none"')
        if q.command == "ask" and q.route not in ("whosaid", "quotes", "sources"):
            problems.append(where + "ask needs route: whosaid|quotes|sources")
        kind = q.route if q.command == "ask" else q.command
        if not q.none:
            if kind in ("whosaid", "quotes") and not (q.speaker or q.articles):
                problems.append(where + "needs an expected speaker or article")
            if kind == "sources" and not q.articles:
                problems.append(where + "needs expected article(s)")
        if q.about and kind != "quotes":
            problems.append(where + "about only on quotes")
    return problems


# --- the corpus ---------------------------------------------------------------------------------------


def polnear_available(root: Path = POLNEAR) -> bool:
    return (root / "dev" / "text").is_dir()


def polnear_manifest(root: Path = POLNEAR):
    """An ingest manifest (file, title, outlet, date) for the dev split, from metadata.tsv."""
    from bot.manifest import Manifest, ManifestEntry

    entries: dict[str, ManifestEntry] = {}
    meta = root / "metadata.tsv"
    if meta.exists():
        lines = meta.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        for line in lines[1:]:
            row = dict(zip(head, line.split("\t")))
            if row.get("compartment") != "dev" or not row.get("filename"):
                continue
            publisher = row.get("publisher", "")
            entry = ManifestEntry(
                title=(row.get("title") or "").strip() or None,
                outlet=OUTLETS.get(publisher, publisher) or None,
                date=(row.get("publication_date") or "").strip() or None,
            )
            entries[row["filename"] + ".txt"] = entry
            entries[row["filename"]] = entry
    return Manifest(entries)


@contextmanager
def quiet_logs() -> Iterator[None]:
    import logging

    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)


async def open_desk(db_path: Path, with_polnear: bool):
    """A fresh engine over the seeds (and the PolNeAR dev split)."""
    from bot.engine import QuoteDesk
    from bot.settings import Settings

    settings = Settings(_env_file=None, database_path=db_path, seed_dir=str(SEEDS), discord_token=None)  # type: ignore[call-arg]
    desk = await QuoteDesk.open(settings, db_path)
    if with_polnear:
        results = await desk.ingest_paths([POLNEAR / "dev" / "text"], manifest=polnear_manifest())
        errors = [r for r in results if r.status == "error"]
        if errors:
            print(f"warning: {len(errors)} PolNeAR files not ingested, e.g. {errors[0].source}: {errors[0].message}", file=sys.stderr)
    return desk


# --- judging ------------------------------------------------------------------------------------------


def name_words(name: str | None) -> set[str]:
    tokens = re.findall(r"[a-z0-9]+", (name or "").lower())
    return {t for t in tokens if t not in _NAME_STOP and len(t) > 1}


def speaker_fits(expected: str, got: str | None) -> bool:
    """A content word of the expected name appears in the returned speaker's name."""
    return bool(name_words(expected) & name_words(got))


def _stem(source: str | None) -> str:
    return Path(source or "").stem


def article_fits(expected: list[str], articles: Iterable[Any]) -> bool:
    wanted = {_stem(a) for a in expected}
    return any(_stem(getattr(a, "source", None)) in wanted for a in articles)


@dataclass(slots=True)
class Outcome:
    id: str
    command: str
    variant: str
    corpus: str
    none: bool
    n_results: int
    rank: int | None  # 1-based rank of the first right result; None when no right result
    routed: str | None = None
    top: str = ""
    seconds: float = 0.0

    @property
    def correct_at_1(self) -> bool:
        return (self.n_results == 0) if self.none else self.rank == 1

    @property
    def found_at_k(self) -> bool:
        return (self.n_results == 0) if self.none else (self.rank is not None and self.rank <= K)


def _describe_statement(s) -> str:
    name = s.quote.speaker.name if s.quote.speaker else "?"
    return f"{name}: {s.quote.text[:60]!r} [{_stem(s.article.source)[:40]}]"


def judge(q: Question, kind: str, answer) -> tuple[int, int | None, str]:
    """(number of results, rank of the first right one, a description of the top result)."""
    if kind == "sources":
        results = answer.results
        for i, src in enumerate(results, 1):
            if article_fits(q.articles, [src.article]):
                return len(results), i, _stem(results[0].article.source)[:50]
        return len(results), None, _stem(results[0].article.source)[:50] if results else ""
    if kind == "quotes":
        if answer.speaker is None:
            # Ambiguous: the right speaker among the candidates counts toward recall@5, never acc@1.
            candidates = answer.candidates
            top = "candidates: " + ", ".join(c.name for c in candidates[:4]) if candidates else ""
            if q.none or not q.speaker:
                return len(candidates), None, top
            rank = next((i for i, c in enumerate(candidates, 2) if speaker_fits(q.speaker, c.name)), None)
            return len(candidates), rank, top
        results = answer.results
        if q.none:
            # a "none" quotes question: no such speaker (or nothing on the topic)
            return len(results), None, answer.speaker.name + (f": {_describe_statement(results[0])}" if results else "")
        speaker_ok = speaker_fits(q.speaker, answer.speaker.name) if q.speaker else True
        if not q.articles:
            # judged on the resolved speaker; a topic must still leave at least one quote
            ok = speaker_ok and (bool(results) or not q.about)
            return max(len(results), 1 if ok else 0), 1 if ok else None, answer.speaker.name
        for i, s in enumerate(results, 1):
            if speaker_ok and article_fits(q.articles, [s.article, *s.also]):
                return len(results), i, answer.speaker.name
        return len(results), None, answer.speaker.name + (f": {_describe_statement(results[0])}" if results else "")
    results = answer.results  # whosaid
    for i, s in enumerate(results, 1):
        name = s.quote.speaker.name if s.quote.speaker else None
        ok = (speaker_fits(q.speaker, name) if q.speaker else True) and (
            article_fits(q.articles, [s.article, *s.also]) if q.articles else True
        )
        if ok:
            return len(results), i, _describe_statement(results[0])
    return len(results), None, _describe_statement(results[0]) if results else ""


async def run_question(desk, q: Question, limit: int = 10) -> Outcome:
    from bot.storage import Scope

    scope = Scope.all()
    t0 = time.perf_counter()
    routed = None
    if q.command == "whosaid":
        kind, answer = "whosaid", await desk.whosaid(q.query, scope, limit=limit)
    elif q.command == "quotes":
        kind, answer = "quotes", await desk.quotes(q.query, scope, limit=limit, about=q.about)
    elif q.command == "sources":
        kind, answer = "sources", await desk.sources(q.query, scope, limit=limit)
    else:
        asked = await desk.ask(q.query, scope, limit=limit)
        kind, answer, routed = asked.understood.intent, asked.answer, asked.understood.intent
    n, rank, top = judge(q, kind, answer)
    if q.command == "ask" and routed != q.route:  # routed elsewhere: wrong (a "none" one still needs no results)
        rank = None
        top = f"routed to {routed}; " + top
    return Outcome(q.id, q.command, q.variant, q.corpus, q.none, n, rank, routed, top, time.perf_counter() - t0)


async def run_set(desk, questions: list[Question]) -> list[Outcome]:
    return [await run_question(desk, q) for q in questions]


# --- figures ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    command: str
    questions: int = 0
    answerable: int = 0
    none: int = 0
    acc1: float = 0.0
    recall5: float = 0.0
    no_answer: float = 0.0
    false_positive: float = 0.0
    overall: float = 0.0  # acc@1 over every question (a "none" question is right when empty)
    failures: list[str] = field(default_factory=list)


def _share(n: int, d: int) -> float:
    return n / d if d else float("nan")


def figures(outcomes: list[Outcome], questions: dict[str, Question] | None = None) -> list[Figures]:
    table: list[Figures] = []
    for command in (*COMMANDS, "all"):
        rows = [o for o in outcomes if command == "all" or o.command == command]
        if not rows:
            continue
        ans = [o for o in rows if not o.none]
        none = [o for o in rows if o.none]
        f = Figures(command, len(rows), len(ans), len(none))
        f.acc1 = _share(sum(o.correct_at_1 for o in ans), len(ans))
        f.recall5 = _share(sum(o.found_at_k for o in ans), len(ans))
        f.no_answer = _share(sum(o.n_results == 0 for o in none), len(none))
        f.false_positive = _share(sum(o.n_results > 0 for o in none), len(none))
        f.overall = _share(sum(o.correct_at_1 for o in rows), len(rows))
        if command != "all":
            for o in rows:
                if not o.correct_at_1:
                    q = questions.get(o.id) if questions else None
                    want = "none" if o.none else ", ".join(filter(None, [q.speaker if q else None, *(q.articles if q else [])]))[:60]
                    got = f"rank {o.rank}" if o.rank else f"{o.n_results} results"
                    f.failures.append(f"{o.id} [{o.variant}] {q.query[:50] if q else ''!r} want {want}; {got}; top {o.top[:90]}")
        table.append(f)
    return table


def _pct(x: float) -> str:
    return "   -  " if x != x else f"{x:6.1%}"


def print_figures(table: list[Figures], show_failures: int = 8) -> None:
    print(f"{'command':8} {'n':>3} {'ans':>4} {'none':>4}  {'acc@1':>6}  {'rec@5':>6}  {'no-ans':>6}  {'f-pos':>6}  {'overall':>7}")
    for f in table:
        print(
            f"{f.command:8} {f.questions:3d} {f.answerable:4d} {f.none:4d}  {_pct(f.acc1)}  {_pct(f.recall5)}"
            f"  {_pct(f.no_answer)}  {_pct(f.false_positive)}  {_pct(f.overall)}"
        )
    if show_failures:
        for f in table:
            if f.failures:
                print(f"\n{f.command} failures ({len(f.failures)}):")
                for line in f.failures[:show_failures]:
                    print("  " + line)
                if len(f.failures) > show_failures:
                    print(f"  ... {len(f.failures) - show_failures} more")


def by_variant(outcomes: list[Outcome]) -> dict[str, float]:
    out = {}
    for v in VARIANTS:
        rows = [o for o in outcomes if o.variant == v]
        if rows:
            out[v] = _share(sum(o.correct_at_1 for o in rows), len(rows))
    return out


# --- threshold sweep ------------------------------------------------------------------------------------

SWEEP = {
    "WHOSAID_MIN_SCORE": (0.50, 0.55, 0.58, 0.60, 0.62, 0.65, 0.68, 0.70, 0.75),
    "SPEAKER_MIN_SCORE": (70.0, 75.0, 80.0, 85.0, 88.0, 90.0, 95.0),
    "SOURCES_MIN_COVERAGE": (0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8),
}
# Which commands each threshold acts on (ask questions are re-run too, as they route to these).
SWEEP_COMMANDS = {
    "WHOSAID_MIN_SCORE": "whosaid",
    "SPEAKER_MIN_SCORE": "quotes",
    "SOURCES_MIN_COVERAGE": "sources",
}


@contextmanager
def patched(name: str, value: float) -> Iterator[None]:
    from bot import search

    old = getattr(search, name)
    setattr(search, name, value)
    try:
        yield
    finally:
        setattr(search, name, old)


def _kind(q: Question) -> str:
    return q.route if q.command == "ask" and q.route else q.command


async def sweep(desk, questions: list[Question]) -> dict[str, list[dict[str, float]]]:
    from bot import search

    rows: dict[str, list[dict[str, float]]] = {}
    for name, values in SWEEP.items():
        target = SWEEP_COMMANDS[name]
        subset = [q for q in questions if _kind(q) == target]
        rows[name] = []
        for value in values:
            with patched(name, value):
                outcomes = await run_set(desk, subset)
            ans = [o for o in outcomes if not o.none]
            none = [o for o in outcomes if o.none]
            rows[name].append(
                {
                    "value": value,
                    "current": float(value == getattr(search, name)),
                    "n": len(subset),
                    "acc1": _share(sum(o.correct_at_1 for o in ans), len(ans)),
                    "recall5": _share(sum(o.found_at_k for o in ans), len(ans)),
                    "no_answer": _share(sum(o.n_results == 0 for o in none), len(none)),
                    "overall": _share(sum(o.correct_at_1 for o in outcomes), len(outcomes)),
                }
            )
    return rows


async def margins(desk, questions: list[Question]) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Scores with the score thresholds off: the right result's score for answerable questions, the
    best score for "none" questions (whosaid: phrase score; sources: coverage). A good threshold lies
    above every "none" score and below the answerable ones."""
    from bot.storage import Scope

    out: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for name, kind in (("WHOSAID_MIN_SCORE", "whosaid"), ("SOURCES_MIN_COVERAGE", "sources")):
        right: list[tuple[str, float]] = []
        none: list[tuple[str, float]] = []
        with patched(name, 0.0):
            for q in questions:
                if _kind(q) != kind:
                    continue
                text = q.query
                if q.command == "ask":
                    from bot.ask import understand

                    text = understand(q.query).text
                if kind == "whosaid":
                    answer = await desk.whosaid(text, Scope.all(), limit=50)
                else:
                    answer = await desk.sources(text, Scope.all(), limit=50)
                scores = [r.score for r in answer.results]
                if q.none:
                    none.append((q.id, max(scores, default=0.0)))
                else:
                    _, rank, _ = judge(q, kind, answer)
                    if rank:
                        right.append((q.id, scores[rank - 1]))
                    else:  # the words found but wrongly attributed ("*"), or not found at all (0)
                        found = [r.score for r in answer.results if q.articles and article_fits(q.articles, [r.article, *getattr(r, "also", [])])]
                        right.append((q.id + ("*" if found else ""), max(found, default=0.0)))
        out[name] = {"answerable": sorted(right, key=lambda x: x[1]), "none": sorted(none, key=lambda x: -x[1])}
    return out


def print_margins(rows: dict[str, dict[str, list[tuple[str, float]]]]) -> None:
    for name, data in rows.items():
        print(f"\n{name} margins (threshold off; sources score = coverage + a small multi-sentence bonus):")
        print("  lowest right answers (* = found, wrong speaker): " + ", ".join(f"{i} {v:.2f}" for i, v in data["answerable"][:8]))
        print("  highest 'none' tops:  " + ", ".join(f"{i} {v:.2f}" for i, v in data["none"][:8]))


def print_sweep(rows: dict[str, list[dict[str, float]]]) -> None:
    for name, table in rows.items():
        n = int(table[0]["n"]) if table else 0
        print(f"\n{name} (over the {n} {SWEEP_COMMANDS[name]} questions, ask included):")
        print(f"  {'value':>6}  {'acc@1':>6}  {'rec@5':>6}  {'no-ans':>6}  {'overall':>7}")
        for row in table:
            mark = "  <- current" if row["current"] else ""
            print(f"  {row['value']:6.2f}  {_pct(row['acc1'])}  {_pct(row['recall5'])}  {_pct(row['no_answer'])}  {_pct(row['overall'])}{mark}")


# --- entry points ----------------------------------------------------------------------------------------


async def evaluate(
    set_path: Path = DEFAULT_SET, *, seed_only: bool = False, do_sweep: bool = False, db_dir: Path | None = None
) -> dict[str, Any]:
    """Run the set; return a report (figures, outcomes, sweep; ``_table`` holds the Figures objects)."""
    from bot.storage import Scope

    questions = load_questions(set_path)
    problems = check_questions(questions)
    if problems:
        raise SystemExit("bad question set: " + "; ".join(problems[:5]))
    with_polnear = not seed_only and polnear_available()
    note = None
    if not with_polnear:
        note = "seed questions only" + ("" if seed_only else f" (PolNeAR not found at {POLNEAR})")
        questions = [q for q in questions if q.corpus == "seed"]
    with tempfile.TemporaryDirectory(dir=db_dir) as tmp, quiet_logs():
        t0 = time.perf_counter()
        desk = await open_desk(Path(tmp) / "eval.db", with_polnear)
        try:
            build = time.perf_counter() - t0
            counts = await desk.stats(Scope.all())
            t1 = time.perf_counter()
            outcomes = await run_set(desk, questions)
            run = time.perf_counter() - t1
            sweep_rows = await sweep(desk, questions) if do_sweep else None
            margin_rows = await margins(desk, questions) if do_sweep else None
        finally:
            await desk.close()
    table = figures(outcomes, {q.id: q for q in questions})
    return {
        "set": str(set_path),
        "note": note,
        "polnear": with_polnear,
        "corpus": counts,
        "build_seconds": round(build, 2),
        "run_seconds": round(run, 2),
        "figures": [asdict(f) for f in table],
        "by_variant": by_variant(outcomes),
        "outcomes": [asdict(o) | {"correct_at_1": o.correct_at_1, "found_at_5": o.found_at_k} for o in outcomes],
        "sweep": sweep_rows,
        "margins": margin_rows,
        "_table": table,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="question file (default bench/eval_questions.json)")
    parser.add_argument("--json", type=Path, help="also write the full report as JSON to this file")
    parser.add_argument("--seed-only", action="store_true", help="only the seed questions, over the seeds")
    parser.add_argument("--sweep", action="store_true", help="also sweep the thresholds of bot.search")
    parser.add_argument("--failures", type=int, default=8, help="failures shown per command (default 8)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    report = asyncio.run(evaluate(args.set, seed_only=args.seed_only, do_sweep=args.sweep))
    table = report.pop("_table")
    corpus = report["corpus"]
    print(
        f"QuoteDesk evaluation: {sum(f.questions for f in table if f.command != 'all')} questions, corpus "
        + ", ".join(f"{v} {k}" for k, v in corpus.items())
        + (" (seeds + PolNeAR dev: Newell, Margolin and Ruths, LREC 2018)" if report["polnear"] else "")
    )
    if report["note"]:
        print(f"NOTE: {report['note']}")
    print(f"built in {report['build_seconds']:.1f} s, answered in {report['run_seconds']:.1f} s\n")
    print_figures(table, args.failures)
    print("\nacc@1 by variant: " + ", ".join(f"{k} {_pct(v).strip()}" for k, v in report["by_variant"].items()))
    if report["sweep"]:
        print_sweep(report["sweep"])
        print_margins(report["margins"])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
