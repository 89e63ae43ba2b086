"""The three questions: who said X, what did S say, sources for claim Y.

Each answer takes candidates from a full-text index (never a scan of the corpus) and re-ranks
them in Python with rapidfuzz and term coverage, then applies a calibrated threshold so that a
question the corpus cannot answer gets no results rather than the nearest unrelated text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from bot.candidates import RANK_BUDGET, all_of, any_group, document_frequencies, ranked_candidates, rarest_any
from bot.fingerprint import text_key
from bot.fts import CONCEPT_PREFIX, any_of, prefixed, quoted, stem, stems, topic_words, trigram_any, words
from bot.identity import fold, name_key
from bot.lexicon import STOPWORDS, QueryTerm, index_text, nearest_entity, normalize_text, query_terms
from bot.models import Article, Origin, Quote, Source, Speaker, Statement
from bot.provenance import find_origin, leads_in, points_back
from bot.stance import reports_dispute
from bot.sentences import sentence_spans
from bot.claim_rank import SEMANTIC_CANDIDATES, SEMANTIC_FLOOR, SHIPPED, WORDS_ONLY, Evidence, Ranking
from bot.storage import Scope, Store
from bot.storage.scope import Filters

if TYPE_CHECKING:
    from bot.semantic_index import SemanticIndex

# Thresholds, calibrated on the evaluation set (bench/eval_questions.json; see README).
WHOSAID_MIN_SCORE = 0.58
# a quote scoring this far below the best found is noise beside it, whatever its own score (with
# an exact match at 1.0, a 0.7 is a stranger sharing a few words); no answer of the evaluation set
# moves for any value from 0.25 to 0.35
WHOSAID_BEHIND_BEST = 0.25
STOPWORD_PHRASE_MIN = 3  # words a phrase of common words only needs to be looked up ("to be or not to be")
SPEAKER_MIN_SCORE = 80.0  # rapidfuzz WRatio, 0-100
SPEAKER_TIE_MARGIN = 4.0
SOURCES_MIN_COVERAGE = 0.6
_CANDIDATES = 200
REPORTS_LISTED = 25  # reports of one statement listed with it; the rest are counted
CLAIM_SENTENCES_MAX = 3  # sentences of a pasted claim looked up, each on its own
CLAIM_SENTENCE_MIN_WORDS = 4  # shorter pieces ("Officials said so.") are not claims of their own
ORIGIN_ARTICLES = 10  # the best articles for a claim whose words are read for its origin
ABOUT_WINDOW = 2000  # most of a speaker's newest quotes searched for a topic


def _date_key(article: Article) -> tuple[str, int]:
    return (article.date or "9999-99-99", article.id)


# --- who said X ----------------------------------------------------------------------------------


def phrase_score(query: str, text: str) -> float:
    """How well a remembered phrase matches a quote, in [0, 1]: alignment and word coverage."""
    q = normalize_text(query)
    t = normalize_text(text)
    if not q or not t:
        return 0.0
    alignment = (fuzz.partial_ratio(q, t) if len(q) <= len(t) else fuzz.ratio(q, t)) / 100
    q_words = [w for w in words(q) if w not in STOPWORDS] or words(q)
    t_words = list(dict.fromkeys(words(t)))
    if not q_words or not t_words:
        return alignment
    hits = 0.0
    for word in q_words:
        best = process.extractOne(word, t_words, scorer=fuzz.ratio)
        if best and best[1] >= 75:
            hits += best[1] / 100
    coverage = hits / len(q_words)
    order = fuzz.token_sort_ratio(q, t) / 100 if len(q_words) > 1 else coverage
    return 0.45 * alignment + 0.45 * coverage + 0.10 * order


async def corrections(store: Store, tokens: list[str]) -> list[str]:
    """FTS prefix terms for query words the quotes never use: their nearest vocabulary terms."""
    return [term for terms in (await corrections_by_token(store, tokens)).values() for term in terms]


async def corrections_by_token(store: Store, tokens: list[str]) -> dict[str, list[str]]:
    """:func:`corrections`, by the query word each one corrects (a known word maps to [])."""
    plain = [t for t in dict.fromkeys(tokens) if t.isalpha() and len(t) >= 4]
    stems_of = {t: stem(t) for t in plain}
    known = await store.known_quote_terms(list(stems_of.values()))
    extra: dict[str, list[str]] = {t: [] for t, t_stem in stems_of.items() if t_stem in known}
    for token, token_stem in stems_of.items():
        if token_stem not in known:
            extra[token] = [prefixed(term) for term in await _nearest_terms(store, token_stem, 2)]
    return extra


async def _nearest_terms(store: Store, token_stem: str, limit: int) -> list[str]:
    """The quotes' vocabulary stems nearest a word's stem, best first."""
    grams = trigram_any(token_stem)
    candidates = await store.similar_quote_terms(grams) if grams else []
    return [term for term, _, _ in process.extract(token_stem, candidates, scorer=fuzz.ratio, limit=limit, score_cutoff=72)]


async def whosaid(store: Store, phrase: str, scope: Scope, filters: Filters = Filters(), limit: int = 10) -> list[Statement]:
    terms = query_terms(phrase)
    tokens = [alt for term in terms for alt in term.alternatives] or words(normalize_text(phrase))
    if not terms and len(tokens) < STOPWORD_PHRASE_MIN:
        return []  # "the", "it is": in every other quote, so no quote in particular
    match = any_of(tokens, prefix_min=4)
    if match is None:
        return []
    extra = await corrections_by_token(store, tokens)
    fixes = [term for terms_ in extra.values() for term in terms_]
    if fixes:
        match = " OR ".join([match, *fixes])
    # perf: the same candidates as ranking ``match``, at a cost bounded whatever the corpus size
    groups = _phrase_groups([term.alternatives for term in terms] or [[t] for t in tokens], extra)
    if groups and await store.row_count("statements") > RANK_BUDGET:
        # perf: ``match`` gives each long word a 4-letter prefix ("inte"*), and FTS5 merges the
        # doclists of every term a prefix expands to, whatever the counts of the groups say (32 ms
        # warm at 100k articles for words that match 300 statements). Beyond a corpus that can be
        # ranked whole, the groups are what is ranked: prefixes only where a word has no known form.
        match = any_group(groups)
    hits = await ranked_candidates(
        lambda m, n, ranked: store.search_statements(m, scope, filters, n, ranked=ranked),
        lambda ms, cap: store.match_counts("statements", ms, cap),
        lambda hit: hit.key, _CANDIDATES, everything=match, groups=groups,
    )
    scored = [(phrase_score(phrase, hit.text), hit.key) for hit in hits]
    best = max((item[0] for item in scored), default=0.0)
    scored = [item for item in scored if item[0] >= WHOSAID_MIN_SCORE and item[0] >= best - WHOSAID_BEHIND_BEST]
    return await _as_statements(store, scored, scope, limit)


def _phrase_groups(alternatives: list[list[str]] | list[tuple[str, ...]], extra: dict[str, list[str]]) -> list[str]:
    """One FTS group per query term, without prefix queries where it can (FTS5 merges the doclists of
    every term a prefix expands to, whatever the LIMIT: "ever"* costs O(corpus)): a known word as
    itself, a misspelt one with its corrections as exact terms, its prefix only when none was found."""
    groups = []
    for alts in alternatives:
        parts: list[str] = []
        for alt in alts:
            fixes = [term.removesuffix("*") for term in extra.get(alt, [])]
            known = alt in extra and not fixes or alt.startswith(CONCEPT_PREFIX)
            group = any_of([alt], prefix_min=0 if known or fixes else 4)
            if group:
                parts += [group, *fixes]
        if parts:
            groups.append(" OR ".join(dict.fromkeys(parts)))
    return groups


async def _as_statements(store: Store, scored: list[tuple[float, str]], scope: Scope, limit: int) -> list[Statement]:
    """The best-scored statements (``(score, text_key)``, one per key), each as its earliest report
    in scope with the words as that article has them, the other reports in ``also``."""
    # a few more than asked for: a statement repeated inside a longer one of its article is folded
    ranked = [(key, score) for score, key in sorted(scored, key=lambda item: -item[0])[: limit + _REPEATS_SPARE]]
    carriers = await store.reports_of([key for key, _ in ranked], scope, listed=REPORTS_LISTED)
    earliest = {key: min(found.earliest, key=_date_key) for key, found in carriers.items() if found.earliest}
    quotes = await store.quotes_in([(key, article.id) for key, article in earliest.items()])
    statements: list[Statement] = []
    for key, score in ranked:
        first = earliest.get(key)
        its = quotes.get((key, first.id)) if first is not None else None
        if first is None or not its:
            continue  # removed since it was found
        quote = its[0]
        found = carriers[key]
        also = sorted((a for a in found.earliest if a.id != first.id), key=_date_key)
        statements.append(
            Statement(
                quote=quote, score=round(score, 4), article=first, also=also[: REPORTS_LISTED - 1],
                also_count=max(found.count, len(found.earliest)) - 1, also_count_exact=found.exact,
                together=_said_together(quote, its[1:]),
            )
        )
    return _fold_repeats(statements)[:limit]


def _said_together(quote: Quote, others: list[Quote]) -> list[Speaker]:
    """The other speakers of the same words at the same place ("Jane Doe and John Roe said")."""
    together: list[Speaker] = []
    for other in others:
        speaker = other.speaker
        if other.position == quote.position and speaker is not None and (
                quote.speaker is None or speaker.id != quote.speaker.id) and speaker not in together:
            together.append(speaker)
    return together


_REPEATS_SPARE = 5
# Which of two attributions of the same words is kept: the most specific speaker.
_SPECIFIC = {"person": 3, "body": 2, "anonymous": 1, "group": 0}


def _fold_repeats(statements: list[Statement]) -> list[Statement]:
    """One result for words an article quotes twice ("“We are not neutral.”" in the lead, then the
    full quotation with its speaker): a statement whose words lie inside another statement of the
    same article is that statement. The more specific speaker's statement stands (of two as
    specific, the one more articles carry, then the longer), at the better of the two scores and
    in the better place."""
    def specific(statement: Statement) -> int:
        speaker = statement.quote.speaker
        return _SPECIFIC.get(speaker.kind, 0) if speaker is not None else -1

    folded: list[Statement] = []
    for statement in statements:
        words_of = f" {' '.join(words(statement.quote.text))} "
        for k, kept in enumerate(folded):
            if kept.article.id != statement.article.id:
                continue
            kept_words = f" {' '.join(words(kept.quote.text))} "
            if words_of.strip() and kept_words.strip() and (words_of in kept_words or kept_words in words_of):
                # as specific, the words more outlets carry stand, then the fuller quotation (a
                # headline's excerpt yields to the body's quotation)
                if (specific(statement), statement.also_count, len(words_of)) > (specific(kept), kept.also_count, len(kept_words)):
                    statement.score = max(statement.score, kept.score)
                    folded[k] = statement
                break
        else:
            folded.append(statement)
    return folded


# --- what did S say --------------------------------------------------------------------------------


@dataclass(slots=True)
class SpeakerMatch:
    speaker: Speaker | None
    candidates: list[Speaker] = field(default_factory=list)


async def is_speaker_name(store: Store, text: str, scope: Scope) -> bool:
    """Whether ``text`` is exactly a name or alias of a person or body with quotes in scope."""
    key = name_key(text)
    return bool(key) and any(s.kind in ("person", "body") for s, _ in await store.speakers_by_alias(key, scope))


SPEAKER_NUMBER = re.compile(r"#(\d{1,12})")  # "#24": a speaker by the number answers list


async def speaker_by_number(store: Store, number: int, scope: Scope) -> Speaker | None:
    """Speaker ``#number``, if it exists and has quotes in scope (another guild's are not shown)."""
    speaker = await store.get_speaker(number)
    if speaker is None or not (scope.everything or await store.speaker_quote_counts([speaker.id], scope)):
        return None
    return speaker


