"""Semantic claim matching, measured: ``python -m bench.semantic [--sweep] [--synthetic N] [--json F]``.

Builds a scratch database with the semantic extra on: the five seeds, the PolNeAR dev split (when
``/work/shared/polnear`` or ``$POLNEAR_DIR`` is there) and ``N`` synthetic articles of
:mod:`bench.corpus` as distractors (fictional countries, the same kinds of claims: arms, intelligence,
reactors, troops). Every claim of ``bench/paraphrases.json`` is looked up once
(:func:`bot.search.claim_candidates`: word candidates and the nearest sentences, each with its
coverage, entity check and cosine), then ranked by each way of weighing the evidence
(:class:`bot.claim_rank.Ranking`), and the script prints, per way:

- ``recall@1``: answerable claims whose first result is one of the expected articles;
- ``recall@5``: ... among the first five;
- ``FPR``: unrelated claims ("expect": "none") that got any result.

Rows: words only (the engine without the extra), embeddings only (cosine over a threshold, at each
threshold), the combination shipped (:data:`bot.claim_rank.SHIPPED`), and with ``--sweep`` the best
combinations of a grid, chosen on half the claims and checked on the other half. A final end-to-end
pass runs :meth:`QuoteDesk.sources` itself to check the shipped figures.

``python -m bench.semantic --scale`` runs the ingest and latency benchmark instead (bench/semantic_scale.py).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_SET = HERE / "paraphrases.json"
DEFAULT_SYNTHETIC = 200
K = 5


@dataclass(slots=True)
class Claim:
    id: str
    claim: str
    corpus: str  # "seed", "polnear" or "any" (unrelated claims)
    articles: list[str] = field(default_factory=list)
    expect: str | None = None
    note: str = ""

    @property
    def none(self) -> bool:
        return self.expect == "none"

    @property
    def near_miss(self) -> bool:
        """An unanswerable claim about the corpus's own actors (harder than an unrelated one)."""
        return self.none and self.note.startswith("near miss")


def load_claims(path: Path = DEFAULT_SET) -> list[Claim]:
    return [Claim(**row) for row in json.loads(path.read_text(encoding="utf-8"))["claims"]]


# --- the corpus ---------------------------------------------------------------------------------------


async def build_desk(db_dir: Path, synthetic: int, with_polnear: bool, db: Path | None = None):
    """Seeds + PolNeAR dev + synthetic distractors, embedded (the default SEMANTIC_MODEL). With
    ``db``: that file, built on the first run and reused as it is on the next ones."""
    from bench.corpus import write_corpus
    from bench.evaluate import POLNEAR, SEEDS, polnear_manifest
    from bot.engine import QuoteDesk
    from bot.settings import Settings

    path = db or db_dir / "semantic.db"
    reuse = path.exists()
    settings = Settings(_env_file=None, database_path=path, seed_dir=str(SEEDS), discord_token=None)  # type: ignore[call-arg]
    desk = await QuoteDesk.open(settings)
    if not desk.semantic.enabled or not await desk.semantic.ready():
        await desk.close()
        raise SystemExit("semantic matching is off: " + (await desk.semantic.status()).reason)
    if reuse:
        return desk
    if with_polnear:
        await desk.ingest_paths([POLNEAR / "dev" / "text"], manifest=polnear_manifest())
    if synthetic:
        folder = db_dir / "synthetic"
        write_corpus(folder, synthetic)
        await desk.ingest_paths([folder])
    return desk


# --- judging ------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    name: str
    answerable: int
    unrelated: int
    recall1: float
    recall5: float
    fpr: float
    fpr_unrelated: float
    fpr_near: float
    misses: list[str] = field(default_factory=list)  # answerable claims not found in the top five
    false_positives: list[str] = field(default_factory=list)


def _stem(name: str | None) -> str:
    return Path(name or "").stem


