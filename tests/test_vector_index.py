"""The stored sentence vectors and the in-memory cosine index, without a model: hand-made unit
vectors on a real store (so these run without the semantic extra; numpy comes with matplotlib)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.storage import Scope, open_store
from bot.storage.scope import Filters
from bot.storage.sqlite import NewArticle
from bot.storage.vectors import VectorStore
from bot.vector_index import VectorIndex

DIM = 4


def _article(name: str, sentences: list[str], guild: int | None = None, outlet: str = "Daily") -> NewArticle:
    body = " ".join(sentences)
    positions, at = [], 0
    for sentence in sentences:
        positions.append(at)
        at += len(sentence) + 1
    return NewArticle(
        source=name, title=name, outlet=outlet, date="2026-01-01", url=None, guild_id=guild,
        content_hash=name, body=body, sketch=[], copy_of=None,
        sentences=[(p, s, s.lower()) for p, s in zip(positions, sentences)], quotes=[],
    )


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture
async def store(tmp_path: Path):
    opened = await open_store(tmp_path / "v.db")
    yield opened
    await opened.close()


async def _embed(vectors: VectorStore, space: int, directions: dict[str, np.ndarray]) -> int:
    """Give each sentence (by its text) a vector."""
    rows = await vectors.missing(space, 0, 1000)
    return await vectors.add(space, [(sid, text, directions[text].tobytes()) for sid, text in rows])


async def test_search_follows_inserts_deletes_and_scope(store) -> None:
    vectors = VectorStore(store)
    space = await vectors.space("fingerprint-a", "test-model", DIM)
    shared, _, _ = await store.add_article(_article("shared.txt", ["North.", "East."]))
    local, _, _ = await store.add_article(_article("local.txt", ["North again."], guild=7, outlet="Gazette"))
    directions = {"North.": _unit(1, 0, 0, 0), "East.": _unit(0, 1, 0, 0), "North again.": _unit(1, 0.1, 0, 0)}
    assert await _embed(vectors, space, directions) == 3
    assert await _embed(vectors, space, directions) == 0  # nothing left without a vector

    index = VectorIndex(vectors, space, DIM)
    north = _unit(1, 0, 0, 0)
    found = await index.search(north, Scope.all(), k=2)
    assert [h.article_id for h in found.hits] == [shared, local]
    assert found.hits[0].cosine == pytest.approx(1.0)
    # A guild sees its own and the shared articles; another guild and the shared scope do not see guild 7's.
    assert {h.article_id for h in (await index.search(north, Scope.guild(7))).hits} == {shared, local}
    assert {h.article_id for h in (await index.search(north, Scope.guild(8))).hits} == {shared}
    assert {h.article_id for h in (await index.search(north, Scope.all(), Filters(outlet="gazette"))).hits} == {local}
    # The cosine of the same query with any embedded sentence, None for one without a vector.
    assert found.cosines([(shared, 7), (shared, 0), (999, 0)]) == [pytest.approx(0.0), pytest.approx(1.0), None]

    # Inserted elsewhere (another connection, another process): picked up by the next search.
    later, _, _ = await store.add_article(_article("later.txt", ["South."]))
    await _embed(vectors, space, {"South.": _unit(0, 0, 1, 0)})
    assert (await index.search(_unit(0, 0, 1, 0), Scope.all(), k=1)).hits[0].article_id == later
    assert len(index) == 4

    # Deleted with its article: the matrix is rebuilt without it.
    await store.remove_article(shared, Scope.all())
    assert {h.article_id for h in (await index.search(north, Scope.all())).hits} == {local, later}
    assert len(index) == 2


async def test_vectors_of_another_model_are_kept_apart_and_dropped(store) -> None:
    vectors = VectorStore(store)
    old = await vectors.space("fingerprint-old", "old-model", DIM)
    await store.add_article(_article("a.txt", ["One.", "Two."]))
    await _embed(vectors, old, {"One.": _unit(1, 0, 0, 0), "Two.": _unit(0, 1, 0, 0)})
    new = await vectors.space("fingerprint-new", "new-model", DIM)
    assert await vectors.counts(new) == (2, 0)  # the old model's vectors are not this model's
    assert len(await vectors.missing(new)) == 2
    assert await vectors.drop_other_spaces(new) == 2
    assert await vectors.counts(old) == (2, 0)


async def test_a_vector_for_a_changed_sentence_is_not_stored(store) -> None:
    vectors = VectorStore(store)
    space = await vectors.space("fingerprint", "model", DIM)
    await store.add_article(_article("a.txt", ["Before."]))
    [(sentence_id, _)] = await vectors.missing(space)
    # Read as "Before.", but the sentence now says something else (re-extracted meanwhile): skipped.
    assert await vectors.add(space, [(sentence_id, "Something else.", _unit(1, 0, 0, 0).tobytes())]) == 0
    assert await vectors.add(space, [(sentence_id, "Before.", _unit(1, 0, 0, 0).tobytes())]) == 1


async def test_the_sentence_before_is_found_for_the_entity_window(store) -> None:
    """Semantic matches may name the claim's entities one sentence earlier ("Norway ... It said")."""
    article, _, _ = await store.add_article(_article("a.txt", ["Norway spoke first.", "It said no.", "Then silence."]))
    found = await VectorStore(store).previous_search_texts([(article, 20), (article, 0), (article, 32)])
    assert found == {(article, 20): "norway spoke first.", (article, 32): "it said no."}
