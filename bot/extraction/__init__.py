"""Quote extraction and speaker attribution for news articles (typed Python, linear in the text;
compiled with mypyc at install, see bot.compiled).

>>> [q.text for q in extract_quotes("“We will win,” Jane Doe said.")]
['We will win']

Pipeline: pair quote marks (:mod:`.quotemarks`) and mask their interiors, split the narrative into
sentences, find reporting cues and their speaker and content (:mod:`.reported`), sort quotations into
direct / partial / inherited (:mod:`.direct`), then name the speakers from the article's own table
of people and bodies (:mod:`.mentions`).
"""

from __future__ import annotations

import bisect
from dataclasses import replace

from bot.models import ExtractedQuote, ExtractedSpeaker
from bot.sentences import sentence_spans

from .direct import Paragraphs, line_colon, settle
from .mentions import Mentions
from .quotemarks import MAX_QUOTATIONS, find_quotes, mask
from .cues import cue_spans
from .reported import Found, find_reported
from .transcript import as_found, speaking_turns, transcript_turns, without_overlaps

__all__ = ["extract_quotes", "read_quotes", "ExtractedQuote", "ExtractedSpeaker"]

_LINE_COLON_STOP = frozenset(
    "update updated watch video photos exclusive breaking editor editor’s editor's analysis opinion poll note"
    " related read listen correction disclosure warning transcript explainer factbox factcheck fact-check"
    " timeline recap live interview obituary profile".split()
)


_MAX_SENTENCE = 2000
_MAX_STATEMENTS = 6000  # reporting cues looked at per text; real articles have a few dozen


def _not_a_speaker_line(f: Found) -> bool:
    """"The Latest: …", "BOOM: …", "Revealed: …", "Iowa: Name, Name, Name, …" are labels, not speakers."""
    name = f.speaker.text if f.speaker else ""
    words = name.split()
    if not words or words[0] in {"The", "A", "An"}:
        return True
    if len(words) == 1 and (name.isupper() and len(name) > 2 or name.endswith("ed")):
        return True
    return False


def _is_name_list(body: str, f: Found) -> bool:
    parts = body[f.start : f.end].split(",")
    return len(parts) >= 5 and sum(1 for p in parts if p.strip()[:1].isupper() and len(p.split()) <= 4) >= 0.8 * len(parts)