async def resolve_speaker(store: Store, query: str, scope: Scope) -> SpeakerMatch:
    """A speaker from a name, surname, title, alias or misspelling, or "#24"; ambiguous → candidates."""
    numbered = SPEAKER_NUMBER.fullmatch(query.strip())
    if numbered:
        return SpeakerMatch(await speaker_by_number(store, int(numbered.group(1)), scope))
    key = name_key(query)
    if not key:
        return SpeakerMatch(None)
    exact = await store.speakers_by_alias(key, scope)
    scores: dict[int, tuple[float, Speaker]] = {}
    for speaker, _ in exact:
        scores[speaker.id] = (100.0, speaker)
    if scores and not any(names(key, speaker.name) for _, speaker in scores.values()):
        # a title, not a name ("President"): every speaker whose title says it is a candidate
        # ("Iranian President" too), not only the one a text happened to call just that
        for speaker in await title_holders(store, key, scope):
            if speaker.id not in scores:
                scores[speaker.id] = (100.0, speaker)
    if not scores:
        match = await _name_trigrams(store, key)  # perf: bounded (was trigram_any(key))
        fuzzy = await store.speakers_by_trigrams(match, scope) if match else []
        for speaker, alias in fuzzy:
            folded = fold(alias)
            score = fuzz.WRatio(key, folded)
            if len(folded) < 0.6 * len(key):  # a short alias inside a longer name is no match
                score = min(score, fuzz.ratio(key, folded))
            if not _surname_close(key, folded):
                continue  # "Vladimir Zelensky" is not Vladimir Putin, however alike the rest
            if " " not in key:  # one word may be any word of a name, misspelt: "hilary" is Hillary Clinton
                score = max(score, max((fuzz.ratio(key, w) for w in folded.split() if len(w) >= 4), default=0.0) - 5)
            if score >= SPEAKER_MIN_SCORE and score > scores.get(speaker.id, (0.0, speaker))[0]:
                scores[speaker.id] = (score, speaker)
    if not scores:
        return SpeakerMatch(None)
    ranked = sorted(scores.values(), key=lambda item: -item[0])
    best = ranked[0][0]
    tied = [speaker for score, speaker in ranked if best - score <= SPEAKER_TIE_MARGIN]
    named = [s for s in tied if s.kind in ("person", "body")] or tied
    if len(named) == 1:
        return SpeakerMatch(named[0], [])
    counts = await store.speaker_quote_counts([s.id for s in named], scope)
    for speaker in named:
        speaker.quotes = counts.get(speaker.id, 0)
    named.sort(key=lambda s: -(s.quotes or 0))
    return SpeakerMatch(None, named[:25])


