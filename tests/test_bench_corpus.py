"""Tests for the synthetic benchmark corpus (bench/corpus.py)."""

from __future__ import annotations

import csv
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench import corpus
from bench.corpus import GeneratedArticle, generate_corpus, sample_queries, write_corpus

SAMPLE = 200
FURNITURE = ("A Message from", "Newsletter", "Related Articles", "Remind me later.")


@pytest.fixture(scope="module")
def sample() -> list[GeneratedArticle]:
    return list(generate_corpus(SAMPLE))


@pytest.fixture(scope="module")
def larger() -> list[GeneratedArticle]:
    return list(generate_corpus(1500, seed=7))


def test_deterministic_and_prefix(sample: list[GeneratedArticle]) -> None:
    again = list(generate_corpus(SAMPLE))
    assert again == sample
    assert list(generate_corpus(50)) == sample[:50]  # article i does not depend on n
    other = list(generate_corpus(50, seed=2))
    assert [a.text for a in other] != [a.text for a in sample[:50]]


def test_generator_is_lazy() -> None:
    it = generate_corpus(10**9)  # would never finish if it built a list
    assert next(it).file == "article-000000.txt"


def test_sizes_and_metadata(larger: list[GeneratedArticle]) -> None:
    outlets = {o[0] for o in corpus.OUTLETS}
    files = [a.file for a in larger]
    assert len(set(files)) == len(files)
    assert len({a.url for a in larger}) == len(larger)
    for a in larger:
        assert 2048 <= len(a.text.encode("utf-8")) <= 8000, a.file
        assert a.outlet in outlets
        assert re.fullmatch(r"2025-\d\d-\d\d", a.date)
        assert a.text.splitlines()[0] == a.title
        assert a.url.startswith("https://")
    months = Counter(a.date[5:7] for a in larger)
    assert len(months) == 12  # spread over the year
    assert len({a.outlet for a in larger}) == 12


