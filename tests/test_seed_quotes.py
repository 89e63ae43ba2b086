"""Every attributed statement of the five seed articles, annotated by hand, found with its speaker.

The parser strips the leading ``date YYYY-MM-DD`` marker and the page furniture (donation appeal,
"Remind me later.", "Newsletter", "Related Articles", "0:00") before extraction; so do these tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.extraction import extract_quotes
from bot.models import ExtractedQuote

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FURNITURE = ("A Message from The Moscow Times", "Remind me later.", "Newsletter", "Related Articles", "0:00")


def seed_body(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8"))
    cut = min((text.find(m) for m in FURNITURE if m in text), default=len(text))
    return text[:cut]


def norm(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‘", "'").lower().split())


def find(quotes: list[ExtractedQuote], words: str, kind: str | None = None) -> ExtractedQuote:
    """The most specific statement (shortest text) that holds ``words``; apostrophes alike."""
    hits = [q for q in quotes if norm(words) in norm(q.text) and (kind is None or q.kind == kind)]
    assert hits, f"no statement containing {words!r}; found: {[q.text[:60] for q in quotes]}"
    return min(hits, key=lambda q: len(q.text))


@pytest.fixture(scope="module")
def seeds() -> dict[str, list[ExtractedQuote]]:
    return {p: extract_quotes(seed_body(p)) for p in ("000", "001", "002", "003", "004")}


# (seed, words of the statement, speaker name, speaker kind)
ATTRIBUTIONS = [
    # 000 — The Moscow Times
    ("000", "Russia's response to the ongoing U.S.-Israeli attacks is likely to be limited", "some analysts", "group"),
    ("000", "Russia is providing Iran with intelligence to help it strike", "sources", "anonymous"),
    ("000", "officials in Tehran have not asked for any support", "the Kremlin", "body"),
    ("000", "military cooperation between Iran and Russia is no secret", "Abbas Araghchi", "person"),
    ("000", "this cooperation continues", "Abbas Araghchi", "person"),
    ("000", "not concerned", "Pete Hegseth", "person"),
    ("000", "stupid question", "Donald Trump", "person"),
    # 001 — the treaty signing
    ("001", "the treaty's role in energizing diverse arenas", "Vladimir Putin", "person"),
    ("001", "This treaty will provide an additional impetus", "Vladimir Putin", "person"),
    ("001", "involvement from non-regional powers only aggravates tensions", "Masoud Pezeshkian", "person"),
    ("001", "They come from another side of the world to make chaos in the region", "Masoud Pezeshkian", "person"),
    ("001", "the new Russo-Iranian partnership could counter such influences", "Masoud Pezeshkian", "person"),
    # 002 — "We are not neutral"
    ("002", "it stands with its ally Iran", "Russia", "body"),
    ("002", "President Vladimir Putin held a phone call with Iranian President Masoud Pezeshkian", "the Kremlin", "body"),
    ("002", "he's in contact with leaders of countries in the Gulf Cooperation Council", "Vladimir Putin", "person"),
    ("002", "Pezeshkian for his part thanked Russia", "the Kremlin", "body"),
    ("002", "We take the current situation very badly", "Russian Ambassador to the United Kingdom", "person"),
    # 003 — The Daily Beast style
    ("003", "Russia has been helping Iran target the locations of U.S. military assets", "three officials", "anonymous"),
    ("003", "It does seem like it's a pretty comprehensive effort", "one official", "anonymous"),
    ("003", "Iran's strikes against U.S. forces indicate a high level of sophistication", "Nicole Grajewski", "person"),
    ("003", "They're getting through air defenses", "Nicole Grajewski", "person"),
    ("003", "Iran appeared to have become more advanced", "Nicole Grajewski", "person"),
    ("003", "They're not really a factor here", "Pete Hegseth", "person"),
    # 004 — "60 Minutes"
    ("004", "the United States is “not concerned” about reports", "Pete Hegseth", "person"),
    ("004", "tracking everything", "Pete Hegseth", "person"),
    ("004", "Our commanders are aware of everything", "Pete Hegseth", "person"),
    ("004", "We have the best intelligence in the world", "Pete Hegseth", "person"),
    ("004", "We're not concerned about that", "Pete Hegseth", "person"),
    ("004", "We mitigate it as we need to", "Pete Hegseth", "person"),
    ("004", "Russia was providing targeting information to the Iranian military", "sources", "anonymous"),
    ("004", "pretty comprehensive effort", "One official", "anonymous"),
    ("004", "It clearly is not making a difference", "Karoline Leavitt", "person"),
    ("004", "We are achieving the military objectives of this operation", "Karoline Leavitt", "person"),
    ("004", "military cooperation between Iran and Russia is no secret", "Abbas Araghchi", "person"),
    ("004", "Iran had not asked for Russia's military support", "the Kremlin", "body"),
]


@pytest.mark.parametrize(("seed", "words", "name", "kind"), ATTRIBUTIONS)
def test_statement_has_its_speaker(seeds, seed, words, name, kind):
    q = find(seeds[seed], words)
    assert q.speaker is not None
    assert norm(q.speaker.name) == norm(name)
    assert q.speaker.kind == kind


def test_titles_come_from_the_fullest_mention(seeds):
    assert find(seeds["000"], "no secret").speaker.title == "Iranian Foreign Minister"
    assert find(seeds["004"], "Our commanders").speaker.title == "U.S. Defense Secretary"
    leavitt = find(seeds["004"], "It clearly is not making a difference").speaker
    assert leavitt.title == "White House Press Secretary"
    assert "Leavitt" in leavitt.aliases
    assert find(seeds["001"], "This treaty will provide").speaker.title == "Russian President"
    assert "Mr. Putin" in find(seeds["001"], "This treaty will provide").speaker.aliases
    assert "scholar" in (find(seeds["003"], "getting through air defenses").speaker.title or "")


def test_cues_and_venues(seeds):
    leavitt = find(seeds["004"], "It clearly is not making a difference")
    assert (leavitt.kind, leavitt.cue, leavitt.venue) == ("direct", "told", "told reporters")
    assert "60 Minutes" in (find(seeds["004"], "tracking everything").venue or "")
    assert find(seeds["004"], "no secret").venue == "told NBC News"
    assert "The Washington Post" in (find(seeds["000"], "providing Iran with intelligence").venue or "")
    assert find(seeds["003"], "getting through air defenses").venue == "told the Post"
    assert find(seeds["001"], "This treaty will provide").cue == "remarked"
    assert find(seeds["001"], "another side of the world").cue == "declared"


def test_partial_quotes_inside_reported_speech(seeds):
    q = find(seeds["000"], "not concerned", kind="partial")
    assert q.text == "not concerned"
    assert q.speaker.name == "Pete Hegseth"
    # the reported clause around it is there too, as indirect speech
    assert find(seeds["000"], "the Pentagon is", kind="indirect").speaker.name == "Pete Hegseth"


def test_colon_lead_in_and_quote_over_several_paragraphs(seeds):
    q = find(seeds["002"], "We take the current situation very badly")
    assert q.kind == "direct" and q.cue == ":"
    assert "We are not neutral. We support Iran." in q.text
    assert q.text.endswith("holding Iran responsible for everything.")


def test_follow_on_quote_inherits_the_speaker(seeds):
    q = find(seeds["004"], "We have the best intelligence in the world")
    assert q.speaker.name == "Pete Hegseth"  # “…,” he said. “We have …” — same speaker


def test_scare_quotes_and_titles_are_not_statements(seeds):
    texts = {norm(q.text) for s in seeds.values() for q in s}
    assert "60 minutes" not in texts  # a programme title
    assert "comprehensive strategic partnership treaty" not in texts  # a name in quotes, no cue
    assert "deep condolences" not in texts  # "expressed" is not a reporting verb
    # “stupid question” IS kept: "what he called a “stupid question”" quotes Trump's own words,
    # so it is a partial quote with cue "called" — not a scare quote of the writer.
    stupid = find(seeds["000"], "stupid question")
    assert (stupid.kind, stupid.cue) == ("partial", "called")


def test_undesirable_in_the_donation_appeal_is_not_a_statement():
    # the appeal is furniture the parser removes; even left in, a scare-quoted label is no statement
    path = next(SEEDS.glob("000_*.txt"))
    quotes = extract_quotes(re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", path.read_text(encoding="utf-8")))
    assert all(norm(q.text) not in {"undesirable", "foreign agent"} for q in quotes)


def test_offsets_point_at_the_text(seeds):
    """``start``/``end`` span the statement: its first and last words are there in the body.

    A statement interrupted by its attribution ("“A,” he said. “B.”", "X, he said, Y") keeps its
    pieces joined in ``text`` and spans from the first piece to the last.
    """
    for prefix, quotes in seeds.items():
        body = seed_body(prefix)
        for q in quotes:
            span = body[q.start : q.end]
            assert span.startswith(q.text[:12]), (prefix, q.text)
            assert span.rstrip(",").endswith(q.text[-8:]), (prefix, q.text)