def _surname_close(key: str, alias: str) -> bool:
    """Whether the last word of a name asked for is (a misspelling of) a word of ``alias``."""
    last = key.split()[-1]
    return any(fuzz.ratio(last, word) >= SURNAME_MIN_SCORE for word in alias.split()) or (
        fuzz.ratio(key.replace(" ", ""), alias.replace(" ", "")) >= SURNAME_MIN_SCORE  # "deblasio"
    )


SURNAME_MIN_SCORE = 75


def names(key: str, name: str) -> bool:
    """Whether every word of ``key`` (a name key) is a word of ``name``."""
    return set(key.split()) <= set(name_key(name).split())


async def title_holders(store: Store, key: str, scope: Scope) -> list[Speaker]:
    """Speakers whose title holds every word of ``key`` (a name key): "president" finds the
    "Russian President" and the "Iranian President"."""
    match = await _name_trigrams(store, key)
    found = await store.speakers_by_trigrams(match, scope) if match else []
    return list({speaker.id: speaker for speaker, _ in found if names(key, speaker.title or "")}.values())


async def _name_trigrams(store: Store, key: str) -> str | None:
    """``trigram_any(key)``, less the trigrams so common among aliases ("ern", "lys": "governments",
    "analysts") that ranking them would cost O(corpus): see bot.candidates.rarest_any."""
    match = trigram_any(key)
    if match is None:
        return None
    return await rarest_any(lambda ms, cap: store.match_counts("speaker_aliases", ms, cap), match.split(" OR "))