FEATURES: dict[str, str] = {
    "dateline line": r"^[^\n]*\n(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), [A-Z][a-z]{2} \d{1,2}, 2025\n",
    "blank-line paragraphs": r"\n\n[A-Z“]",
    "donation appeal": r"\nA Message from [A-Z][^\n]*:\nDear readers,\n",
    "newsletter": r"\nNewsletter\n",
    "related articles": r"\nRelated Articles\n(?:[A-Z][^\n]+\n){4,}",
    "remind me later": r"\nRemind me later\.\n",
    "quote, Name said": r"“[^”]+,” [A-Z][a-z]+[^“”\n]* said\.",
    "quote, said Name": r"“[^”]+,” said [A-Z][a-z]+ [A-Z]",
    "Name said, quote": r"[A-Z][a-z]+ said, “",
    "multi-sentence quote": r"“[^”]+\. [A-Z][^”]+,” ",
    "follow-on quote": r"“[^”]+,” (?:he|she|they) said\. “[^”]+”",
    "partial quote": r"(?:was|be|as|reports) “[a-z][^”]{2,40}[”.]",
    "reported speech said that": r"[a-z] said (?:on \w+ |this week |earlier this week |late \w+ )?that ",
    "according to Name": r"According to (?:Mr\. |Ms\. )?[A-Z][a-z]+",
    "told Outlet that": r"told (?:The )?[A-Z][a-z]+ [A-Z][a-z]+ that ",
    "pronoun reference": r"(?:^|\n|\. )(?:He|She|They) (?:said|added) ",
    "minister title": r"[A-Z][a-z]+ (?:Defense|Foreign) Minister [A-Z][a-z]+ [A-Z]",
    "senator title": r"Senator [A-Z][a-z]+ [A-Z]",
    "professor appositive": r", a professor of [a-z ]+ at [^,]+,",
    "anonymous official": r"(?:^|\n)(?:One official|A senior official|A defense official)|said (?:a senior diplomat|one official)",
    "officials told Outlet": r"(?:Two|Three) officials told ",
    "ministry statement": r"(?:Ministry|ministry) said in a statement",
    "residence body": r"the (?:[A-Z][a-z]+ )(?:Palace|House|Chancery|Residence|Hall|Lindenhof|Citadel|Pavilion)",
    "first reported by": r"first reported by [A-Z]",
    "according to Outlet": r"according to (?:The )?[A-Z][a-z]+ [A-Z][a-z]+\.",
    "sources told": r"Sources told ",
    "honorific later mention": r"(?:Mr|Ms)\. [A-Z][a-z]+ said",
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_feature_present(name: str, sample: list[GeneratedArticle]) -> None:
    pattern = re.compile(FEATURES[name])
    hits = sum(1 for a in sample if pattern.search(a.text))
    assert hits >= 3, f"{name}: {hits} of {len(sample)} articles"


def test_not_every_article_has_furniture_or_dateline(sample: list[GeneratedArticle]) -> None:
    with_appeal = sum("A Message from" in a.text for a in sample)
    with_dateline = sum(bool(re.search(FEATURES["dateline line"], a.text)) for a in sample)
    assert 0.1 * SAMPLE < with_appeal < 0.7 * SAMPLE
    assert 0.1 * SAMPLE < with_dateline < 0.8 * SAMPLE


def test_near_copies_reference_earlier_originals(larger: list[GeneratedArticle]) -> None:
    by_file = {a.file: a for a in larger}
    copies = [a for a in larger if a.copy_of]
    assert 0.06 * len(larger) < len(copies) < 0.14 * len(larger)
    for c in copies:
        orig = by_file[c.copy_of]
        assert orig.file < c.file  # earlier in the corpus
        assert orig.copy_of is None
        assert orig.outlet != c.outlet
        assert orig.title == c.title
        assert orig.date <= c.date
        assert orig.text != c.text
        # Same body apart from a sentence or two (header dateline and furniture may differ too).
        paras_o = {p.strip() for p in orig.text.split("\n\n")}
        paras_c = [p.strip() for p in c.text.split("\n\n")[1:]]
        changed = [p for p in paras_c if p not in paras_o and not p.startswith(FURNITURE)]
        assert 1 <= len(changed) <= 3, (c.file, changed)


def test_speakers_share_surnames_and_count() -> None:
    people = corpus._world(1).people
    assert len(people) >= 2000
    assert len({p.name for p in people}) == len(people)
    by_surname: dict[str, set[str]] = defaultdict(set)
    for p in people:
        by_surname[p.last].add(p.first)
    assert max(len(v) for v in by_surname.values()) >= 5


def test_claims_recur_across_outlets(larger: list[GeneratedArticle]) -> None:
    # Each storyline's claim wordings must show up at several outlets.
    found: dict[str, set[str]] = defaultdict(set)
    story_claims = set()
    world = corpus._world(7)
    for s in world.storylines:
        a, b = corpus.COUNTRIES[s.a], corpus.COUNTRIES[s.b]
        for template in corpus.CLAIM_KINDS[s.kind]["claims"]:
            story_claims.add(template.format(A=a[0], Ad=a[1], B=b[0], Bd=b[1]))
    for art in larger[:400]:
        low = art.text.lower()
        for claim in story_claims:
            if claim.lower() in low:
                found[claim].add(art.outlet)
    assert sum(len(v) >= 3 for v in found.values()) >= 10


def test_write_corpus_manifest(tmp_path: Path) -> None:
    manifest = write_corpus(tmp_path / "c", 25, seed=3)
    assert manifest == tmp_path / "c" / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0].keys()) == ["file", "title", "outlet", "date", "url"]
    expected = list(generate_corpus(25, seed=3))
    assert [r["file"] for r in rows] == [a.file for a in expected]
    for row, art in zip(rows, expected):
        assert (tmp_path / "c" / row["file"]).read_text(encoding="utf-8") == art.text
        assert (row["title"], row["outlet"], row["date"], row["url"]) == (art.title, art.outlet, art.date, art.url)


def test_sample_queries_variants_and_grounding() -> None:
    size = 150
    queries = sample_queries(160, seed=1, corpus_size=size)
    assert queries == sample_queries(160, seed=1, corpus_size=size)
    assert len(queries) == 160
    assert {q["command"] for q in queries} == {"whosaid", "quotes", "sources", "ask"}
    assert {q["variant"] for q in queries} == {"exact", "misspelt", "paraphrased", "unknown"}
    assert all(set(q) == {"command", "query", "variant"} and q["query"] for q in queries)
    assert len({q["query"] for q in queries}) > 100

    text = "\n".join(a.text for a in generate_corpus(size)).lower()
    for q in queries:
        query = q["query"].lower()
        if q["variant"] == "exact" and q["command"] in ("whosaid", "quotes", "sources"):
            assert query in text, q
        if q["variant"] in ("misspelt", "unknown") and q["command"] != "ask":
            assert query not in text, q


def test_generation_speed() -> None:
    start = time.perf_counter()
    for _ in generate_corpus(1000, seed=11):
        pass
    # ~0.2 s here; 100k articles therefore well under a minute. Loose bound for slow CI.
    assert time.perf_counter() - start < 3.0