def _cues_by_sentence(masked: str, sentences: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """``cue_spans`` of each sentence, from one scan of the whole text (a call per sentence costs
    more than the scan). Sentences cover every word of the text and are separated by whitespace, so
    each cue is one sentence's; a two-word cue ("according to") must end inside its sentence."""
    per: list[list[tuple[int, int]]] = [[] for _ in sentences]
    k = 0
    for a, b in cue_spans(masked, 0, len(masked)):
        while k < len(sentences) and sentences[k][1] <= a:
            k += 1
        if k < len(sentences) and sentences[k][0] <= a and b <= sentences[k][1]:
            per[k].append((a, b))
    return per


def extract_quotes(body: str) -> list[ExtractedQuote]:
    """Every attributed statement in ``body``, in text order."""
    return read_quotes(body)[0]


def read_quotes(body: str) -> tuple[list[ExtractedQuote], int | None]:
    """Every attributed statement in ``body``, in text order, and where reading stopped: None when
    the whole text was read, else the offset past which a text with more quotations or statements
    than any article holds (see quotemarks.MAX_QUOTATIONS) was not looked at."""
    if not body or not body.strip():
        return [], None
    groups = find_quotes(body)
    stopped = groups[-1].end if len(groups) >= MAX_QUOTATIONS else None
    masked = mask(body, groups)
    sentences = sentence_spans(masked)
    paras = Paragraphs(masked)
    found: list[Found] = []
    for (ss, se), cues in zip(sentences, _cues_by_sentence(masked, sentences)):
        if not cues and masked.find("“", ss, se) == -1:
            continue  # no cue and no quotation (for a characterisation): find_reported finds nothing
        found.extend(find_reported(body, masked, ss, se, cues))
        if len(found) >= _MAX_STATEMENTS:
            stopped = se if stopped is None else min(stopped, se)
            break  # pathological input (see quotemarks.MAX_QUOTATIONS): stop looking
    settled = settle(body, masked, found, groups, sentences, paras)
    covered = sorted((f.start, f.end) for f in settled)
    starts = [a for a, _ in covered]
    for f in line_colon(body, masked, paras):
        first = f.speaker.text.split()[0].lower() if f.speaker else ""
        k = bisect.bisect_left(starts, f.end)
        overlaps = any(a < f.end and f.start < b for a, b in covered[max(0, k - 3) : k])
        if first in _LINE_COLON_STOP or overlaps or _not_a_speaker_line(f) or _is_name_list(body, f):
            continue
        settled.append(f)
    mentions = Mentions(body, masked, sentences, paras.index)
    turns = speaking_turns(transcript_turns(body, paras.spans), mentions.names_person)
    if turns:
        settled = without_overlaps(settled, turns) + [as_found(turn) for turn in turns]
    settled.sort(key=lambda f: f.start)
    return _build(body, settled, mentions, sentences), stopped


def _build(body: str, settled: list[Found], mentions: Mentions, sentences: list[tuple[int, int]]) -> list[ExtractedQuote]:
    speakers: dict[int, ExtractedSpeaker | None] = {}
    joint: dict[int, ExtractedSpeaker] = {}  # the first of two who spoke together ("X and Y said")
    quotes: list[ExtractedQuote] = []
    seen: set[tuple[int, int, str]] = set()
    # speakers in the order their cues appear, so pronouns see the speakers before them
    for f in sorted(settled, key=lambda f: f.cue_start):
        src = _speaking(f)
        speakers[id(f)] = _speaker_of(f, src, mentions, speakers)
        if src.speaker is not None and " and " in src.speaker.text:
            other = mentions.joint_speaker(src.speaker, src.speaker.start)
            if other is not None and other is not speakers[id(f)]:
                joint[id(f)] = other
    for f in settled:
        pieces = [_tidy(body, a, b, f.kind) for a, b in f.pieces or [(f.start, f.end)]]
        if f.kind == "indirect":
            text = " ".join(body[a:b] for a, b in pieces)
        else:  # "“A,” he said. “B.”" -> "A … B"
            text = " … ".join(body[a:b] for a, b in pieces)
        text = text.strip()
        if not text:
            continue
        key = (pieces[0][0], pieces[-1][1], f.kind)
        if key in seen:
            continue
        seen.add(key)
        ss, se = f.sentence
        if se - ss > _MAX_SENTENCE:  # a run-on "sentence": keep the part around the statement
            ss, se = max(ss, pieces[0][0] - _MAX_SENTENCE // 2), min(se, pieces[-1][1] + _MAX_SENTENCE // 2)
        quote = ExtractedQuote(
            text=text,
            kind=f.kind,  # type: ignore[arg-type]
            start=pieces[0][0],
            end=pieces[-1][1],
            cue=f.cue,
            venue=f.venue,
            speaker=speakers.get(id(f)),
            sentence=" ".join(body[ss:se].split()),
        )
        quotes.append(quote)
        if id(f) in joint:  # each of them said it
            quotes.append(replace(quote, speaker=joint[id(f)]))
    return quotes


def _tidy(body: str, a: int, b: int, kind: str) -> tuple[int, int]:
    """Trim spaces (and, in quotations, the comma before the closing mark) off a piece."""
    while a < b and body[a].isspace():
        a += 1
    while b > a and (body[b - 1].isspace() or kind != "indirect" and body[b - 1] == ","):
        b -= 1
    return a, b


def _speaking(f: Found) -> Found:
    """The attribution whose speaker speaks ``f``: itself, or the one its participle continues."""
    seen = 0
    src = f
    while src.speaker is None and src.participle_of is not None and seen < 50:
        src = src.participle_of
        seen += 1
    return src


def _speaker_of(
    f: Found, src: Found, mentions: Mentions, done: dict[int, ExtractedSpeaker | None]
) -> ExtractedSpeaker | None:
    """``f``'s speaker, that of ``src`` (see :func:`_speaking`), resolved once."""
    if src is not f and id(src) in done:
        return done[id(src)]
    if src.speaker is None:
        return None
    return mentions.resolve(src.speaker, src.speaker.start, src.speaker.description)