async def _topic_match(store: Store, topic: str) -> tuple[str | None, int]:
    """perf: an FTS5 expression every quote on ``topic`` (or its sentence) matches, when few enough
    quotes and sentences match it to read them all (None for a topic too common to narrow by), and
    how many rows narrowing by it reads."""
    groups = [g for g in (any_of(term.alternatives) for term in query_terms(topic)) if g]
    if not groups:
        return None, 0
    match = all_of(groups)
    counts = [*await store.match_counts("quotes", [match], RANK_BUDGET),
              *await store.match_counts("sentences", [match], RANK_BUDGET)]
    return (match if max(counts) <= RANK_BUDGET else None), sum(counts)


def about_matches(topic: str, quote: Quote) -> bool:
    """Every content term of the topic appears (as a word, synonym or entity) in the quote or its sentence."""
    return _about_test(topic)(quote)


def _about_test(topic: str):
    """:func:`about_matches` for one topic, its terms worked out once (perf: not once per quote)."""
    wanted = [{stem(alt) for alt in term.alternatives} for term in query_terms(topic)]
    done: dict[tuple[str, str], bool] = {}  # copies of a story repeat the same quote and sentence

    def test(quote: Quote) -> bool:
        if not wanted:
            return True
        key = (quote.text, quote.sentence)
        if key not in done:
            topics = quote.topics or topic_words(index_text(quote.text), index_text(quote.sentence))
            context = set(topics.split())
            done[key] = all(not alts.isdisjoint(context) for alts in wanted)
        return done[key]

    return test


