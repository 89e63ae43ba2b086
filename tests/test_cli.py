"""The command line as scripts use it: JSON shapes and exit codes from docs/CONTRACT.md."""

from __future__ import annotations

import json
import sqlite3
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cli") / "q.db"


def run(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SEED_DIR": str(SEEDS), **(env or {})}
    environment.pop("DISCORD_TOKEN", None)
    return subprocess.run(
        [sys.executable, "-m", "bot", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, env=environment, cwd=db.parent,
    )


def run_json(db: Path, command: str, *args: str) -> dict:
    result = run(db, command, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


ARTICLE_KEYS = {"id", "source", "title", "outlet", "date", "url"}
SPEAKER_KEYS = {"id", "name", "title", "kind"}
QUOTE_KEYS = {"id", "text", "kind", "cue", "venue", "speaker"}


def test_whosaid_json(db):
    data = run_json(db, "whosaid", "--", "-we are not neutral")
    assert data["query"] == "-we are not neutral"
    statement = data["results"][0]
    assert QUOTE_KEYS | {"score", "article", "also"} <= set(statement)
    assert ARTICLE_KEYS <= set(statement["article"]) and SPEAKER_KEYS <= set(statement["speaker"])
    assert 0 <= statement["score"] <= 1


def test_quotes_json_and_candidates_shape(db):
    data = run_json(db, "quotes", "--about", "Russia", "Hegseth")
    assert data["speaker"]["name"] == "Pete Hegseth" and data["candidates"] == []
    assert data["results"]


def test_sources_json(db):
    data = run_json(db, "sources", "Russia is giving Iran intelligence on American forces")
    assert data["origin"]["name"].endswith("Washington Post") and data["origin"]["evidence"]
    source = data["results"][0]
    assert {"score", "article", "sentence", "sentences"} <= set(source)
    assert data["reporting"] >= len(data["results"])


def test_ask_json_says_what_it_understood(db):
    data = run_json(db, "ask", "what did the Kremlin say?")
    assert data["understood"] == {"intent": "quotes", "speaker": "the Kremlin"}


def test_export_articles_speakers(db):
    exported = run_json(db, "export")
    assert len(exported["articles"]) == 5
    assert all(QUOTE_KEYS <= set(q) for a in exported["articles"] for q in a["quotes"])
    # every quote has a SPEAKER, an unattributed one too (its id is null)
    assert all(SPEAKER_KEYS <= set(q["speaker"]) for a in exported["articles"] for q in a["quotes"])
    articles = run_json(db, "articles", "--since", "2026-03-07")
    assert articles["articles"] and all(a["date"] >= "2026-03-07" for a in articles["articles"])
    speakers = run_json(db, "speakers", "heg")
    assert [s["name"] for s in speakers["speakers"]] == ["Pete Hegseth"]


def test_ingest_json_and_exit_codes(db, tmp_path):
    again = run(db, "ingest", "--json", str(SEEDS / "004_a17392e5fcbf29e7.txt"))
    assert again.returncode == 0
    assert json.loads(again.stdout)["results"][0]["status"] == "duplicate"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    bad = run(db, "ingest", str(empty))
    assert bad.returncode == 1 and "empty" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2(db):
    assert run(db, "whosaid", "--nope", "x").returncode == 2
    assert run(db, "articles", "--since", "yesterday").returncode == 2
    backwards = run(db, "whosaid", "--since", "2026-03-07", "--until", "2026-03-06", "neutral")
    assert backwards.returncode == 2 and "after --until" in backwards.stderr
    no_token = run(db, "run")
    assert no_token.returncode == 2 and "DISCORD_TOKEN" in no_token.stderr


def test_a_database_path_that_is_not_a_database_is_a_configuration_error(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body>not a database</body></html>")
    for db in (page, tmp_path):  # a file of something else; a folder
        result = run(db, "whosaid", "x")
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("error: ") and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_json_may_come_before_the_command_with_the_other_global_options(db):
    result = run(db, "--json", "whosaid", "not neutral")  # run() puts --db first: both global
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]


def test_a_file_named_in_latin1_is_loaded_with_the_rest_of_its_folder(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for number, name in enumerate(("good1.txt", os.fsdecode(b"caf\xe9.txt"), "good2.txt")):
        (folder / name).write_text(f"Story Number {number}\n\nThe mayor said on Monday that plan {number} would pass.\n")
    data = run_json(tmp_path / "q.db", "ingest", str(folder))
    assert [r["status"] for r in data["results"]] == ["added"] * 3
    assert "caf\ufffd.txt" in [r["source"] for r in data["results"]]


def test_a_folder_load_lists_the_files_it_did_not_read(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "story.txt").write_text("Story\n\nThe mayor said on Monday that the plan would pass.\n")
    (folder / "scan.PDF").write_bytes(b"%PDF-1.4")
    (folder / "NOTES").write_text("to do")
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden files and the manifest are not listed
    (folder / "manifest.csv").write_text("file,outlet\nstory.txt,The Ledger\n")
    (folder / "older").mkdir()
    result = run(tmp_path / "q.db", "ingest", str(folder))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].startswith("story.txt: added") and "The Ledger" in lines[0]
    assert lines[1:] == [
        "NOTES: skipped: not an article file (no suffix); a folder load reads .txt, .md, .markdown, .html, .htm",
        "scan.PDF: skipped: not an article file (.pdf); a folder load reads .txt, .md, .markdown, .html, .htm",
        "older: skipped: a subfolder (a load does not go into subfolders: name it to load it)",
    ]
    data = run_json(tmp_path / "q2.db", "ingest", str(folder))
    assert [(r["source"], r["status"], r["article_id"]) for r in data["results"][1:]] == [
        ("NOTES", "skipped", None), ("scan.PDF", "skipped", None), ("older", "skipped", None),
    ]


def test_the_digest_reads_its_period_in_dates_and_refuses_one_starting_in_the_future(db):
    result = run(db, "digest", "--since", "2026-03-01")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"QuoteDesk digest, 1 Mar 2026 00:00 UTC to \d{1,2} \w{3} \d{4} \d\d:\d\d UTC", result.stdout.splitlines()[0])
    assert run_json(db, "digest", "--since", "2026-03-01")["since"].startswith("2026-03-01T00:00:00")  # JSON keeps ISO
    future = run(db, "digest", "--since", "2999-01-01")
    assert future.returncode == 2 and future.stderr.startswith("error: --since 2999-01-01 is in the future")


def test_an_empty_question_is_bad_input(db):
    result = run(db, "whosaid", "   ")
    assert result.returncode == 1 and result.stderr.strip() == "error: give some words to look for"


def test_an_empty_answer_says_where_it_looked(db):
    assert run(db, "quotes", "--since", "2027-01-01", "Hegseth").stdout.strip() == (
        "Pete Hegseth (U.S. Defense Secretary) has no quotes since 2027-01-01."
    )
    assert "No quote in the corpus matches" in run(db, "whosaid", "zebra xylophone quartet").stdout


def test_a_load_says_each_error_once_on_stderr(db, tmp_path):
    result = run(db, "ingest", "ftp://example.com/story", str(tmp_path / "missing.txt"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: ftp://example.com/story: ftp:// addresses are not supported: give an http(s) URL or a file",
        f"error: missing.txt: no such file: {tmp_path / 'missing.txt'}",
    ]


def test_text_that_is_not_utf8_is_refused_in_one_line(db):
    result = run(db, "ingest", "--outlet", os.fsdecode(b"Le Caf\xe9"), str(SEEDS))
    assert result.returncode == 2 and result.stderr.strip() == (
        "error: the outlet given is not valid UTF-8 text (check the terminal's encoding)"
    )
    assert run(db, "speakers", os.fsdecode(b"\xff")).returncode == 2


def test_backup_refuses_the_live_file_a_folder_and_an_unwritable_place(db, tmp_path):
    for target, message in ((db, "onto itself"), (tmp_path, "is a folder"), (Path("/proc/no.db"), "cannot write the backup")):
        result = run(db, "backup", str(target))
        assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr
    assert run_json(db, "export")["articles"]  # the live database is whole


def test_backup(db, tmp_path):
    target = tmp_path / "b.db"
    assert run(db, "backup", str(target)).returncode == 0 and target.stat().st_size > 0


def test_one_url_for_several_files_is_refused_so_none_replaces_another(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Story {name}\n\nThe mayor said on Monday that plan {name} would pass.\n")
    result = run(tmp_path / "q.db", "ingest", "--url", "https://example.com/s", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert result.returncode == 2 and result.stderr.startswith("error: --url names one article")
    result = run(tmp_path / "q.db", "ingest", "--url", "javascript:alert(1)", str(tmp_path / "a.txt"))
    assert result.returncode == 1 and "is not a web address" in result.stderr


def test_a_backup_never_overwrites_a_file_that_is_not_a_database(db, tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("an article someone is still writing")
    result = run(db, "backup", str(story))
    assert result.returncode == 1 and "exists and is not a database" in result.stderr
    assert story.read_text() == "an article someone is still writing"
    result = run(db, "backup", str(story / "x.db"))  # "below" a file
    assert result.returncode == 1 and result.stderr.startswith("error: cannot write the backup") and "Traceback" not in result.stderr
    assert run(db, "backup", str(tmp_path / "b.db")).returncode == 0
    assert run(db, "backup", str(tmp_path / "b.db")).returncode == 0  # an older backup is replaced


def test_numbers_too_large_for_the_database_are_refused(db):
    for args in (("remove-quote", "99999999999999999999999"), ("history", "--guild", "-99999999999999999999"),
                 ("speakers", "--limit", "9223372036854775808")):
        result = run(db, *args)
        assert result.returncode == 2 and "is too large" in result.stderr and "Traceback" not in result.stderr


def test_a_damaged_database_is_one_line_that_says_what_to_do(db, tmp_path):
    assert run(db, "stats").returncode == 0  # the seeded database exists
    damaged = tmp_path / "damaged.db"
    data = bytearray(db.read_bytes())
    for page in range(2, len(data) // 4096):  # every page's header: each table's tree is broken
        data[page * 4096 : page * 4096 + 16] = b"\x0d\xff" * 8
    damaged.write_bytes(bytes(data))
    result = run(damaged, "export")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ") and "restore it from a backup" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (os.mkfifo) exist only on POSIX systems; Windows has none to test")
def test_a_pipe_or_a_device_is_not_read_as_an_article(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "story.txt").write_text("Story\n\nThe mayor said on Monday that the plan would pass.\n")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait forever
    result = run(tmp_path / "q.db", "ingest", str(folder), "/dev/zero")
    assert result.returncode == 1
    assert result.stdout.startswith("story.txt: added")
    assert "pipe.txt: not a regular file" in result.stderr and "zero: not a regular file" in result.stderr


def test_a_folder_whose_manifest_is_wrong_does_not_stop_the_other_inputs(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "a.txt").write_text("Story A\n\nThe mayor said on Monday that the plan would pass.\n")
    (folder / "manifest.csv").write_text("file,date\na.txt,someday\n")
    single = tmp_path / "b.txt"
    single.write_text("Story B\n\nThe governor said on Monday that the port would open.\n")
    result = run(tmp_path / "q.db", "ingest", str(single), str(folder))
    assert result.returncode == 1 and result.stdout.startswith("b.txt: added")
    assert "batch: manifest " in result.stderr and "row 1: 'someday' is not a date" in result.stderr
    assert "nothing in this folder was loaded" in result.stderr


def test_what_sqlite_says_of_its_file_is_told_as_what_to_do():
    from bot.cli import database_problem

    assert "restore it from a backup" in database_problem(sqlite3.DatabaseError("database disk image is malformed"))
    assert "check its permissions" in database_problem(sqlite3.OperationalError("attempt to write a readonly database"))
    assert "another process holds it" in database_problem(sqlite3.OperationalError("database is locked"))


def test_usage_errors_are_one_line_too(db):
    for args in (("ingest", "--date", "someday", "x.txt"), ("whosaid", "--limit", "0", "x"), ("frobnicate",)):
        result = run(db, *args)
        assert result.returncode == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, args


def test_an_address_without_its_scheme_gets_a_hint(tmp_path):
    result = run(tmp_path / "q.db", "ingest", "www.example.com/news/a")
    assert result.returncode == 1 and "give its address with https://" in result.stderr
    result = run(tmp_path / "q.db", "ingest", "HTTP://127.0.0.1:9/a")  # a scheme in capitals is still the web
    assert "loopback" in result.stderr


def test_a_missing_file_is_a_missing_file_not_an_address(tmp_path):
    result = run(tmp_path / "q.db", "ingest", "no-such-story.txt")  # relative, as typed
    assert result.returncode == 1 and "no such file" in result.stderr and "https://" not in result.stderr


def test_a_seed_folder_that_gives_nothing_is_said_not_silent(tmp_path):
    missing = run(tmp_path / "a.db", "whosaid", "anything", env={"SEED_DIR": str(tmp_path / "no-such-folder")})
    assert missing.returncode == 0
    assert "no-such-folder is not a folder: the corpus starts empty" in missing.stderr

    refused = tmp_path / "seeds"
    refused.mkdir()
    (refused / "scan.txt").write_bytes(b"\x00\x01\x02 not an article")
    result = run(tmp_path / "b.db", "whosaid", "anything", env={"SEED_DIR": str(refused)})
    assert "seed scan.txt not loaded: binary" in result.stderr
    assert "gave no article: the corpus starts empty" in result.stderr


def test_no_seeding_asked_for_is_no_warning(tmp_path):
    result = run(tmp_path / "c.db", "whosaid", "anything", env={"SEED_DIR": ""})
    assert result.returncode == 0 and result.stderr == ""


def test_escape_sequences_reach_no_terminal_and_titles_keep_one_limit(tmp_path):
    article = tmp_path / "council.txt"
    article.write_text('Council Votes\n\nThe mayor said: "The bridge will reopen \x1b[31mnext spring."\n')
    added = run(tmp_path / "q.db", "ingest", "--title", "Bridge\x1b]0;owned\x07 " + "news " * 3000, str(article),
                env={"SEED_DIR": ""})
    assert added.returncode == 0 and "\x1b" not in added.stdout
    title = run_json(tmp_path / "q.db", "articles")["articles"][0]["title"]
    assert title.startswith("Bridge news news") and len(title) <= 500  # as edit-article keeps

    asked = run(tmp_path / "q.db", "whosaid", "bridge will reopen\x1b[2J")
    assert "\x1b" not in asked.stdout and "“The bridge will reopen next spring.”" in asked.stdout
    refused = run(tmp_path / "q.db", "ingest", "missing\x1b[2J.txt")
    assert refused.returncode == 1 and "\x1b" not in refused.stderr and "missing.txt: no such file" in refused.stderr
