"""Full-text candidates at a bounded cost (bot.candidates): what is ranked, and that answers survive.

The strategy is checked against a fake index (which rows each term matches, what each search
ranked), then on the seed corpus with a budget so small that every question takes the bounded path.
"""

from __future__ import annotations

import re

import pytest

import bot.candidates as candidates
from bot.candidates import document_frequencies, ranked_candidates, rarest_any
from bot.storage import Scope

# A fake index: term -> rowids. Expressions are ANDs of ORs of quoted terms, as the callers build.
INDEX = {
    "common": set(range(1, 9001)),  # over the budget on its own
    "also": set(range(1, 8001)),
    "rare": {5, 17, 9500},
    "rarer": {17},
    "none": set(),
}


def _rows(match: str) -> set[int]:
    rows = None
    for conjunct in re.split(r"\) AND \(|\s+AND\s+", match.strip("()")):
        terms = re.findall(r'"(\w+)"', conjunct)
        hit = set().union(*(INDEX[t] for t in terms)) if terms else set()
        rows = hit if rows is None else rows & hit
    return rows or set()


class Fake:
    def __init__(self) -> None:
        self.ranked: list[tuple[str, int]] = []  # (match, rows ranked)
        self.unranked: list[str] = []

    async def search(self, match: str, limit: int, ranked: bool) -> list[int]:
        rows = _rows(match)
        if ranked:
            self.ranked.append((match, len(rows)))
            return sorted(rows)[:limit]
        self.unranked.append(match)
        return sorted(rows, reverse=True)[:limit]

    async def count(self, matches, cap: int) -> list[int]:
        return [min(len(_rows(m)), cap + 1) for m in matches]


async def _run(fake: Fake, groups: list[str], **kwargs):
    everything = " OR ".join(groups)
    return await ranked_candidates(fake.search, fake.count, lambda row: row, 10, everything=everything, groups=groups, **kwargs)


async def test_a_question_that_fits_the_budget_ranks_everything_as_before():
    fake = Fake()
    rows = await _run(fake, ['"rare"', '"rarer"'])
    assert fake.ranked == [('"rare" OR "rarer"', 3)] and rows == [5, 17, 9500]


async def test_common_terms_are_never_ranked_whole():
    fake = Fake()
    rows = await _run(fake, ['"common"', '"rare"'])
    assert all(size <= candidates.RANK_BUDGET for _, size in fake.ranked)
    assert sum(size for _, size in fake.ranked) <= candidates.RANK_BUDGET
    assert set(rows[:2]) == {5, 17}  # the rows holding both terms come first


async def test_a_required_tier_that_fits_is_complete():
    fake = Fake()
    rows = await _run(fake, ['"common"', '"rare"'], required=['"rare"'])
    assert sorted(rows) == [5, 17]
    # fewer rows than the limit: read whole, not ranked (bm25 would read every term's doclist)
    assert fake.ranked == [] and len(fake.unranked) == 1


async def test_only_common_terms_give_the_newest_rows_unranked():
    fake = Fake()
    rows = await _run(fake, ['"common"', '"also"'])
    assert fake.ranked == [] and fake.unranked
    assert rows == list(range(8000, 7990, -1))


async def test_a_term_matching_nothing_does_not_empty_the_and():
    fake = Fake()
    rows = await _run(fake, ['"common"', '"rarer"', '"none"'])
    assert rows[0] == 17


async def test_rarest_any_keeps_the_rarest_parts():
    fake = Fake()
    assert await rarest_any(fake.count, ['"rare"', '"rarer"'], budget=10) == '"rare" OR "rarer"'
    assert await rarest_any(fake.count, ['"common"', '"rare"', '"rarer"'], budget=10) == '"rarer" OR "rare"'
    assert await rarest_any(fake.count, ['"common"', '"also"'], budget=10) == '"also"'  # at least the rarest
    assert await rarest_any(fake.count, [], budget=10) is None


async def test_document_frequencies_exact_below_the_cap_sampled_above(monkeypatch):
    monkeypatch.setattr(candidates, "DF_CAP", 100)
    fake = Fake()
    sampled: list[list[str]] = []

    async def recent(matches, window):
        sampled.append(list(matches))
        return [len(_rows(m) & set(range(1, 1001))) for m in matches], 1000

    df = await document_frequencies(fake.count, recent, 10_000, ["rare", "common", "none"])
    assert df == {"rare": 3.0, "none": 0.0, "common": 10_000.0}
    assert sampled == [['"common"']]


@pytest.mark.parametrize("budget", [1, 3])
async def test_answers_on_the_seeds_with_a_tiny_budget(desk, monkeypatch, budget):
    """Every question takes the bounded path; the seed answers are still found."""
    monkeypatch.setattr(candidates, "RANK_BUDGET", budget)
    monkeypatch.setattr(candidates, "DF_CAP", budget)
    scope = Scope.all()
    hits = await desk.whosaid("We are not neutral", scope)
    assert hits.results and "not neutral" in hits.results[0].quote.text
    misspelt = await desk.whosaid("we are not nuetral", scope)
    assert misspelt.results and "not neutral" in misspelt.results[0].quote.text
    found = await desk.sources("Russia is giving Iran intelligence on American forces", scope)
    assert found.results
    speaker = await desk.quotes("Hegseth", scope, about="Russia")
    assert speaker.speaker is not None and speaker.results