async def quotes_by(
    store: Store, speaker: Speaker, scope: Scope, filters: Filters = Filters(), limit: int = 10, about: str | None = None
) -> list[Statement]:
    """Everything a speaker said, newest first, one result per statement across copies."""
    wanted = window = limit * 4  # the newest quotes, enough to fill ``limit`` statements across copies
    on_topic = _about_test(about) if about else None
    within = None
    if about:
        match, reads = await _topic_match(store, about)
        if match is not None:  # a topic rare enough to narrow by
            theirs = await store.count_speaker_quotes(speaker.id, ABOUT_WINDOW)
            if theirs <= ABOUT_WINDOW and theirs < reads:
                window = theirs + 1  # all of theirs in one read is fewer rows, same answer (tested)
            else:
                within, window = match, ABOUT_WINDOW
    rows: list[tuple[Quote, Article]] = []
    picked: list[tuple[Quote, Article]] = []
    while True:  # on a common topic, read further back only while too few of theirs are on it
        # perf: each step reads only the rows after those already read (cold, a row is a disk read)
        more = await store.speaker_quotes([speaker.id], scope, filters, window - len(rows), within=within, offset=len(rows))
        known = {quote.id for quote, _ in rows}  # an article stored meanwhile shifts the window
        more = [(quote, article) for quote, article in more if quote.id not in known]
        rows += more
        picked += [(quote, article) for quote, article in more if on_topic is None or on_topic(quote)]
        if len(picked) >= wanted or len(rows) < window or window >= ABOUT_WINDOW:
            break
        window = min(window * 10, ABOUT_WINDOW)
    seen: dict[str, Statement] = {}
    reporting: set[tuple[str, int]] = set()  # (statement, article) pairs met
    for quote, article in picked:
        key = text_key(quote.text)
        if (key, article.id) in reporting:
            continue  # the article quotes the words twice: still one report
        reporting.add((key, article.id))
        if key in seen:
            existing = seen[key]
            if _date_key(article) < _date_key(existing.article):  # keep the earliest report as the result
                existing.also.append(existing.article)
                existing.article, existing.quote = article, quote
            else:
                existing.also.append(article)
            continue
        seen[key] = Statement(quote=quote, score=1.0, article=article)
    for statement in seen.values():
        statement.also.sort(key=_date_key)
        statement.also_count = len(statement.also)
        statement.also_count_exact = len(rows) < window  # a full window may have cut some reports
        del statement.also[REPORTS_LISTED - 1 :]
    # "said the Pentagon is “not concerned” about …" and its "not concerned": one result, the clause
    statements = _fold_repeats(list(seen.values()))
    statements.sort(key=lambda s: _date_key(s.article), reverse=True)
    return statements[:limit]


# --- sources for claim Y ------------------------------------------------------------------------------


@dataclass(slots=True)
class SourcesAnswer:
    results: list[Source]
    origin: Origin | None
    reporting: int = 0  # articles that report the claim, however many ``results`` lists


