"""Extraction quality on PolNeAR: ``python -m bench.quality ../shared/polnear/dev``.

Prints precision, recall and speaker accuracy under the scoring rules of the corpus README (see
:mod:`bench.polnear`), the counts behind them, and the extraction speed (articles/second, one core).
Options: ``--show-errors N`` lists misses, false positives and wrong speakers; ``--pathological``
times 1 MB adversarial inputs; ``--via-cli`` goes through ``python -m bot ingest/export`` instead of
calling :func:`bot.extraction.extract_quotes` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench.polnear import Article, Prediction, Report, load_split, score
from bot.extraction import extract_quotes


def predict_direct(articles: list[Article]) -> tuple[dict[str, list[Prediction]], float]:
    """Feed each whole text file (headline first) to ``extract_quotes``; return predictions and seconds."""
    preds: dict[str, list[Prediction]] = {}
    elapsed = 0.0
    for a in articles:
        t0 = time.perf_counter()
        quotes = extract_quotes(a.text)
        elapsed += time.perf_counter() - t0
        preds[a.stem] = [
            Prediction(q.text, q.speaker.name if q.speaker else None, q.kind, q.cue) for q in quotes
        ]
    return preds, elapsed


def predict_via_cli(articles: list[Article], split_dir: Path) -> tuple[dict[str, list[Prediction]], float]:
    """Ingest the split through the command line into a scratch database, then export it as JSON.

    Uses ``python -m bot --db PATH ingest --manifest M.csv DIR`` and ``python -m bot --db PATH export --json``
    (shapes in docs/CONTRACT.md); articles are matched back by their ``source`` (file base name).
    """
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        manifest = Path(tmp) / "manifest.csv"
        rows = ["file,title,outlet,date,url"]
        meta = _metadata(split_dir.parent / "metadata.tsv")
        for a in articles:
            m = meta.get(a.stem, {})
            title = a.text.split("\n", 1)[0].replace('"', "'")
            rows.append(f'{a.stem}.txt,"{title}",{m.get("publisher", "")},{m.get("publication_date", "")},')
        manifest.write_text("\n".join(rows) + "\n", encoding="utf-8")
        base = [sys.executable, "-m", "bot", "--db", str(db)]
        env = {**os.environ, "SEED_DIR": ""}  # only the split, not the starter corpus
        t0 = time.perf_counter()
        subprocess.run(base + ["ingest", "--manifest", str(manifest), str(split_dir / "text")], check=True, capture_output=True, env=env)
        elapsed = time.perf_counter() - t0
        out = subprocess.run(base + ["export", "--json"], check=True, capture_output=True, text=True, env=env).stdout
    preds: dict[str, list[Prediction]] = {}
    for art in json.loads(out)["articles"]:
        stem = Path(art.get("source") or "").stem
        preds[stem] = [
            Prediction(q["text"], (q.get("speaker") or {}).get("name"), q.get("kind", ""), q.get("cue"))
            for q in art.get("quotes", [])
        ]
    return preds, elapsed


def _metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return {row[1]: dict(zip(head, row)) for row in (line.split("\t") for line in lines[1:]) if len(row) > 1}


def print_report(report: Report, n_articles: int, seconds: float, label: str) -> None:
    print(f"PolNeAR {label}: {n_articles} articles")
    print(f"  precision        {report.precision:6.1%}  ({report.correct_predictions}/{report.predictions} predictions match a gold attribution)")
    print(
        f"                   {report.precision_folded:6.1%}  (the same, with the {report.nested_partials} partial quotes that lie"
        " inside their own predicted reported clause scored as part of it)"
    )
    print(f"  recall           {report.recall:6.1%}  ({report.gold_found}/{report.gold} gold speech attributions found)")
    print(f"  speaker accuracy {report.speaker_accuracy:6.1%}  ({report.speaker_correct}/{report.speaker_pairs} matched, non-pronoun sources)")
    rate = n_articles / seconds if seconds else float("inf")
    print(f"  speed            {rate:8.0f} articles/s  ({seconds:.2f} s, one core)")


def show_errors(report: Report, n: int, seed: int = 0) -> None:
    rnd = random.Random(seed)
    print(f"\n--- missed gold ({len(report.missed)}), by cue:")
    print("   ", Counter(" ".join(a.cue.lower().split()) for _, a in report.missed).most_common(25))
    for stem, a in rnd.sample(report.missed, min(n, len(report.missed))):
        print(f"  [{stem[:40]}] {a.source!r} | {a.cue!r} | {a.content[:160]!r}")
    print(f"\n--- false positives ({len(report.false)}), by kind/cue:")
    print("   ", Counter((p.kind, (p.cue or "").lower()) for _, p in report.false).most_common(20))
    for stem, p in rnd.sample(report.false, min(n, len(report.false))):
        print(f"  [{stem[:40]}] {p.kind} {p.cue!r} {p.speaker!r} | {p.text[:160]!r}")
    print(f"\n--- wrong speakers ({len(report.wrong_speaker)}):")
    for stem, a, p in rnd.sample(report.wrong_speaker, min(n, len(report.wrong_speaker))):
        print(f"  [{stem[:40]}] gold {a.source!r} pred {p.speaker!r} | {a.cue!r} | {a.content[:80]!r}")


def pathological() -> None:
    """Time adversarial inputs at 10 KB, 100 KB and 1 MB (×1, ×10, ×100) through the parser and
    the extractor: the time must grow with the size, not faster, and 1 MB must take under a second."""
    from bot.decoding import InputError
    from bot.parsing import parse_article

    patterns: dict[str, str | tuple[str, str]] = {  # a unit repeated, or (a head, then a unit repeated)
        "unmatched straight quotes": 'He said "it ',
        "unmatched curly openers": "“word ",
        "one sentence, no punctuation": "the official said that the minister told reporters ",
        "mixed marks and apostrophes": "“It’s ‘odd’ ' \" ” said O’Neil's aide, “",
        "many short paragraphs": "“Yes,” he said.\n",
        "a word, then only punctuation": ("Sales fell, Jane Doe said", "-"),
    }
    sizes = (10_000, 100_000, 1_000_000)
    print(f"  {'input':32s} " + "  ".join(f"{size // 1000:>6d} KB" for size in sizes) + "   ×100 size → time")
    for name, pattern in patterns.items():
        head, unit = pattern if isinstance(pattern, tuple) else ("", pattern)
        times = []
        for size in sizes:
            text = head + (unit * (size // len(unit) + 1))[: size - len(head)]
            t0 = time.perf_counter()
            try:
                body = parse_article(text).body
            except InputError:
                body = text
            extract_quotes(body)
            times.append(time.perf_counter() - t0)
        ratio = times[-1] / max(times[0], 1e-9)
        print(f"  {name:32s} " + "  ".join(f"{t:7.3f} s" for t in times) + f"   ×{ratio:.0f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.quality", description=__doc__.splitlines()[0])
    ap.add_argument("split", type=Path, help="a PolNeAR split directory (with text/ and attributions/)")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N", help="print N examples of each error kind")
    ap.add_argument("--via-cli", action="store_true", help="ingest and export through python -m bot")
    ap.add_argument("--pathological", action="store_true", help="also time adversarial inputs at 10 KB, 100 KB and 1 MB")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    articles = load_split(args.split)
    if args.limit:
        articles = articles[: args.limit]
    if args.via_cli:
        preds, seconds = predict_via_cli(articles, args.split)
        label = f"{args.split.name} (via CLI; time includes ingest and storage)"
    else:
        preds, seconds = predict_direct(articles)
        label = args.split.name
    report = score(articles, preds)
    print_report(report, len(articles), seconds, label)
    kinds = Counter(p.kind for ps in preds.values() for p in ps)
    print(f"  predictions by kind: {dict(kinds)}")
    if args.show_errors:
        show_errors(report, args.show_errors)
    if args.pathological:
        print("pathological inputs:")
        pathological()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
