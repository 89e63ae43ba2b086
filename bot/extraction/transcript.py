"""Transcripts: paragraphs that open with a speaker's name in capitals.

    WALLACE: Will she be there tomorrow night?
    PENCE: She will not be attending the debate.

One such line alone is usually a label ("UPDATE:", "BOOM:", "EXCLUSIVE:"), so an article is read as
a transcript only when at least two different labels open its paragraphs, and a one-word label
counts as a speaker only when it names a person the article names elsewhere or opens several turns.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from .reported import Found
from .subjects import Phrase

# an optional stray quotation mark (transcripts pasted paragraph by paragraph), one to three words
# in capitals, a colon, then the words
# in capitals, one to four words, the last a name ("PENCE", "SEN. BERNIE SANDERS"), perhaps with a
# party and state after it ("REP. NANCY MACE (R-SC)")
_LABEL = re.compile(
    r"[^\S\n]*[\"“”]?[^\S\n]*((?:[A-Z][A-Z’'.-]*[^\S\n]+){0,3}[A-Z][A-Z’'-]*[A-Z])"
    r"(?:[^\S\n]*\([^)\n]{1,20}\))?[^\S\n]*:[^\S\n]+(?=\S)"
)
_MIN_WORDS = 1
TRANSCRIPT_CUE = ":"


@dataclass(slots=True)
class Turn:
    label: str  # as printed: "PENCE", "JAKE TAPPER"
    label_start: int
    label_end: int
    start: int  # the words said
    end: int
    paragraph: tuple[int, int]

    @property
    def spelled(self) -> str:
        """The label as a name is written: "JAKE TAPPER" -> "Jake Tapper"."""
        return " ".join(word.capitalize() for word in self.label.split())


def transcript_turns(body: str, paragraphs: list[tuple[int, int]]) -> list[Turn]:
    """The turns of a transcript, or nothing when fewer than two different labels open paragraphs."""
    turns: list[Turn] = []
    for ps, pe in paragraphs:
        m = _LABEL.match(body, ps, pe)
        if m is None:
            continue
        start, end = m.end(), pe
        while end > start and (body[end - 1].isspace() or body[end - 1] in "\"“"):
            end -= 1  # a quotation mark left open at the end of the paragraph
        if len(body[start:end].split()) >= _MIN_WORDS:
            turns.append(Turn(" ".join(m.group(1).split()), m.start(1), m.end(1), start, end, (ps, pe)))
    if len({turn.label for turn in turns}) < 2:
        return []
    return turns


def speaking_turns(turns: list[Turn], names_a_person: Callable[[str, int], bool]) -> list[Turn]:
    """The turns whose label is a speaker: a full name, a one-word label that opens more than one
    turn or is the surname of a full-name label, or the surname of a person the article names
    (``names_a_person(word, pos)``)."""
    opened = Counter(turn.label for turn in turns)
    surnames = {turn.label.split()[-1] for turn in turns if len(turn.label.split()) > 1}  # "JAKE TAPPER", then "TAPPER"
    return [
        turn for turn in turns
        if len(turn.label.split()) > 1 or opened[turn.label] > 1 or turn.label in surnames
        or names_a_person(turn.spelled, turn.label_start)
    ]


def as_found(turn: Turn) -> Found:
    """A turn as a direct statement by its label, read as the name it spells."""
    who = Phrase(turn.label_start, turn.label_end, turn.spelled)
    f = Found(turn.start, turn.end, TRANSCRIPT_CUE, turn.label_end, who, None, turn.paragraph)
    f.pieces = [(turn.start, turn.end)]
    f.kind = "direct"
    return f


def without_overlaps(settled: list[Found], turns: list[Turn]) -> list[Found]:
    """Statements that run into a turn from outside it are misreadings of the transcript ("Partial
    transcript as follows: “WALLACE: …"); statements wholly inside a turn (its speaker quoting
    someone) stay."""
    spans = [(turn.start, turn.end) for turn in turns]
    return [
        f for f in settled
        if not any(f.start < b and a < f.end and not (a <= f.start and f.end <= b and a <= f.cue_start < b) for a, b in spans)
    ]
