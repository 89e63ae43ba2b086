"""Full-text candidates at a bounded cost: what a question costs must not grow with the corpus.

FTS5 scores (bm25) every row an expression matches before ``ORDER BY rank LIMIT n`` can cut, so an
OR of common words costs O(matching rows): a few milliseconds over a thousand articles, half a
second over a hundred thousand. Here the rows FTS5 ranks per query stay under ``RANK_BUDGET``:

1. each term group's matches are counted, capped (unranked, FTS5 streams rowids and stops: O(cap));
2. if they add up to at most the budget, the OR of everything is ranked, exactly as before (a small
   corpus, or a question in rare words, gets the same candidates as an unbounded search);
3. otherwise tiers, most specific first, are ranked when their own (capped) count fits the budget:
   what every answer must hold (a tier marked complete ends the search), all the terms together
   (AND), then the OR of the rarest groups that fit the budget together; a tier too common to rank
   contributes its newest rows, unranked.

Document frequencies for idf weights are bounded the same way: exact up to ``DF_CAP`` matches,
estimated above it from a sample of ``DF_WINDOW`` rows (rowid ranges spread over the table).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from typing import Any

from bot.fts import quoted

RANK_BUDGET = 6000  # rows FTS5 may score for one candidate query (~7 ms on the bench machine)
DF_CAP = 4000  # document frequencies up to this are counted exactly
DF_WINDOW = 80_000  # rows sampled (in 8 spread ranges) for the frequency of a more common term

Search = Callable[[str, int, bool], Awaitable[list[Any]]]  # (match, limit, ranked) -> rows
Count = Callable[[Sequence[str], int], Awaitable[list[int]]]  # (matches, cap) -> capped counts


def all_of(groups: Sequence[str]) -> str:
    return " AND ".join(f"({group})" for group in groups)


def any_group(groups: Sequence[str]) -> str:
    return " OR ".join(f"({group})" for group in groups)


async def ranked_candidates(
    search: Search, count: Count, key: Callable[[Any], Hashable], limit: int, *,
    everything: str, groups: Sequence[str], required: Sequence[str] = (),
) -> list[Any]:
    """Up to ``limit`` rows for the question whose unbounded search is ``everything`` (an OR of
    ``groups``, one group per query term), best evidence first, ranking at most the budget.

    ``required``: groups every answer holds (a tier of them that fits the budget is complete).
    """
    if not groups:
        return []
    counts = await count(groups, RANK_BUDGET)
    if sum(counts) <= RANK_BUDGET:
        return await search(everything, limit, True)
    live = [group for group, n in zip(groups, counts) if n]  # a group matching nothing cannot help
    found: dict[Hashable, Any] = {}
    budget = RANK_BUDGET  # rows left to rank, over every tier of this question
    unranked: list[str] = []

    def add(rows: list[Any]) -> None:
        for row in rows:
            found.setdefault(key(row), row)

    async def rank(tiers: list[tuple[str, bool]]) -> bool:
        """Rank the tiers that fit what is left of the budget, most specific first; True: done."""
        nonlocal budget
        tiers = [tier for tier in dict.fromkeys(tiers) if tier[0]]
        sizes = await count([match for match, _ in tiers], budget)
        for (match, complete), size in zip(tiers, sizes):
            if size > budget:
                unranked.append(match)
            elif size:
                # perf: a tier that fits in the limit comes back whole, so skip ranking it: bm25 reads
                # each term's whole doclist for its idf, O(corpus) for a common word
                add(await search(match, limit, size > limit))
                budget -= size
                if complete or len(found) >= limit:
                    return True
        return False

    first: list[tuple[str, bool]] = []
    if required:
        rest = [group for group in live if group not in required]
        first.append((all_of([*required, any_group(rest)] if rest else required), True))
    if len(live) > 1:
        first.append((all_of(live), False))
    if await rank(first):
        return list(found.values())[:limit]
    if len(found) < limit // 8 and not unranked and len(live) > 2:
        # few rows hold every term (none too many): all the terms but one (a word misremembered)
        second: list[tuple[str, bool]] = []
        for skip in range(len(live)):
            others = live[:skip] + live[skip + 1 :]
            second.append((all_of(others), False))
        if await rank(second):
            return list(found.values())[:limit]
    rare: list[str] = []
    for size, group in sorted(zip(counts, groups)):
        if size > budget:
            break
        if size:
            rare.append(group)
            budget -= size
    if rare:
        add(await search(any_group(rare), limit, True))
    for match in unranked:  # too common to rank: their newest rows
        if len(found) >= limit:
            break
        add(await search(match, limit - len(found), False))
    if not found and live:  # every term is common: the newest rows of the least common one
        add(await search(min((n, g) for n, g in zip(counts, groups) if n)[1], limit, False))
    return list(found.values())[:limit]


async def rarest_any(count: Count, parts: Sequence[str], budget: int = RANK_BUDGET // 2) -> str | None:
    """An OR of FTS5 strings (trigrams of a name, say) that ranks at most ``budget`` rows: all of
    them when their matches fit, else the rarest ones that fit together (at least the rarest)."""
    if not parts:
        return None
    counts = await count(parts, budget)
    if sum(counts) <= budget:
        return " OR ".join(parts)
    kept: list[str] = []
    total = 0
    for size, part in sorted(zip(counts, parts)):
        if size and (total + size <= budget or not kept):
            kept.append(part)
            total += size
    return " OR ".join(kept) if kept else None


async def document_frequencies(
    count: Count, recent: Callable[[Sequence[str], int], Awaitable[tuple[list[int], int]]],
    rows: int, words: Sequence[str],
) -> dict[str, float]:
    """Rows holding each word (as FTS5 indexes it): exact up to ``DF_CAP``, else estimated from
    a sample of ``DF_WINDOW`` rows, scaled to ``rows``."""
    words = list(dict.fromkeys(words))
    exact = await count([quoted(word) for word in words], DF_CAP)
    out = {word: float(n) for word, n in zip(words, exact) if n <= DF_CAP}
    common = [word for word, n in zip(words, exact) if n > DF_CAP]
    if common:
        hits, held = await recent([quoted(word) for word in common], DF_WINDOW)
        for word, n in zip(common, hits):
            out[word] = max(float(DF_CAP + 1), n * rows / held if held else 0.0)
    return out
