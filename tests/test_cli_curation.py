"""The curation commands of the command line: JSON shapes of docs/CONTRACT.md and exit codes."""

from __future__ import annotations

import pytest

from tests.test_cli import ARTICLE_KEYS, QUOTE_KEYS, SPEAKER_KEYS, run, run_json


@pytest.fixture
def db(tmp_path):
    return tmp_path / "q.db"


def test_corrections_history_and_reindex_from_the_command_line(db):
    quote = run_json(db, "whosaid", "we are not neutral")["results"][0]
    article_id = quote["article"]["id"]

    edited = run_json(db, "edit-article", str(article_id), "--outlet", "The Moscow Times", "--date", "2026-03-09")
    assert ARTICLE_KEYS <= set(edited["article"]) and edited["article"]["date"] == "2026-03-09"

    moved = run_json(db, "reassign", str(quote["id"]), "Jane", "Q.", "Public")
    assert QUOTE_KEYS <= set(moved["quote"]) and moved["quote"]["speaker"]["name"] == "Jane Q. Public"
    new_speaker = moved["quote"]["speaker"]["id"]

    keep = run_json(db, "quotes", "Pete Hegseth")["speaker"]["id"]
    merged = run_json(db, "merge-speakers", str(keep), str(new_speaker))
    assert SPEAKER_KEYS <= set(merged["speaker"]) and merged["speaker"]["id"] == keep
    split = run_json(db, "split-alias", str(keep), "Jane Q. Public")
    assert split["speaker"]["name"] == "Jane Q. Public" and split["speaker"]["id"] != keep

    titled = run_json(db, "set-title", str(keep), "Secretary of War")
    assert titled["speaker"]["title"] == "Secretary of War"
    assert run_json(db, "remove-quote", str(quote["id"])) == {"removed": quote["id"]}

    report = run_json(db, "reindex")
    assert report["articles"] == 5 and report["quotes_after"] == report["quotes_before"]
    assert not run_json(db, "whosaid", "we are not neutral")["results"][0]["id"] == quote["id"]

    events = run_json(db, "history", "--article", str(article_id))["events"]
    assert {"at", "actor", "action", "target", "before", "after"} <= set(events[0])
    assert [e["action"] for e in events][:3] == ["remove-quote", "reassign", "edit-article"]
    assert events[-1]["action"] == "ingest" and events[-1]["actor"] == "seeds"
    assert run_json(db, "history", "--speaker", str(keep))["events"][0]["action"] == "set-title"


@pytest.mark.parametrize(
    "args, message",
    [
        (("edit-article", "999", "--title", "x"), "no article #999"),
        (("edit-article", "1", "--date", "someday"), "not a date"),
        (("reassign", "99999", "Somebody"), "no quote #99999"),
        (("merge-speakers", "1", "1"), "same speaker"),
        (("split-alias", "1", "Nobody Atall"), "has no alias"),
        (("reindex", "--article", "999"), "no article #999"),
        (("history", "--article", "999"), "no article #999"),
        (("history", "--speaker", "99999"), "no speaker #99999"),
    ],
)
def test_bad_corrections_are_one_clear_line_and_exit_1(db, args, message):
    result = run(db, *args)
    assert result.returncode == 1 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