async def sources(
    store: Store, claim: str, scope: Scope, filters: Filters = Filters(), limit: int = 10,
    semantic: SemanticIndex | None = None, ranking: Ranking | None = None,
) -> SourcesAnswer:
    """Articles reporting a claim. With ``semantic`` (sentence embeddings), sentences near the claim
    in meaning are candidates too, and ``ranking`` (default: the measured one) weighs both.

    A claim of several sentences (a pasted paragraph) is looked up sentence by sentence, since an
    article's sentences are matched one at a time: an article reporting any of them is a source."""
    parts = [claim[a:b] for a, b in sentence_spans(claim)]
    parts = [part for part in parts if len(words(part)) >= CLAIM_SENTENCE_MIN_WORDS][:CLAIM_SENTENCES_MAX]
    if len(parts) < 2:
        return await _sources_of_sentence(store, claim, scope, filters, limit, semantic, ranking)
    answers = [await _sources_of_sentence(store, part, scope, filters, limit, semantic, ranking) for part in parts]
    best: dict[int, Source] = {}
    for answer in answers:
        for source in answer.results:
            if source.article.id not in best or source.score > best[source.article.id].score:
                best[source.article.id] = source
    results = sorted(best.values(), key=lambda s: (-s.score, _date_key(s.article)))
    # the origin named by the sentence most reported (the claim's core, not a passing remark)
    named = [answer for answer in answers if answer.origin is not None]
    origin = max(named, key=lambda answer: answer.reporting).origin if named else None
    return SourcesAnswer(results[:limit], origin, max(len(best), *(answer.reporting for answer in answers)))


async def _sources_of_sentence(
    store: Store, claim: str, scope: Scope, filters: Filters, limit: int,
    semantic: SemanticIndex | None, ranking: Ranking | None,
) -> SourcesAnswer:
    candidates = await claim_candidates(store, claim, scope, filters, semantic)
    ranking = ranking or (SHIPPED if semantic is not None else WORDS_ONLY)
    results, by_article = rank_sources(candidates, ranking, max(limit, ORIGIN_ARTICLES))
    # the origin is read from the best articles whatever the limit, so --limit 1 names the same one
    origin = await _origin(store, results, by_article)
    return SourcesAnswer(results[:limit], origin, len(by_article))


SupportingHits = dict[int, tuple[Article, list[tuple[float, int, str]]]]  # article id -> (score, position, text)


def rank_sources(candidates: list["Candidate"], ranking: Ranking, limit: int) -> tuple[list[Source], SupportingHits]:
    """One result per article, scored by its best sentence (plus a little for more sentences)."""
    by_article: SupportingHits = {}
    for candidate in candidates:
        score = ranking.score(candidate.evidence)
        if score is not None:
            by_article.setdefault(candidate.article.id, (candidate.article, []))[1].append((score, candidate.position, candidate.text))
    results: list[Source] = []
    for article, hits in by_article.values():
        hits.sort(key=lambda h: (-h[0], h[1]))
        bonus = min(0.05, 0.02 * (len(hits) - 1))
        results.append(Source(score=round(min(1.0, hits[0][0] + bonus), 4), article=article,
                              sentences=[h[2] for h in hits[:3]], disputed=reports_dispute(hits[0][2])))
    results.sort(key=lambda s: (-s.score, _date_key(s.article)))
    return results[:limit], by_article


@dataclass(slots=True)
class Candidate:
    """A sentence that may report a claim, with the evidence for it (see bot.claim_rank)."""

    article: Article
    position: int
    text: str
    evidence: Evidence


