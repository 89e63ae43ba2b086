"""The evaluation set is well-formed, and the evaluation runs end to end over the seeds."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

from bench.evaluate import (
    COMMANDS,
    DEFAULT_SET,
    check_questions,
    evaluate,
    load_questions,
    main,
    speaker_fits,
)

QUESTIONS = load_questions(DEFAULT_SET)


def test_the_set_is_well_formed():
    assert check_questions(QUESTIONS) == []
    assert len(QUESTIONS) >= 60


def test_the_set_is_hard_enough():
    variants = Counter(q.variant for q in QUESTIONS)
    n = len(QUESTIONS)
    assert variants["misspelt"] + variants["paraphrased"] >= n / 3, variants
    assert variants["none"] >= n / 6, variants
    assert all(q.expect == "none" for q in QUESTIONS if q.variant == "none")


def test_every_command_is_covered():
    commands = Counter(q.command for q in QUESTIONS)
    assert set(commands) == set(COMMANDS), commands
    assert any(q.command == "quotes" and q.about for q in QUESTIONS)
    routes = {q.route for q in QUESTIONS if q.command == "ask"}
    assert routes == {"whosaid", "quotes", "sources"}
    for command in COMMANDS:  # each command has answerable and no-answer questions
        kinds = {q.none for q in QUESTIONS if q.command == command}
        assert kinds == {True, False}, command
    seed = [q for q in QUESTIONS if q.corpus == "seed"]
    assert {q.command for q in seed} == set(COMMANDS)


def test_polnear_articles_are_named_by_file_only():
    for q in QUESTIONS:
        if q.corpus == "polnear":
            for name in q.articles:
                assert name.endswith(".txt") and "/" not in name, q.id
            assert len(q.query) <= 120, q.id  # renditions, not copied passages


def test_the_speaker_rule():
    assert speaker_fits("Pete Hegseth", "Hegseth")
    assert speaker_fits("Russian Ambassador to the United Kingdom", "Russian diplomats")
    assert not speaker_fits("Karoline Leavitt", "Pete Hegseth")
    assert not speaker_fits("President Obama", "President Trump")  # titles say nothing


def test_seed_only_evaluation_runs_end_to_end(tmp_path: Path):
    report = asyncio.run(evaluate(DEFAULT_SET, seed_only=True, db_dir=tmp_path))
    table = {f.command: f for f in report["_table"]}
    assert report["note"] and "seed" in report["note"]
    assert report["corpus"]["articles"] == 5
    assert set(COMMANDS) <= set(table)
    overall = table["all"]
    assert overall.questions == sum(q.corpus == "seed" for q in QUESTIONS)
    # A modest floor: the engine answers most seed questions and refuses some of the unanswerable.
    assert overall.acc1 >= 0.6, report["figures"]
    assert overall.recall5 >= overall.acc1
    assert overall.no_answer >= 0.3, report["figures"]
    for command in ("whosaid", "quotes", "sources"):
        assert table[command].acc1 >= 0.4, (command, table[command])


def test_the_command_line_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    out = tmp_path / "report.json"
    assert main(["--seed-only", "--json", str(out), "--failures", "0"]) == 0
    printed = capsys.readouterr().out
    assert "acc@1" in printed and "seed questions only" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {f["command"] for f in data["figures"]} >= set(COMMANDS)
    assert len(data["outcomes"]) == data["figures"][-1]["questions"]