def judge(claims: list[Claim], ranked: dict[str, list[Any]], name: str) -> Figures:
    """Figures from each claim's ranked results (a list of :class:`bot.models.Source`)."""
    answerable = [c for c in claims if not c.none]
    unrelated = [c for c in claims if c.none]
    at1 = at5 = 0
    misses: list[str] = []
    for c in answerable:
        wanted = {_stem(a) for a in c.articles}
        ranks = [i for i, r in enumerate(ranked[c.id], 1) if _stem(r.article.source) in wanted]
        at1 += bool(ranks and ranks[0] == 1)
        at5 += bool(ranks and ranks[0] <= K)
        if not ranks or ranks[0] > K:
            misses.append(c.id)
    false_positives = [c.id for c in unrelated if ranked[c.id]]
    near = [c for c in unrelated if c.near_miss]
    share = lambda n, d: n / d if d else float("nan")  # noqa: E731
    near_fp = sum(bool(ranked[c.id]) for c in near)
    return Figures(
        name, len(answerable), len(unrelated), share(at1, len(answerable)), share(at5, len(answerable)),
        share(len(false_positives), len(unrelated)), share(len(false_positives) - near_fp, len(unrelated) - len(near)),
        share(near_fp, len(near)), misses, false_positives,
    )


def rank_all(candidates: dict[str, list[Any]], ranking) -> dict[str, list[Any]]:
    from bot.search import rank_sources

    return {cid: rank_sources(cands, ranking, 10)[0] for cid, cands in candidates.items()}


# --- the sweep ----------------------------------------------------------------------------------------

GRID = {
    "min_cosine": [round(0.40 + 0.025 * i, 3) for i in range(17)],  # 0.40 .. 0.80
    "weight": [0.0, 0.25, 0.5, 0.75, 1.0],
    "entity_rule": ["sentence", "window", "off"],
}


def grid():
    from bot.claim_rank import Ranking

    for min_cos, weight, entity in itertools.product(*GRID.values()):
        yield Ranking(mode="combined", min_cosine=min_cos, weight=weight, entity_rule=entity)


def objective(f: Figures) -> tuple[float, ...]:
    """No false positive on unrelated claims, then on near misses (the no-answer rule must hold),
    then recall@1, then recall@5."""
    return (-f.fpr_unrelated, -f.fpr_near, f.recall1, f.recall5)


def sweep(claims: list[Claim], candidates: dict[str, list[Any]]) -> list[tuple[Any, Figures]]:
    # Only candidates some setting of the grid can accept: keeps the sweep to seconds.
    floor = min(GRID["min_cosine"])
    slim = {
        cid: [c for c in cands if c.evidence.words_ok or (c.evidence.cosine or 0) >= floor]
        for cid, cands in candidates.items()
    }
    rows = [(ranking, judge(claims, rank_all(slim, ranking), describe(ranking))) for ranking in grid()]
    rows.sort(key=lambda row: objective(row[1]), reverse=True)
    return rows


def describe(ranking) -> str:
    if ranking.mode == "words":
        return "words only"
    if ranking.mode == "embeddings":
        return f"embeddings only, cosine >= {ranking.min_cosine:.3f}"
    entity = {"sentence": "entities in the sentence", "window": "entities in it or the one before", "off": "no entity rule"}
    return f"combined: cosine >= {ranking.min_cosine:.3f}, weight {ranking.weight:.2f}, {entity[ranking.entity_rule]}"


def held_out(claims: list[Claim], candidates: dict[str, list[Any]]) -> list[str]:
    """Choose on one half of the claims, report on the other (both ways): how much the sweep overfits."""
    lines = []
    halves = [claims[0::2], claims[1::2]]
    for name, tune, test in (("even", halves[0], halves[1]), ("odd", halves[1], halves[0])):
        best, tuned = sweep(tune, {c.id: candidates[c.id] for c in tune})[0]
        checked = judge(test, rank_all({c.id: candidates[c.id] for c in test}, best), describe(best))
        lines.append(
            f"  chosen on the {name} half (recall@1 {tuned.recall1:.1%}, FPR {tuned.fpr:.1%}) -> "
            f"other half: recall@1 {checked.recall1:.1%}, recall@5 {checked.recall5:.1%}, FPR {checked.fpr:.1%}  [{checked.name}]"
        )
    return lines


# --- entry point --------------------------------------------------------------------------------------


def print_table(rows: list[Figures]) -> None:
    width = max(len(f.name) for f in rows)
    print(f"{'ranking':{width}}  {'recall@1':>8}  {'recall@5':>8}  {'FPR':>6}  {'unrelated':>9}  {'near miss':>9}")
    for f in rows:
        print(f"{f.name:{width}}  {f.recall1:8.1%}  {f.recall5:8.1%}  {f.fpr:6.1%}  {f.fpr_unrelated:9.1%}  {f.fpr_near:9.1%}")


