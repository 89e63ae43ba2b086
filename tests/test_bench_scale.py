"""The scale benchmark harness (bench/scale.py) runs at a tiny size and writes well-formed reports.

Structure only: no assertion here depends on how fast the machine is.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from bench import scale
from bench.memory import ChildPeaks

SIZES = [25, 40]  # two sizes: the second grows the first's database (incremental path, ratio column)
QUERIES = 20


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("bench")
    result = scale.run_bench(SIZES, out, seed=3, queries=QUERIES, warmup=4, extract_cap=40, ready_runs=1, quiet=True)
    return result, out


def test_json_written_and_complete(report: tuple[dict, Path]) -> None:
    result, out = report
    data = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert data["sizes"].keys() == {"25", "40"}
    assert data["partial"] is None
    assert data["meta"]["queries"] == QUERIES
    assert set(data["targets"]) == set(scale.TARGETS)
    assert not (out / "work").exists()  # the scratch database is removed unless --keep


@pytest.mark.parametrize("size", SIZES)
def test_figures_per_size(report: tuple[dict, Path], size: int) -> None:
    data = json.loads((report[1] / "bench.json").read_text(encoding="utf-8"))
    entry = data["sizes"][str(size)]
    assert entry["articles"] == size  # every generated article ingested (dupes/copies still stored)
    ingest = entry["ingest"]
    assert ingest["articles"] == entry["new_articles"] == (size if size == SIZES[0] else size - SIZES[0])
    assert ingest["per_s"] > 0 and ingest["statuses"].get("error", 0) == 0
    assert entry["extraction"]["articles"] > 0 and entry["extraction"]["per_s"] > 0
    assert entry["database"]["bytes"] > 0 and entry["database"]["bytes_per_article"] > 0
    commands = entry["latency"]["commands"]
    assert set(commands) == set(scale.COMMANDS)
    assert sum(c["n"] for c in commands.values()) == QUERIES
    for stats in commands.values():
        assert 0 < stats["p50_ms"] <= stats["p99_ms"] <= stats["max_ms"]
        assert 0.0 <= stats["answered"] <= 1.0
    assert entry["memory"]["peak_rss_mb"] > 0
    # a load's memory counts each of its worker processes, as large as the largest one
    assert ingest["load_peak_rss_mb"] == ingest["peak_rss_mb"] + ingest["workers"] * ingest["workers_peak_rss_mb"]
    assert (ingest["workers_peak_rss_mb"] > 0) == (ingest["workers"] > 1)
    assert entry["memory"]["by_phase_mb"]["ingest"] == ingest["load_peak_rss_mb"]
    assert set(entry["memory"]["by_phase_mb"]) == {"ingest", "extract", "queries", "ready"}
    assert entry["ready"]["wall_s"] > 0 and len(entry["ready"]["runs"]) == 1
    for key, value in scale.figures(entry).items():
        assert value is None or value >= 0, key


def test_markdown_table(report: tuple[dict, Path]) -> None:
    markdown = (report[1] / "bench.md").read_text(encoding="utf-8")
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    assert header == ["Figure", "25", "40", "25→40", "Target (at largest size)"]
    assert set(table[1].replace("|", "").replace("-", "").replace(":", "").strip()) == set()
    assert len(table) == 2 + len(scale.ROWS)
    for line in table[2:]:
        cells = line.strip("|").split("|")
        assert len(cells) == len(header)
        assert cells[3].strip().startswith("×") or cells[3].strip() == "–"
    assert "ingest" in markdown.lower() and "p99" in markdown


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert scale._percentile(values, 50) == 50.0
    assert scale._percentile(values, 99) == 99.0
    assert scale._percentile([7.0], 99) == 7.0


def test_cli_parses_sizes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict = {}

    def fake_run(sizes, out, **kwargs):
        seen.update(sizes=sizes, out=out, **kwargs)
        return {}

    monkeypatch.setattr(scale, "run_bench", fake_run)
    assert scale.main(["--sizes", "1000,10_000", "--out", str(tmp_path), "--seed", "5"]) == 0
    assert seen["sizes"] == [1000, 10000] and seen["seed"] == 5 and seen["queries"] == scale.DEFAULT_QUERIES
    assert scale.main(["--quick", "--out", str(tmp_path)]) == 0
    assert seen["sizes"] == [scale.QUICK_SIZE] and seen["queries"] == scale.QUICK_QUERIES


@pytest.mark.skipif(
    not ChildPeaks().supported,
    reason="a child's own peak is read from Linux's /proc (task/*/children); elsewhere the bench uses RUSAGE_CHILDREN",
)
def test_child_peaks_are_the_childrens_own_not_the_parents_at_their_start() -> None:
    # A child started by fork/vfork + exec inherits its parent's high-water mark in ru_maxrss: a
    # worker pool started by a parent holding 100 MB reports at least 100 MB, whatever it uses.
    ballast = bytearray(100 * 2**20)
    ballast[:: 4096] = b"\1" * len(ballast[:: 4096])  # touch every page: it is resident
    with ChildPeaks(interval=0.05) as children:
        subprocess.run([sys.executable, "-c", "import time; time.sleep(0.5)"], check=True)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 >= 100
    assert children.largest_mb is not None and 0 < children.largest_mb < 60