async def claim_candidates(
    store: Store, claim: str, scope: Scope, filters: Filters = Filters(), semantic: SemanticIndex | None = None
) -> list[Candidate]:
    """Sentences sharing the claim's selective terms (FTS5) and, with ``semantic``, the sentences
    nearest in meaning; each with its word coverage, entity check and cosine."""
    terms = query_terms(claim)
    rows: list[tuple[int, str, str, Article]] = []
    weights: list[float] = []
    if terms:
        weights, common, unused = await _term_weights(store, terms)
        if any(unused):  # a word no stored sentence uses: most likely misspelt
            terms = await _respelled(store, terms, unused)
            weights, common, _ = await _term_weights(store, terms)
        # Very common terms ("said") would match half the corpus: they only re-rank, never select.
        selective = [term for term, is_common in zip(terms, common) if not is_common] or terms
        match = any_of(alt for term in selective for alt in term.alternatives)
        if match is not None:
            # perf: bounded candidates; every word answer holds the claim's entities (checked below)
            groups = [g for g in (any_of(term.alternatives) for term in selective) if g]
            required = [g for g in (any_of(t.alternatives) for t in terms if t.kind == "entity") if g]
            found = await ranked_candidates(
                lambda m, n, ranked: store.search_sentences(m, scope, filters, n, ranked=ranked),
                lambda ms, cap: store.match_counts("passages", ms, cap),
                lambda row: (row[3].id, row[0]), _CANDIDATES * 2, everything=match, groups=groups, required=required,
            )
            rows = [(position, text, search_text, article) for position, text, search_text, article, _ in found]
    near = await semantic.match(claim, scope, filters, SEMANTIC_CANDIDATES) if semantic is not None else None
    if near is not None:  # the nearest sentences the words did not find
        seen = {(article.id, position) for position, _, _, article in rows}
        extra = [hit.sentence_id for hit in near.hits if (hit.article_id, hit.position) not in seen]
        rows += [(r.position, r.text, r.search_text, r.article) for r in await semantic.vectors.sentences(extra)]
    cosines = near.cosines([(article.id, position) for position, _, _, article in rows]) if near else [None] * len(rows)
    total = sum(weights) or 1.0
    needed = min(2, len(terms))
    entities = [i for i, term in enumerate(terms) if term.kind == "entity"]

    def has_entities(present: set[str]) -> bool:  # a claim about other actors is another claim
        return all(any(stem(alt) in present for alt in terms[i].alternatives) for i in entities)

    evidence: list[tuple[set[str], float, bool, bool, float | None]] = []
    for (position, text, search_text, article), cosine in zip(rows, cosines):
        present = stems(search_text)
        matched = [i for i, term in enumerate(terms) if any(stem(alt) in present for alt in term.alternatives)]
        coverage = sum(weights[i] for i in matched) / total
        entities_ok = has_entities(present)
        words_ok = entities_ok and bool(terms) and len(matched) >= needed and coverage >= SOURCES_MIN_COVERAGE
        evidence.append((present, coverage, words_ok, entities_ok, cosine))
    # Near in meaning but an entity missing: it may be in the sentence before ("... It said ...").
    unsure = [(row[3].id, row[0]) for row, (_, _, _, ok, cosine) in zip(rows, evidence)
              if not ok and cosine is not None and cosine >= SEMANTIC_FLOOR]
    before = await semantic.vectors.previous_search_texts(unsure) if unsure and semantic is not None else {}
    candidates: list[Candidate] = []
    for (position, text, _, article), (present, coverage, words_ok, entities_ok, cosine) in zip(rows, evidence):
        previous = before.get((article.id, position))
        near_ok = entities_ok or (previous is not None and has_entities(present | stems(previous)))
        candidates.append(Candidate(article, position, text, Evidence(coverage, words_ok, entities_ok, near_ok, cosine)))
    return candidates


async def _respelled(store: Store, terms: list[QueryTerm], unused: list[bool]) -> list[QueryTerm]:
    """The claim's words that no stored sentence uses ("Rusia", "strategik"), each replaced by the
    entity it most likely names or else the nearest word the quotes use that sentences use too:
    a misspelt claim finds its sources. A word with no such neighbour stays as typed."""
    respelled = list(terms)
    for i, term in enumerate(terms):
        if unused[i] and term.kind == "word" and len(term.surface) >= 4 and term.surface.isalpha():
            short_ok = len(terms) >= RESPELL_SHORT_CONTEXT
            respelled[i] = nearest_entity(term.surface) or await _nearest_used_word(store, term, short_ok) or term
    return respelled