async def evaluate(set_path: Path, synthetic: int, do_sweep: bool, db: Path | None = None) -> dict[str, Any]:
    from bench.evaluate import polnear_available, quiet_logs
    from bot.claim_rank import SHIPPED, WORDS_ONLY, Ranking
    from bot.search import claim_candidates
    from bot.storage import Scope

    with_polnear = polnear_available()
    claims = [c for c in load_claims(set_path) if with_polnear or c.corpus != "polnear"]
    report: dict[str, Any] = {"set": str(set_path), "polnear": with_polnear, "synthetic": synthetic}
    with tempfile.TemporaryDirectory() as tmp, quiet_logs():
        t0 = time.perf_counter()
        desk = await build_desk(Path(tmp), synthetic, with_polnear, db)
        try:
            status = await desk.semantic_status()
            report["build_seconds"] = round(time.perf_counter() - t0, 1)
            report["corpus"] = await desk.stats(Scope.all()) | {"sentences": status.sentences, "embedded": status.embedded}
            candidates = {c.id: await claim_candidates(desk.store, c.claim, Scope.all(), semantic=desk.semantic) for c in claims}
            rows = [judge(claims, rank_all(candidates, WORDS_ONLY), "words only")]
            for threshold in (0.45, 0.50, 0.55, 0.60, 0.65, 0.70):
                ranking = Ranking(mode="embeddings", min_cosine=threshold)
                rows.append(judge(claims, rank_all(candidates, ranking), describe(ranking)))
            for threshold in (0.50, 0.55):  # the trade-off below the shipped threshold
                ranking = replace(SHIPPED, min_cosine=threshold)
                rows.append(judge(claims, rank_all(candidates, ranking), describe(ranking)))
            shipped = judge(claims, rank_all(candidates, SHIPPED), "shipped: " + describe(SHIPPED))
            rows.append(shipped)
            # End to end: the engine's own sources() must give the shipped figures.
            answers = {c.id: (await desk.sources(c.claim, Scope.all())).results for c in claims}
            end_to_end = judge(claims, answers, "QuoteDesk.sources (end to end)")
            rows.append(end_to_end)
            report["rows"] = [asdict(f) for f in rows]
            if do_sweep:
                swept = sweep(claims, candidates)
                report["sweep_top"] = [asdict(f) | {"ranking": asdict(r)} for r, f in swept[:15]]
                report["held_out"] = held_out(claims, candidates)
        finally:
            await desk.close()
    report["_rows"] = rows
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.semantic", description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    parser.add_argument("--synthetic", type=int, default=DEFAULT_SYNTHETIC, help="synthetic distractor articles (default 200)")
    parser.add_argument("--sweep", action="store_true", help="also sweep the combination's settings")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--scale", action="store_true", help="run the ingest/latency benchmark instead")
    parser.add_argument("--failures", action="store_true", help="list the claims each row misses")
    parser.add_argument("--db", type=Path, help="keep the corpus in this file and reuse it on the next run")
    args, rest = parser.parse_known_args(argv)
    if args.scale:
        from bench.semantic_scale import main as scale_main

        return scale_main(rest)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a benchmark never downloads: the model must be local
    t0 = time.perf_counter()
    report = asyncio.run(evaluate(args.set, args.synthetic, args.sweep, args.db))
    rows = report.pop("_rows")
    corpus = report["corpus"]
    answerable = rows[0].answerable
    print(
        f"Semantic claim matching: {answerable} paraphrased claims, {rows[0].unrelated} unrelated; corpus "
        + ", ".join(f"{v:,} {k}" for k, v in corpus.items())
        + f" (seeds{', PolNeAR dev' if report['polnear'] else ''}, {report['synthetic']} synthetic distractors);"
        + f" built in {report['build_seconds']} s\n"
    )
    print_table(rows)
    if args.failures:
        for f in rows:
            print(f"\n{f.name}: misses {', '.join(f.misses) or '-'}; false positives {', '.join(f.false_positives) or '-'}")
    if report.get("sweep_top"):
        print("\nsweep, best first (fewest false positives, unrelated then near misses; then recall@1, recall@5):")
        print_table([Figures(**{k: v for k, v in row.items() if k != "ranking"}) for row in report["sweep_top"]])
        print("\nheld-out check:")
        print("\n".join(report["held_out"]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