async def _nearest_used_word(store: Store, term: QueryTerm, short_ok: bool) -> QueryTerm | None:
    typed = stem(term.alternatives[0])
    if len(typed) <= RESPELL_SHORT_LETTERS and not short_ok:
        # "bull" alone is one edit from "full", "null", "bell": without other words to hold the
        # claim in place, a short word is taken as typed ("Cheryl Mils cooperated …" is respelled)
        return None
    for found in await _nearest_terms(store, typed, 3):
        # a typo is an edit or two away; a real word the corpus lacks ("expel") is further from
        # its nearest neighbour ("expect"), and replacing it would make another claim
        if Levenshtein.distance(typed, found) > (1 if len(typed) <= 5 else 2):
            continue
        if (await store.match_counts("passages", [quoted(found)], 1))[0]:
            return QueryTerm(term.surface, (found,), "word")
    return None


RESPELL_SHORT_LETTERS = 4  # stems this short are respelled only inside a longer claim:
RESPELL_SHORT_CONTEXT = 3  # one of at least this many words
COMMON_TERM_SHARE = 0.08  # a term in more than this share of distinct sentences does not select candidates


async def _term_weights(store: Store, terms: list[QueryTerm]) -> tuple[list[float], list[bool], list[bool]]:
    """IDF of each term over the distinct sentences (its most common alternative: conservative),
    whether the term is too common to select candidates with, and whether no sentence uses it."""
    # perf: exact counts up to a cap, a sample of the newest rows above it (bot.candidates)
    n = max(1, await store.row_count("passages"))
    single = [alt for term in terms for alt in term.alternatives if words(alt) == [alt]]
    df = await document_frequencies(
        lambda ms, cap: store.match_counts("passages", ms, cap),
        lambda ms, window: store.sampled_match_counts("passages", ms, window), n, single,
    )
    weights, common, unused = [], [], []
    for term in terms:
        freq = max((df.get(alt, 0) for alt in term.alternatives), default=0)
        weights.append(math.log((n + 1) / (freq + 0.5)) + 0.1)
        common.append(n >= 1000 and freq > COMMON_TERM_SHARE * n)
        unused.append(freq == 0)
    return weights, common, unused


async def _origin(store: Store, results: list[Source], hits: dict[int, tuple[Article, list]]) -> Origin | None:
    """Provenance from the supporting sentences and their neighbours, in the articles' words. A
    neighbour counts only where it speaks of the supporting sentence: the sentence before when it
    leads into it ("The Post first reported …", "… reported:"), the sentence after when it points
    back ("That was first reported by …"). A neighbour's own "X reported" is about its own news."""
    window: list[str] = []
    for source in results:
        supporting = {h[1] for h in hits[source.article.id][1]}
        sentences = await store.article_sentences(source.article.id)
        for index, (position, text) in enumerate(sentences):
            if position in supporting:
                before = sentences[index - 1][1] if index else None
                if before is not None and not points_back(before) and leads_in(before):
                    window.append(before)
                window.append(text)
                after = sentences[index + 1][1] if index + 1 < len(sentences) else None
                if after is not None and points_back(after):
                    window.append(after)
    return find_origin(dict.fromkeys(window))


async def speaker_suggestions(store: Store, text: str, scope: Scope, limit: int = 25) -> list[Speaker]:
    """Speakers for autocomplete: most quoted when nothing is typed, else fuzzy by any alias."""
    key = name_key(text)
    if not key:
        return await store.list_speakers(scope, None, limit)
    found: dict[int, tuple[float, Speaker]] = {}
    candidates = await store.speakers_by_prefix(key, scope, 100)
    match = await _name_trigrams(store, key)  # perf: bounded (was trigram_any(key))
    if match:
        candidates += await store.speakers_by_trigrams(match, scope)
    for speaker, alias in candidates:
        if speaker.kind not in ("person", "body"):
            continue
        folded = fold(alias)
        score = 100.0 if folded.startswith(key) or f" {key}" in folded else fuzz.WRatio(key, folded)
        if score >= 60 and score > found.get(speaker.id, (0.0, speaker))[0]:
            found[speaker.id] = (score, speaker)
    ranked = sorted(found.values(), key=lambda item: (-item[0], item[1].name))
    return [speaker for _, speaker in ranked[:limit]]
