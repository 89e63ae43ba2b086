"""The per-article table of people and bodies, and turning a speaker phrase into a speaker.

A person enters the table at their fullest mention ("U.S. Defense Secretary Pete Hegseth": name
"Pete Hegseth", title "U.S. Defense Secretary"); later "Hegseth", "Mr. Hegseth", "the defense
secretary" and pronouns resolve to that entry. Phrases that are not people keep their own words and
get the kind that fits: a body ("the Kremlin"), an unnamed source ("one official") or a group
("analysts"). No name is ever made up.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from dataclasses import dataclass, field

from bot.identity import COURTESY_TITLES, NAME_SUFFIXES
from bot.models import ExtractedSpeaker

from .roles import (
    COUNTRIES,
    US_STATES,
    ANONYMOUS_HEADS,
    BODY_NOUNS,
    DETERMINERS,
    GROUP_HEADS,
    HONORIFICS,
    NAME_PREFIX,
    MODIFIERS,
    NAME_MONTHS,
    NOT_NAMES,
    ORG_WORDS,
    PARTITIVE_PRONOUNS,
    PERSON_NOUNS,
    PERSON_OR_TITLE,
    PLACES,
    ROLE_PREPOSITIONS,
    TITLE_ABBREVIATIONS,
    TITLE_FUNCTION_WORDS,
    TITLE_WORDS,
    is_capitalised,
    is_role_word,
    opening_participle,
    opens_a_quantity,
)
from .cues import PRONOUNS
from .subjects import Phrase, first_subject
from bot.lexicon.gazetteer import demonyms

# lower-case words inside a person's name: "Bill de Blasio", "Ursula von der Leyen", "Mohammed bin Salman"
_NAME_PARTICLES = frozenset("de van von der den da das dos del della di du la le bin ben ter".split())
_GIVEN_NAME_PARTICLES = frozenset({"ben", "van"})
# perf: a run starts at a capital (a joined particle is taken only inside one: "Faisal al-Miqdad"),
# so the scan of the whole body skips every other position at once
_RUN = re.compile(
    r"[A-Z][\w’'.-]*(?:[ \t]+(?:(?:" + "|".join(sorted(_NAME_PARTICLES | {"of", "al"}))
    + rf")[ \t]+){{0,2}}(?:{NAME_PREFIX})?[A-Z][\w’'.-]*)*"
)
_APPOSITIVE = re.compile(r",\s+((?:a|an|the)\s+[^,;:.“”\"()\n]{3,160})[,.;]")
# "Pellucian", "Syrian", "Japanese": adjectives formed from a place name, which mark that name a place.
_ADJECTIVE_ENDS = ("an", "ese", "ish")
_LOWER_TITLE_BEFORE = re.compile(r"((?:[A-Z][\w’'.-]*\s+){0,4}(?:[a-z][\w-]*\s+){0,2})$")
_DEMONYM_END = ("ian", "ean", "ese", "ish")
# Regional and ethnic adjectives the country gazetteer does not list.
_REGIONAL = frozenset(
    "european asian caribbean arabian persian kurdish scottish flemish crimean bavarian siberian"
    " scandinavian mediterranean balkan baltic nordic catalan basque tibetan chechen cossack".split()
)
_DEMONYMS = frozenset("israeli iraqi saudi pakistani afghan thai greek french dutch swiss czech yemeni kuwaiti qatari emirati omani bahraini somali nepali bangladeshi".split())
_SHORT_DESC = re.compile(r"\s+(?:on|with|in|for|who|that|which|whose|from|about|to)\s+", re.I)
# Words that make a title another office than the role without them: "the president" is not the
# vice president, "the governor" not the lieutenant governor, "the minister" not a former one.
_OTHER_OFFICE = frozenset("vice deputy assistant associate former ex lieutenant under sub co".split())
_TITLE_WORD = re.compile(r"[^\s-]+")
_LOWER_WORDS_BEFORE = re.compile(r"((?:[a-z][\w-]*\s+){1,2})$")
_PLURAL_PRONOUNS = {"they", "we"}
_SINGULAR_PRONOUNS = {"he", "she"}
_NOT_ALIASES = frozenset(_SINGULAR_PRONOUNS | _PLURAL_PRONOUNS | {"i", "it", "you"})


@dataclass(slots=True)
class _Entry:
    speaker: ExtractedSpeaker
    positions: list[int] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _clean(tok: str) -> str:
    return _without_possessive(tok.rstrip(".,"))


def _folded(name: str) -> str:
    """A name as the article's table of people keys it: lower case, one apostrophe ("O’Neill" is
    the "O'Neill" of the paragraph before)."""
    return name.lower().replace("’", "'")


def _without_possessive(text: str) -> str:
    """"Acme's" -> "Acme", "Sanders’" -> "Sanders"."""
    text = text.removesuffix("’s").removesuffix("'s")
    return text[:-1] if text.endswith(("s’", "s'")) else text


@lru_cache(maxsize=8192)
def _is_title(tok: str) -> bool:
    low = tok.lower().rstrip(".").removesuffix("’s").removesuffix("'s")
    return low in TITLE_WORDS or tok.lower() in TITLE_WORDS or tok.lower() in HONORIFICS or _is_demonym(tok)


@lru_cache(maxsize=8192)
def _is_demonym(tok: str) -> bool:
    low = tok.lower()
    return tok[:1].isupper() and (low.endswith(_DEMONYM_END) and len(tok) > 4 or low in _DEMONYMS) and low not in PLACES


@lru_cache(maxsize=8192)
def _is_name_token(tok: str) -> bool:
    low = _clean(tok).lower()
    if not is_capitalised(tok) or _is_title(tok) or low in NOT_NAMES or low in ORG_WORDS or low in PLACES:
        return False
    core = _clean(tok).replace(".", "").replace("-", "")
    return not (core.isupper() and len(core) > 1 and not tok.endswith("."))  # acronyms: CBS, NATO


def split_name(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(title tokens, name tokens): the name is the trailing run of name-like capitalised words."""
    title, name = _split_name(tuple(tokens))
    return list(title), list(name)


@lru_cache(maxsize=8192)  # the same capitalised runs recur through an article (and a corpus)
def _split_name(tokens: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if len(tokens) > 1 and _clean(tokens[-1]).lower() in NAME_SUFFIXES:  # "Martin Luther King Jr."
        title, name = _split_name(tokens[:-1])
        return (title, name + tokens[-1:]) if name else (tokens, ())
    if len(tokens) > 1 and _clean(tokens[-1]).lower() in _SURNAME_TITLES and _is_name_token(tokens[-2]):
        title, name = _split_name(tokens[:-1])  # "Martin Luther King", "Angus King": a surname
        return (title, name + tokens[-1:]) if name else (tokens, ())
    j = len(tokens)
    while j > 0 and len(tokens) - j < 4 and (
        _is_name_token(tokens[j - 1]) or j == len(tokens) and _is_demonym(tokens[j - 1]) and _clean(tokens[j - 1]).lower() not in TITLE_WORDS
        or _particle_inside(tokens, j - 1)
        or j == len(tokens) and j >= 2 and _clean(tokens[j - 1]).lower() in NAME_MONTHS and _is_name_token(tokens[j - 2])
    ) and not (j < len(tokens) and tokens[j - 1].endswith(("'s", "’s"))):
        # a demonym-looking last word is a surname ("Pete Araghchi"), not a title; a possessive
        # before the name is whose it is ("Acme's Jane Doe"), never part of it
        j -= 1
    if 0 < j < len(tokens) and _given_name_not_demonym(tokens, j - 1):
        j -= 1
    if len(tokens) - j >= 3 and _plural_title(tokens[j]):
        j += 1  # "Senators Charles Grassley and …": the plural title of a list of people
    elif len(tokens) - j >= 3 and j >= 2 and tokens[j - 1] == "of" and is_capitalised(tokens[j - 2]):
        j += 1  # "Chief of Staff Katie Walsh", "President of Mexico Enrique Peña Nieto": the office
    return tokens[:j], tokens[j:]


def _plural_title(tok: str) -> bool:
    low = _clean(tok).lower().rstrip(".")
    return len(low) > 3 and low.endswith("s") and low[:-1] in TITLE_WORDS and low[:-1] not in TITLE_FUNCTION_WORDS




def _particle_inside(tokens: tuple[str, ...], k: int) -> bool:
    """A name particle with a name-like word on each side (a name particle never starts or ends one)."""
    return (
        tokens[k] in _NAME_PARTICLES and 0 < k < len(tokens) - 1
        and (_is_name_token(tokens[k - 1]) or tokens[k - 1] in _NAME_PARTICLES) and _is_name_token(tokens[-1])
    )


def _particle_surname(name: list[str] | tuple[str, ...]) -> bool:
    """"De Blasio", "Von der Leyen": a surname that starts with a capitalised particle, no given name.
    "Ben" and "Van" are given names as often ("Ben Okonkwo", "Van Jones"): they never start one."""
    return (
        2 <= len(name) <= 3 and name[0][:1].isupper() and name[0].lower() not in _GIVEN_NAME_PARTICLES
        and all(t.lower() in _NAME_PARTICLES for t in name[:-1])
    )


def _given_name_not_demonym(tokens: tuple[str, ...], k: int) -> bool:
    """"Dorian Vasko", "General Julian Ross": a first name that merely ends like a demonym.

    Only when the word is no known nationality and either a lone surname follows it ("Russian
    Vladimir Putin" keeps its demonym) or a title comes before it (titles follow nationalities:
    "Iranian Foreign Minister ...", never "Minister Iranian ...").
    """
    low = _clean(tokens[k]).lower()
    if not _is_demonym(tokens[k]) or low in _DEMONYMS or low in _REGIONAL or low in demonyms():
        return False
    if len(tokens) - k == 2:
        return True
    before = _clean(tokens[k - 1]).lower().rstrip(".") if k > 0 else ""
    return before in TITLE_WORDS or before in HONORIFICS


def _last_at_or_before(positions: list[int], pos: int) -> int:
    k = bisect.bisect_right(positions, pos)
    return positions[k - 1] if k else -1


def _title_text(tokens: list[str]) -> str | None:
    """The title words before a name, without what else the phrase took in: "Senators Bernie
    Sanders and" (the name is Elizabeth Warren's) is no title."""
    for k in range(len(tokens) - 1, -1, -1):
        low = tokens[k].lower()
        if low in {"and", "&", "or"} or tokens[k].endswith((",", ";")) or (
                low in NOT_NAMES and low not in TITLE_FUNCTION_WORDS and low not in DETERMINERS and low not in MODIFIERS):
            # "… Crowd Does Not Like Donald Trump": a headline's words before the name
            tokens = tokens[k + 1 :]
            break
    if tokens and tokens[-1].endswith(("’s", "'s", "s’", "s'")):
        return None  # "The ACLU's Lee Gelernt", "Fox News’ Bret Baier": whose he is, not his title
    if len(tokens) == 1 and _plural_title(tokens[0]):
        return None  # "Senators Bernie Sanders and …": the title of several, no one's own
    return " ".join(tokens).strip(" ,") or None


def short_description(desc: str) -> str | None:
    """"a scholar on X's cooperation with Y at the Z Center" -> "a scholar at the Z Center"; an age
    goes ("67, a retiree" -> "a retiree"; "45" -> None)."""
    desc = _AGE.sub("", " ".join(desc.split()))
    if not desc:
        return None
    words = desc.split()
    if len(words[0]) > 4 and words[0].endswith("ing") and not (len(words) > 1 and is_role_word(words[1])):
        return None  # "speaking to reporters", "citing new data": what they did, not who they are
    if len(words) <= 8:
        return desc
    head = _SHORT_DESC.split(desc, maxsplit=1)[0]
    at = re.search(r"\s+at\s+((?:\S+\s*){1,6})", desc)
    if at and len(head.split()) < 6:
        place = at.group(1).split()
        for k, word in enumerate(place):
            # "a fellow at the Hoover Institution and a former envoy" (but "the William and Flora
            # Hewlett Foundation" is one name)
            if word in {"and", "or"} and (k + 1 == len(place) or place[k + 1][:1].islower()):
                place = place[:k]
                break
        return f"{head} at {' '.join(place)}"
    short = head.split()[:8]
    while short and short[-1] in {"and", "or"}:  # "a senior fellow at the Hoover Institution and"
        short.pop()
    return " ".join(short)


# Words that open sentences capitalised and are never a person known by one name ("Will she veto
# it?", "Nobody else spoke.")
# Title words that are also common surnames, after a given name ("Larry King", "Angus King")
_HONORIFIC_ONLY = COURTESY_TITLES  # say nothing of an office
_SURNAME_TITLES = frozenset("king bishop marshal judge dean major prince".split())
_NOT_ONE_NAME = frozenset(
    "will would can could shall should may might must do does did has have had is are was were am be been"
    " nobody everybody somebody anybody everyone someone anyone neither either none both each all many most"
    " some several few others another".split()
)
_ROLE_THEN_NAME = re.compile(r"(?:The|A|An|Her|His|Their|Its|[A-Z][\w.-]*['’]s)\s[^,;:.“”]{1,70},\s*$")
_NEXT_WORD = re.compile(r"\s*([\w’'-]*)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


_CONTRACTED_PRONOUN = re.compile(r"(?:i|we|you|they|he|she)['’](?:m|d|ve|re|ll|s)$")
_QUOTED_NAME_MARKS = re.compile(r"[.,]?(?:[“”\"]|'')|[.,]?'$")  # a closing '' may be cut in half
_AGE = re.compile(r"^\d{1,3}(?:,\s*|$)")
_ORG_OR_BODY = ORG_WORDS | BODY_NOUNS
_COMMON_HEADS = PERSON_NOUNS | GROUP_HEADS | ANONYMOUS_HEADS
_ROLE_NOUNS = (PERSON_NOUNS | TITLE_WORDS) - MODIFIERS - {"the", "of", "for", "and", "to", "house", "white", "state", "campaign", "administration", "government", "military", "press"}


def _is_role(tokens: list[str]) -> bool:
    """"Russian Ambassador to the United Kingdom", "Kremlin spokesman": a person named by office."""
    head = []
    for t in tokens:
        if t.lower() in {"to", "of", "for", "at", "in"}:
            break
        head.append(t)
    return bool(head) and _clean(head[-1]).lower() in _ROLE_NOUNS


class _Sub:
    """A piece of a capitalised run, shaped like a match."""

    __slots__ = ("_start", "_text")

    def __init__(self, start: int, text: str) -> None:
        self._start, self._text = start, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._start + len(self._text)

    def group(self) -> str:
        return self._text


class Mentions:
    """People and bodies of one article, from their fullest mention, with coreference."""

    def __init__(self, body: str, masked: str, sentences: list[tuple[int, int]], paragraph_of) -> None:
        self.body = body
        self.paragraph_of = paragraph_of
        self._people: dict[str, _Entry] = {}  # full name (lower) -> entry
        self._by_last: dict[str, list[_Entry]] = {}
        self._occ_pos: list[int] = []  # person mentions, for pronouns
        self._occ: list[tuple[_Entry, bool]] = []  # (entry, sentence-initial)
        self._speakers: list[tuple[int, int, ExtractedSpeaker]] = []  # (pos, paragraph, speaker)
        self._bodies: dict[str, ExtractedSpeaker] = {}
        self._titled_cache: tuple[dict, list[_Entry]] | None = None
        self._genders: dict[int, str | None] = {}  # id(speaker) -> "m", "f" or unknown
        self._courtesy_cache: dict[str, list[str]] | None = None
        starts = [s for s, _ in sentences]
        self._masked = masked
        self._sentences = sentences
        self._starts = starts
        singles = []
        self._pending_occ: list[tuple[int, _Entry, bool]] = []
        self._adjective_forms: set[str] = set()
        self._adjectives: tuple[set[str], set[str]] | None = None  # prefixes, made on first need
        for m in self._runs(masked):
            run = m.group()
            tokens = run.split()
            if "an" in run or "ese" in run or "ish" in run:  # cheap test first
                for t in tokens:  # "Pellucian banks", "the South Korean government", "Korean."
                    t = _clean(t)
                    if len(t) > 5 and t.endswith(_ADJECTIVE_ENDS):
                        self._adjective_forms.add(t)
            if "of" in tokens[2:] and not any(_clean(t).lower() in ORG_WORDS for t in tokens):
                # "Gov. Mike Pence of Indiana": the person, not the place ("the Chamber of Commerce" is one body)
                k = tokens.index("of", 2)
                head = split_name(tokens[:k])[1]
                if len(head) >= 2 and _clean(head[0]).lower() not in GROUP_HEADS:
                    tokens = tokens[:k]
            title, name = split_name(tokens)
            if len(name) >= 2 and self._a_word_not_a_name(name) and self._opens_the_sentence(m.start()):
                # "Rival Hillary Clinton had mocked …": a word, capitalised, neither name nor title
                # (nor are the words before it: "FBI Makes Final Preparations To Interview …")
                title, name = [], name[1:]
            if len(name) >= 2 and not _particle_surname(name) and not any(_clean(t).lower() in ORG_WORDS for t in name):
                entry = self._add_person(name, self._title(masked, m.start(), title), m.start())
                desc = _APPOSITIVE.match(masked, m.end())
                if desc and not entry.speaker.title:
                    entry.speaker.title = short_description(desc.group(1))
                self._occur(entry, m.start(), starts, masked)
            elif len(name) == 1 or _particle_surname(name):  # "Obama"; "De Blasio" is a surname too
                singles.append((m, title, name))
        for m, title_tokens, name in singles:
            tokens = m.group().split()
            word = _clean(tokens[-1])
            if title_tokens and all(t.lower() in DETERMINERS or t.lower() in _OTHER_OFFICE for t in title_tokens):
                # "The Vermont senator", "Former Pennsylvania governor Ed Rendell": a capitalised
                # word after "The" or "Former" that describes what follows is no one new; it may be
                # someone named in full before ("The Clinton campaign")
                if _next_word(masked, m.end()).islower():
                    known = self._by_surname(word.lower(), m.start())
                    if known is not None and " " in known.speaker.name:
                        self._occur(known, m.start(), starts, masked)
                    continue
                title_tokens = []
            titled = bool(title_tokens)
            found_entry = self._by_surname(word.lower(), m.start(), " ".join(title_tokens))
            if (
                found_entry is None
                and (titled or self._subject_like(masked, m))
                and _is_name_token(word)
                and len(word) > 2
                and word.lower() not in BODY_NOUNS
                and word.lower() not in GROUP_HEADS
                and word.lower() not in PERSON_NOUNS
                and word.lower() not in _NOT_ONE_NAME
                and word.lower().removesuffix("s") not in GROUP_HEADS
                and masked[max(0, m.start() - 4) : m.start()].lower() != "the "
                and not self._place_like(word)
                and not self._common_word(word)
                and not opening_participle(word, _next_word(masked, m.end()))
                and (not self._opens_the_sentence(m.start()) or _acts_alone(masked, m.end())
                     or self._named_twice(word))
            ):
                # a person known by one name ("Obama", "President Putin") who starts a clause
                found_entry = self._add_person(name if _particle_surname(name) else [word], None, m.start())
            if found_entry is not None and titled and not found_entry.speaker.title and (
                not found_entry.positions or found_entry.positions[0] <= m.start()
            ):
                # "President Obama" after "Barack Obama" (not before "Michelle Obama": that is someone else)
                found_entry.speaker.title = _office_title(title_tokens)
            if found_entry is not None:
                self._occur(found_entry, m.start(), starts, masked)
        self._pending_occ.sort(key=lambda t: t[0])
        self._occ_pos = [p for p, _, _ in self._pending_occ]
        self._occ = [(e, initial) for _, e, initial in self._pending_occ]
        for e in self._people.values():
            e.positions.sort()

    def _name_before_headline_verb(self, raw: str) -> str:
        """"Elizabeth Warren Hammers Wells Fargo CEO": a headline in title case runs a known full
        name into its verb (capitalised, in -s); the name is the speaker."""
        tokens = raw.split()
        for k in range(2, len(tokens) - 1):
            verb = tokens[k]
            if verb[:1].isupper() and verb.endswith("s") and len(verb) > 3 and _folded(" ".join(tokens[:k])) in self._people:
                return " ".join(tokens[:k])
        return raw

    def _opens_the_sentence(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos) - 1
        begin = self._starts[k] if k >= 0 else 0
        return not self._masked[begin:pos].strip(" “\"‘'(—-")

    def _a_word_not_a_name(self, name: list[str]) -> bool:
        """The first word of a run that opens a sentence is a word, not a given name, when the
        article also writes it in lower case before the same full name ("Rival Hillary Clinton" and
        "rival Hillary Clinton’s campaign"; "the bill Clinton signed" says nothing of "Bill Clinton"), when no
        name opens that way ("Everything Trump says"), or when it is a verb before whose the name
        is ("Injecting Clinton’s troubles into the campaign")."""
        first = _clean(name[0])
        low = first.lower()
        if low in _NAME_PARTICLES:  # "Von der Leyen, the Commission's president, said"
            return False
        if low in NOT_NAMES:
            return True
        if len(name) >= 3 and f"{low} {' '.join(_clean(t) for t in name[1:])}" in self.body:
            return True  # a full name is left: "Bill Clinton" is never "the bill Clinton signed"
        return len(low) > 5 and low.endswith("ing") and name[-1].endswith(("’s", "'s"))

    def _place_like(self, word: str) -> bool:
        """Somewhere, not someone: a country or a US state, or the article also writes an adjective
        made from it ("Pellucia", "Pellucian")."""
        if word.lower() in COUNTRIES or word.lower() in US_STATES:
            return True
        if len(word) <= 3:
            return False
        if self._adjectives is None:  # every prefix of 4+ letters of each such adjective
            found = self._adjective_forms
            self._adjectives = ({a[:k] for a in found for k in range(4, len(a) + 1)}, found)
        prefixes, found = self._adjectives
        # "Sullivan" is not made a place by its own "-an": another word must extend it
        return word[: max(4, len(word) - 1)] in prefixes and word not in found

    def _named_twice(self, word: str) -> bool:
        """A capitalised word that opens its sentence, with no singular verb after it (see
        :func:`_acts_alone`), is a person known by one name only if the article names it again:
        met once, it is a word ("Crops are withering", "Surveys show", "In Honolulu")."""
        return _whole_word_count(self._masked, word, 2) == 2

    def _common_word(self, word: str) -> bool:
        """"Previous talks …", "Human rights …": a capitalised word this article also writes in lower case."""
        low = word.lower()
        if low == word:
            return False
        return _whole_word_count(self.body, low, 1) == 1

    @staticmethod
    def _runs(masked: str):
        """Capitalised runs, split where a word ends a sentence ("Benghazi. Bob")."""
        for m in _RUN.finditer(masked):
            run = m.group()
            if "." not in run:  # most runs: no word in it can end a sentence
                yield m
                continue
            tokens = run.split(" ")
            if not any(t.endswith(".") for t in tokens[:-1]):
                yield m
                continue
            pos = m.start()
            start = pos
            for k, t in enumerate(tokens):
                end = pos + len(t)
                core = t.rstrip(".")
                if t.endswith(".") and len(core) > 3 and "." not in core and k < len(tokens) - 1:
                    yield _Sub(start, masked[start:end])
                    start = end + 1
                pos = end + 1
            if start < m.end():
                yield _Sub(start, masked[start : m.end()])

    @staticmethod
    def _subject_like(masked: str, m) -> bool:
        nxt = masked[m.end() : m.end() + 2]
        return nxt[:1] == "," or (nxt[:1] == " " and nxt[1:2].islower())

    # --- the table ---------------------------------------------------------------------------

    def _title(self, masked: str, run_start: int, title_tokens: list[str]) -> str | None:
        while title_tokens and title_tokens[0].lower() in NOT_NAMES and title_tokens[0].lower() != "the":
            title_tokens = title_tokens[1:]  # "But Nicole Grajewski"
        title = _title_text(title_tokens) or ""
        title_tokens = title.split()
        if not title or all(t.lower().rstrip(".") in HONORIFICS or t.lower() in HONORIFICS for t in title_tokens):
            # "Kremlin spokesman Dmitry Peskov": the title is written before the capitalised run
            before = masked[max(0, run_start - 60) : run_start]
            before = before[before.rfind("\n") + 1 :]  # not from the paragraph (or headline) before
            m = _LOWER_TITLE_BEFORE.search(before)
            if m and m.group(1).strip():
                words = m.group(1).split()
                if words and words[-1].lower() in _TITLE_NOUNS and words[-1].islower():
                    while words and (words[0].lower() in NOT_NAMES or words[0].islower() and words[0] not in TITLE_WORDS and words[0] not in MODIFIERS):
                        words = words[1:]
                    pre = " ".join(words)
                    if pre:
                        return (pre + (" " + title if title else "")).strip()
            return title or None
        return _office_words_before(masked, run_start) + title

    def _add_person(self, name: list[str], title: str | None, pos: int) -> _Entry:
        full = " ".join(_clean(t) if i == len(name) - 1 else t for i, t in enumerate(name))
        key = _folded(full)
        entry = self._people.get(key)
        if entry is None:
            entry = _Entry(ExtractedSpeaker(name=full, kind="person", title=title))
            self._people[key] = entry
            last = _folded(_clean(name[-1]))
            self._by_last.setdefault(last, []).append(entry)
            joined = _JOINED_PARTICLE.match(last)
            if joined:  # "Faisal al-Miqdad" is "Mr. Miqdad" too
                self._by_last.setdefault(last[joined.end() :], []).append(entry)
            if len(name) > 2 and _clean(name[-1]).lower() in NAME_SUFFIXES:  # "Harry B. Harris Jr." is "Harris"
                self._by_last.setdefault(_folded(_clean(name[-2])), []).append(entry)
            self._by_last.setdefault(key, []).append(entry)
        elif title and (not entry.speaker.title or len(title) > len(entry.speaker.title) and title.endswith(" " + entry.speaker.title)):
            entry.speaker.title = title  # the fuller form: "chief" -> "fire chief"
        return entry

    def names_person(self, surname: str, pos: int) -> bool:
        """Whether the article names a person with this surname."""
        return self._by_surname(_clean(surname).lower(), pos) is not None

    def _by_surname(self, last: str, pos: int, title: str = "") -> _Entry | None:
        entries = self._by_last.get(_folded(last))
        if not entries:
            return None
        if len(entries) == 1:
            return entries[0]
        office = " ".join(w for w in _spelt_out(title).split() if w.strip(".") not in _HONORIFIC_ONLY)
        if office:  # "Sen. Warner" is the senator among the Warners, not his wife
            holding = [e for e in entries if e.speaker.title and office in _spelt_out(e.speaker.title)]
            entries = holding or entries
        # several people share the surname: the one mentioned most recently before ``pos``
        best, best_pos = entries[0], -1
        for e in entries[:20]:
            at = _last_at_or_before(e.positions, pos)
            if at > best_pos:
                best, best_pos = e, at
        return best

    def _occur(self, entry: _Entry, pos: int, starts: list[int], masked: str) -> None:
        entry.positions.append(pos)
        k = bisect.bisect_right(starts, pos) - 1
        begin = starts[k] if k >= 0 else 0
        lead = masked[begin:pos] if pos - begin < 90 else "x x x"  # bounded: only a short lead-up counts
        # the subject of its sentence: its first words, or the name after a role that opens it
        # ("The head of the union, Maria Gonzalez, was unmoved.")
        words = lead.split()
        initial = "“" not in lead and (len(words) <= 2 or (
            _ROLE_THEN_NAME.match(lead) is not None and any(_clean(w).lower() in _TITLE_NOUNS for w in words[1:])
        ) or (  # "Former Pennsylvania governor Ed Rendell was …": a title opens the sentence
            len(words) <= 5 and "," not in lead and words[-1].lower() in _TITLE_NOUNS
            and all(_in_title_lead(w) for w in words)
        ))
        if initial and masked[pos : pos + 12].split(" ", 1)[0].lower() in _LEADING_PREPOSITIONS:
            initial = False  # "In Louisville on March 1, Ms. Nwanguma was shocked": a place, not the subject
        self._pending_occ.append((pos, entry, initial))

    # --- resolving a speaker phrase ---------------------------------------------------------

    def _words_of(self, phrase: Phrase) -> str:
        """The phrase's words in the body, spaced once; never reaching back into the paragraph before."""
        text = self.body[phrase.start : phrase.end]
        return _words_in(text, _quoted(text))

    def resolve(self, phrase: Phrase, pos: int, description: str | None = None) -> ExtractedSpeaker | None:
        text = self.body[phrase.start : phrase.end]
        quoted = _quoted(text)
        raw = _words_in(text, quoted)
        if phrase.text != raw and phrase.text.upper() == raw:
            raw = phrase.text  # a transcript's label in capitals, read as the name it spells
        elif phrase.description is not None and raw.endswith(", " + phrase.text):
            raw = phrase.text  # "The Prime Minister, Keir Starmer": the name; the role describes it
        raw = _without_possessive(raw)
        tokens = raw.split()
        if (len(tokens) >= 2 and tokens[0].lower() not in DETERMINERS and self._a_word_not_a_name(tokens)
                and all(is_capitalised(t) for t in tokens) and self._opens_the_sentence(phrase.start)):
            raw = " ".join(tokens[1:])  # "Rival Hillary Clinton had mocked …": the name is what follows
        if self.body.find("\n", 0, phrase.start) == -1:  # the headline: title case, where names run into verbs
            raw = self._name_before_headline_verb(raw)
        raw = self._coordinated(raw)[1]  # "Jane Doe and John Roe": each is resolved on their own
        # a quoted title is a work (a book, a show, a document), never the people in its name
        speaker = self._body(raw) if quoted else self._resolve(raw, pos, description)
        if speaker is not None:
            if speaker.kind == "person" and raw != speaker.name and raw not in speaker.aliases and raw.lower() not in _NOT_ALIASES:
                speaker.aliases.append(raw)
            self._speakers.append((pos, self.paragraph_of(pos), speaker))
        return speaker

    def joint_speaker(self, phrase: Phrase, pos: int) -> ExtractedSpeaker | None:
        """The first of two people who spoke together ("Jane Doe and John Roe said"); ``resolve``
        gives the second."""
        before = self.body[max(0, phrase.start - 5) : phrase.start].rstrip()
        if before.endswith(",") or before.lower().endswith("the"):
            return None  # the end of a longer list ("A, B and C, who said"), or "the Seventh Circuit"
        first = self._coordinated(self._words_of(phrase))[0]
        if first is None:
            return None
        last = _clean(first.split()[-1]).lower()
        known = self._by_surname(last, pos)
        if known is not None and len(known.speaker.name.split()) >= 2 and last != first.lower():
            return known.speaker  # "Derelict Obama and Clinton": the Obama this article names in full
        speaker = self._resolve(first, pos, None)
        return speaker if speaker is not None and speaker.kind == "person" else None

    def _coordinated(self, raw: str) -> tuple[str | None, str]:
        """("Jane Doe", "John Roe") for "Jane Doe and John Roe" (a title before the first stays
        with it, "President Jane Doe", but a plural one is neither's: "Senators …"), else (None,
        raw). Both must be people: a whole name each, or a surname this article has named in full
        ("Procter and Gamble" is neither)."""
        at = raw.rfind(" and ")
        if at == -1:
            return None, raw
        first, second = raw[:at], raw[at + 5 :]
        for part in (first, second):
            tokens = part.split()
            name = split_name(tokens)[1]
            if not name or any(_clean(t).lower() in _ORG_OR_BODY for t in tokens):
                return None, raw
            if any(not is_capitalised(t) and (t.lower() not in TITLE_WORDS or t.lower() in TITLE_FUNCTION_WORDS) for t in tokens):
                return None, raw  # "the Court of Appeals for the Seventh Circuit": a name and its titles only
            if len(name) < 2:
                known = self._by_surname(_clean(name[0]).lower(), len(self.body))
                if known is None or len(known.speaker.name.split()) < 2:
                    return None, raw
        lead = first.split()
        if len(lead) >= 2 and _plural_title(lead[0]):
            first = " ".join(lead[1:])  # "Senators Jane Doe and John Roe": a plural title is neither's own
        return first, second

    def _resolve(self, raw: str, pos: int, description: str | None) -> ExtractedSpeaker | None:
        tokens = raw.split()
        if not tokens:
            return None
        low = raw.lower()
        if low in _SINGULAR_PRONOUNS:
            return self._antecedent(pos, "f" if low == "she" else "m")
        if low in _PLURAL_PRONOUNS:
            return self._plural_antecedent(pos)
        if low == "it":
            return self._body_antecedent(pos)
        if low in {"i", "you", "one", "who", "that", "this"} or _CONTRACTED_PRONOUN.match(low):
            return None  # "I’d say …": a pronoun with its verb, never a name
        first = tokens[0]
        if (first.lower() in NOT_NAMES and first.lower() not in DETERMINERS and first.lower() != "the" and len(tokens) > 1
                and not opens_a_quantity(first, tokens[1])):
            tokens = tokens[1:]  # "But Hegseth" (sentence openers)
            if not tokens:
                return None
            raw = " ".join(tokens)
        if len(tokens) > 2 and not _PLACING.isdisjoint(tokens) and tokens[0].lower() != "the":
            head = _head_noun(tokens)
            if ((head in PERSON_NOUNS or head in ANONYMOUS_HEADS) and head != _clean(tokens[-1]).lower()
                    and len(split_name(tokens)[1]) < 2):
                # "an official at the Pentagon", "a person close to the Clintons": unnamed people, placed
                return self._common_noun(raw, tokens, pos)
        if "&" in tokens:  # "Johnson & Johnson", "Procter & Gamble": a company, never a person
            return self._body(raw)
        if tokens[0] == "The":  # "The Kremlin said" -> "the Kremlin"; "One official" keeps its case
            tokens = ["the"] + tokens[1:]
            raw = " ".join(tokens)
        for sep in ("of", "for"):
            # "House Speaker Paul D. Ryan of Wisconsin", "Tom Ellis for Morning Consult": the person,
            # not the place or the employer
            if sep in tokens[2:]:
                k = tokens.index(sep, 2)
                _, head_name = split_name(tokens[:k])
                if len(head_name) >= 2:
                    tokens = tokens[:k]
                    raw = " ".join(tokens)
        caps = [t for i, t in enumerate(tokens) if is_capitalised(t) and not (i == 0 and t.lower() in DETERMINERS)]
        if not caps or len(tokens) == 1 and _clean(raw).lower() in _COMMON_HEADS:  # "Sources told …"
            return self._common_noun(raw, tokens, pos)
        title, name = split_name(tokens)
        if _seen_by(title):
            # "filings reviewed by Reuters": the documents speak, as in "documents obtained by the
            # Post"; the name only saw them (in "a statement released by Jane Doe", she speaks)
            return self._body(raw)
        if _particle_surname(name):  # "De Blasio says": the surname of "Bill de Blasio", when he is named
            known = self._by_surname(_clean(name[-1]).lower(), pos)
            if known is not None:
                return known.speaker
        if len(title) >= 2 and title[-1].lower() in ROLE_PREPOSITIONS and _clean(title[-2]).lower() in PERSON_OR_TITLE:
            # "The senator from Vermont", "the attorney general of the state of New York": a role;
            # the name after it is where
            return self._role(raw, pos)
        if len(name) >= 2 and not any(_clean(t).lower() in ORG_WORDS for t in name):
            # known: gains a title it lacked ("the mayor, Anne Hidalgo": the role before the comma)
            entry = self._add_person(name, _title_text(title), pos)
            if description and not entry.speaker.title:
                entry.speaker.title = short_description(description)
            return entry.speaker
        # "the Lindenhof" is an institution even where a bare "Lindenhof" opened a clause
        the_only = tokens[0] == "the" and len(title) == 1
        if len(name) == 1 and not the_only:
            known = self._by_surname(_clean(name[0]).lower(), pos, " ".join(title))
            if known is not None:
                return known.speaker
        if len(name) == 1 and not the_only and not self._place_like(_clean(name[0])):
            word = _clean(name[0]).lower()
            if not title and (word in GROUP_HEADS or word.endswith("s") and word[:-1] in GROUP_HEADS):
                return ExtractedSpeaker(name=raw, kind="group")
            if not any(_clean(t).lower() in _ORG_OR_BODY for t in tokens) and tokens[0] != "the" and not (
                len(tokens) == 1 and self._common_word(_clean(name[0]))
            ):
                person = self._add_person(name, _title_text(title), pos)
                if description and not person.speaker.title:
                    person.speaker.title = short_description(description)
                return person.speaker
        # an institution, a place, or a role without a name
        words = {_clean(t).lower() for t in tokens}
        if _clean(tokens[-1]).lower() in GROUP_HEADS and not name:
            return ExtractedSpeaker(name=raw, kind="group")  # "Russian diplomats", "Senate Democrats"
        if _is_role(tokens):
            return self._role(raw, pos)
        if (
            tokens[0] == "the" or words & _ORG_OR_BODY or all(_clean(t).lower() in PLACES or self._place_like(_clean(t)) for t in caps)
        ):
            return self._body(raw)
        if _clean(tokens[-1]).lower() in GROUP_HEADS:
            return ExtractedSpeaker(name=raw, kind="group")
        return self._role(raw, pos)

    def _common_noun(self, raw: str, tokens: list[str], pos: int) -> ExtractedSpeaker:
        head = _head_noun(tokens)
        det = tokens[0].lower()
        if head in PARTITIVE_PRONOUNS:  # "One of them", "Both of them": of the people spoken of
            return ExtractedSpeaker(name=raw, kind="anonymous" if det == "one" else "group")
        if head in BODY_NOUNS and head not in PERSON_NOUNS:
            return self._body(raw)
        if det == "the" and len(tokens) >= 2 and head not in GROUP_HEADS:
            if head == "people" or head.endswith("s") and (head[:-1] in PERSON_NOUNS or head[:-1] in ANONYMOUS_HEADS):
                return ExtractedSpeaker(name=raw, kind="group")  # "the aides", "the people"
            return self._role(raw, pos)  # "the defense secretary", "the spokesman"
        if head in GROUP_HEADS and not (det in _SINGLE_DETERMINERS and head in ANONYMOUS_HEADS):
            if head not in ANONYMOUS_HEADS or det in {"some", "many", "most", "all", "both", "other"} and head not in {"sources"}:
                return ExtractedSpeaker(name=raw, kind="group")
        if head in ANONYMOUS_HEADS or head in PERSON_NOUNS:
            return ExtractedSpeaker(name=raw, kind="anonymous")
        return ExtractedSpeaker(name=raw, kind="group" if head.endswith("s") else "anonymous")

    def _role(self, raw: str, pos: int) -> ExtractedSpeaker:
        """A person named by role: matched to a titled entry ("the defense secretary"), or kept as is."""
        if raw.split(None, 1)[0].lower() in _INDEFINITE:
            return ExtractedSpeaker(name=raw, kind="anonymous")  # "a Democratic aide": one not named
        role = " ".join(t for t in raw.split() if t.lower() not in {"the", "a", "an"}).lower()
        best: tuple[int, _Entry] | None = None
        for entry in self._titled():
            title = _spelt_out(entry.speaker.title or "")
            # whole words: "the ad" is not the "leader" whose letters hold it
            if role and title and f" {role} " in f" {title} " and _same_office(role, title):
                last = _last_at_or_before(entry.positions, pos)
                if best is None or last > best[0]:
                    best = (last, entry)
        if best is not None:
            return best[1].speaker
        key = raw.lower()
        if key not in self._bodies:
            self._bodies[key] = ExtractedSpeaker(name=raw, kind="person", title=None)  # the role is the name
        return self._bodies[key]

    def _titled(self) -> list[_Entry]:
        """People with a title (bounded: a role is matched among the first 200 of them)."""
        if self._titled_cache is None or len(self._titled_cache[0]) != len(self._people):
            titled = [e for e in list(self._people.values())[:200] if e.speaker.title]
            self._titled_cache = (dict.fromkeys(self._people), titled)
        return self._titled_cache[1]

    def _body(self, raw: str) -> ExtractedSpeaker:
        key = raw.lower().removeprefix("the ")
        if key not in self._bodies:
            self._bodies[key] = ExtractedSpeaker(name=raw, kind="body")
        return self._bodies[key]

    # --- pronouns ---------------------------------------------------------------------------

    def _antecedent(self, pos: int, gender: str) -> ExtractedSpeaker | None:
        """Who "he" (``gender`` "m") or "she" ("f") at ``pos`` is: never someone the article shows
        to be the other ("Mr. Trump", "Obama … his refusal"; "the spokeswoman")."""
        para = self.paragraph_of(pos)
        for p, para_i, s in reversed(self._speakers[-30:]):
            if para_i != para:
                break
            if not self._may_be(s, gender):
                continue
            if p < pos and s.kind == "person":
                return s
            if p < pos and s.kind == "anonymous" and _one_person(s.name):
                # "One official said … He added": the official, not a name from before; but "A
                # reporter asked Sanders … He replied": the person the verb is about
                end = p + len(s.name)
                if not self._named_between(end, min(pos, end + _VERB_OBJECT_SPAN)):
                    return s
        i = bisect.bisect_left(self._occ_pos, pos) - 1
        k = i
        while k >= 0 and pos - self._occ_pos[k] < 600 and i - k < 30:
            entry, initial = self._occ[k]
            if initial and self._may_be(entry.speaker, gender):
                return entry.speaker
            k -= 1
        for p, _, s in reversed(self._speakers[-30:]):
            if (s.kind == "person" or s.kind == "anonymous" and _one_person(s.name)) and p < pos and pos - p < 2000 \
                    and self._may_be(s, gender):
                return s  # the last one person who spoke ("A reporter for X called it …" the paragraph before)
        for k in range(i, max(-1, i - 30), -1):  # the nearest one named
            if self._may_be(self._occ[k][0].speaker, gender):
                return self._occ[k][0].speaker
        return None

    def _may_be(self, speaker: ExtractedSpeaker, gender: str) -> bool:
        known = self._gender_of(speaker)
        return known is None or known == gender

    def _gender_of(self, speaker: ExtractedSpeaker) -> str | None:
        """"m" or "f" where the article says it: the first gendered word of the title ("the
        spokeswoman", "first lady", "Mrs." only as its first word: "a surrogate for Mr. Sanders" is
        not a man), or "Mr."/"Mrs."/"Ms." before the surname anywhere in the article ("Ms. Turner
        said"); None when it does not. Pronouns are no evidence: "Ivanka Trump said he …"."""
        key = id(speaker)
        if key in self._genders:
            return self._genders[key]
        votes = 0
        # the title only: a name may hold such a word ("Billie Jean King"); a role without a name
        # is its title ("the spokeswoman")
        described = (speaker.title or (speaker.name if speaker.name[:1].islower() else "")).lower()
        first = _GENDER_WORD.search(described)
        if first is not None and (first.group() not in _GENDERED_COURTESY or first.start() == 0):
            votes += 3 if first.group() in _MALE_WORDS else -3
        surname = _clean(speaker.name.split()[-1]).lower() if speaker.name.split() else ""
        if speaker.kind == "person" and speaker.name[:1].isupper() and len(self._by_last.get(_folded(surname), ())) <= 1:
            for courtesy in self._courtesies().get(_folded(surname), ()):  # only one person of that surname
                votes += 1 if courtesy in _MALE_WORDS else -1
        self._genders[key] = gender = "m" if votes > 0 else "f" if votes < 0 else None
        return gender

    def _courtesies(self) -> dict[str, list[str]]:
        """surname -> the courtesy titles the article puts before it ("Mr. Trump": ["mr"])."""
        if self._courtesy_cache is None:
            self._courtesy_cache = {}
            for m in _COURTESY_BEFORE_NAME.finditer(self._masked):
                if m.start() == 0 or not self._masked[m.start() - 1].isalnum():  # not "UM Ms"
                    self._courtesy_cache.setdefault(_folded(_clean(m.group(2))), []).append("m" + m.group(1).lower())
        return self._courtesy_cache

    def _named_between(self, start: int, end: int) -> bool:
        """Whether a person is named after ``start`` and before ``end`` ("A reporter asked Sanders …")."""
        return bisect.bisect_right(self._occ_pos, start) < bisect.bisect_left(self._occ_pos, end)

    def _plural_antecedent(self, pos: int) -> ExtractedSpeaker | None:
        para = self.paragraph_of(pos)
        for p, para_i, s in reversed(self._speakers[-30:]):
            if para - para_i > 1:
                break
            if p < pos and (s.kind in {"group", "body"} or s.kind == "anonymous" and s.name.endswith("s")):
                return s
        return None

    def _body_antecedent(self, pos: int) -> ExtractedSpeaker | None:
        para = self.paragraph_of(pos)
        for p, para_i, s in reversed(self._speakers[-30:]):
            if para - para_i > 1:
                break
            if p < pos and s.kind == "body":
                return s
        return self._body_subject_before(pos, para)

    def _body_subject_before(self, pos: int, para: int) -> ExtractedSpeaker | None:
        """"The ministry issued a statement. It said …": no body has spoken yet, so "it" is the
        body that is the subject of a sentence just before (this paragraph or the one before)."""
        k = bisect.bisect_right(self._starts, pos) - 1
        for j in range(k - 1, max(-1, k - 1 - _IT_LOOKBACK), -1):
            start, end = self._sentences[j]
            if para - self.paragraph_of(start) > 1:
                break
            phrase = first_subject(self._masked, start, end)
            if phrase is None:
                continue
            tokens = " ".join(self.body[phrase.start : phrase.end].split()).split()
            if not tokens or tokens[0].lower() in PRONOUNS:
                continue  # "It …" again: look further back
            if tokens[0].lower() != "the" and not any(_clean(t).lower() in _ORG_OR_BODY for t in tokens):
                continue  # a person or a group, never "it"
            if len(split_name(tokens)[1]) >= 2 and not any(_clean(t).lower() in ORG_WORDS for t in tokens):
                continue  # "The candidate Jane Doe": a person
            speaker = self._resolve(" ".join(tokens), start, None)
            if speaker is not None and speaker.kind == "body":
                return speaker
        return None


# Participles of getting to see a document, not of making or delivering it ("released", "read"):
# "filings reviewed by", "obtained by".
_SEEN = frozenset("reviewed obtained seen viewed examined acquired".split())


def _whole_word_count(text: str, word: str, enough: int) -> int:
    """How many times ``word`` stands in ``text`` as a whole word (no letter, apostrophe or hyphen
    glued on either side), counted up to ``enough``."""
    n, seen = len(word), 0
    i = text.find(word)
    while i != -1:
        before, after = text[i - 1 : i], text[i + n : i + n + 1]
        if not (before.isalnum() or before in "_’'-" and before) and not (after.isalnum() or after in "_’'-" and after):
            seen += 1
            if seen >= enough:
                break
        i = text.find(word, i + 1)
    return seen


# Words after a one-word subject that make it one someone ("Carson defied the question", "Smith,
# who ..."); "Crops are", "Surveys show" and "Sooner or later" are no one.
_SINGULAR_AFTER = frozenset(
    "is was has had says said told tells will would can could did does may might must should also"
    " then later once never again who whose".split()
)


_APPOSITIVE_OPENERS = frozenset("who whose a an".split())


def _acts_alone(masked: str, end: int) -> bool:
    """A singular verb, or an appositive, follows the word that ends at ``end``."""
    after = masked[end : end + 40]
    if after.startswith(", "):
        return after[2:].split(" ", 1)[0].lower() in _APPOSITIVE_OPENERS
    words = after.split()
    if not after.startswith(" ") or not words:
        return False
    nxt = _clean(words[0]).lower()
    if nxt in _SINGULAR_AFTER:
        return True
    return len(nxt) > 3 and (nxt.endswith("ed") or nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")))


def _words_in(text: str, quoted: bool) -> str:
    """A phrase's words, spaced once, from its last line; a quoted title without its marks
    ("according to the “Daily Ledger,”")."""
    if quoted:
        text = _QUOTED_NAME_MARKS.sub("", text)
    return " ".join(text[text.rfind("\n") + 1 :].split()).strip(" ,.:;")


def _quoted(text: str) -> bool:
    """A phrase with a title in quotation marks: "his book ''The Art of the Deal''"."""
    return "“" in text or '"' in text or "''" in text


def _seen_by(title: list[str]) -> bool:
    """A title that ends "<document> reviewed by" before the name (and its honorific, "Mr."): what
    the name saw, not what it said."""
    if len(title) < 3:  # most titles: none, or a word or two
        return False
    lows = [t.lower() for t in title]
    if "by" not in lows:
        return False
    k = len(lows) - 1 - lows[::-1].index("by")
    return k >= 1 and lows[k - 1] in _SEEN and all(t[:1].isupper() for t in title[k + 1 :])


_INDEFINITE = frozenset("a an one another".split())
_TITLE_NOUNS = PERSON_OR_TITLE - TITLE_FUNCTION_WORDS  # perf: made once, not at every test
_SINGLE_DETERMINERS = DETERMINERS - {"the", "some", "many", "most", "all", "both"}
_MALE_WORDS = frozenset(
    "mr spokesman chairman congressman businessman husband father son brother king prince"
    " sir lord grandfather uncle nephew boyfriend".split()
)
_FEMALE_WORDS = frozenset(
    "mrs ms miss spokeswoman chairwoman congresswoman businesswoman wife mother daughter"
    " sister queen princess madam dame lady actress grandmother aunt niece girlfriend".split()
)
_GENDER_WORD = re.compile(r"\b(?:" + "|".join(sorted(_MALE_WORDS | _FEMALE_WORDS)) + r")\b")
_GENDERED_COURTESY = frozenset("mr mrs ms miss".split())
_COURTESY_BEFORE_NAME = re.compile(r"M(rs?|s|iss)\b\.?\s+([A-Z][\w’'-]+)")  # the "M" first: a fast scan
_PLACING = ROLE_PREPOSITIONS | {"familiar", "close", "who"}  # words that follow a speaker's noun
_IT_LOOKBACK = 3  # sentences before "it said" in which its body may be the subject
_JOINED_PARTICLE = re.compile(NAME_PREFIX.replace("(?=[A-Z])", "(?=[a-z])"))  # "al-" of "al-miqdad", in lower case
_VERB_OBJECT_SPAN = 30  # characters after an unnamed speaker in which a name is the object of its verb
_SINGULAR_PERSON_NOUNS = frozenset(
    w for w in PERSON_NOUNS | ANONYMOUS_HEADS if not w.endswith("s") and w not in {"people", "spokespeople", "staff", "police"}
)


# A capitalised run that opens its sentence with one of these is no subject ("In Louisville", "Like Allen")
# ("For Major, a retiree, …" is what the sentence is about: its "she said" is hers).
_LEADING_PREPOSITIONS = frozenset(
    "in at on from after before during since like unlike with under over across throughout outside inside"
    " near by to into among amid despite".split()
)


def _in_title_lead(word: str) -> bool:
    """A word of a title that opens a sentence before a name: "Former", "Pennsylvania", "governor"
    (not "But", "the" or "by")."""
    low = word.lower()
    if low in MODIFIERS or low in _TITLE_NOUNS:
        return True
    return word[:1].isupper() and low not in NOT_NAMES and low not in DETERMINERS


def _head_noun(tokens: list[str]) -> str:
    """The noun a lower-case speaker phrase is about: its last word, or a person before a
    preposition ("a spokeswoman for the ministry" is a spokeswoman, not the ministry; "people
    close to the talks" are people)."""
    words = [_clean(t).lower() for t in tokens]
    for i in range(1, len(words) - 1):
        if words[i] in _PLACING and (words[i - 1] in PERSON_NOUNS or words[i - 1] in ANONYMOUS_HEADS):
            return words[i - 1]
    return words[-1]


def _one_person(name: str) -> bool:
    """An unnamed speaker who is one person ("one official", "a ministry spokeswoman"), not several."""
    words = name.lower().split()
    return len(words) > 1 and words[0] in _INDEFINITE and _head_noun(words) in _SINGULAR_PERSON_NOUNS


def _same_office(role: str, title: str) -> bool:
    """Whether a title that contains the role is that office: every office-changing word of the
    title ("vice", "deputy", "former") is in the role too."""
    role_words = set(_TITLE_WORD.findall(role))
    return all(word in role_words for word in _TITLE_WORD.findall(title) if word in _OTHER_OFFICE)


@lru_cache(maxsize=1024)
def _spelt_out(title: str) -> str:
    """A title in lower case with its abbreviations spelt out: "Lt. Gov." -> "lieutenant governor"."""
    words = title.lower().split()
    return " ".join(TITLE_ABBREVIATIONS.get(word.rstrip("."), word) for word in words)


def _office_words_before(masked: str, run_start: int) -> str:
    """The lower-case office words just before a capitalised title: "former " in "former President
    Jane Doe", so that she is not "the president" of the article."""
    m = _LOWER_WORDS_BEFORE.search(masked, max(0, run_start - 30), run_start)
    if m is None:
        return ""
    words = m.group(1).split()
    while words and words[0] not in _OTHER_OFFICE:
        words = words[1:]
    return "".join(word + " " for word in words) if all(word in _OTHER_OFFICE for word in words) else ""


def _office_title(tokens: list[str]) -> str | None:
    """The title before a one-word name when it is all title words ("President", "Mexican
    President", "Florida Gov."), not the end of a longer capitalised run ("The", "Mr.", "Act. But")."""
    words = [_clean(t).lower() for t in tokens]
    if not words or words[-1] not in _ROLE_NOUNS and words[-1] not in TITLE_ABBREVIATIONS or words[0] in NOT_NAMES or any(t.endswith(".") and w not in TITLE_ABBREVIATIONS for t, w in zip(tokens, words)):
        return None
    if all(w in TITLE_WORDS or w in TITLE_ABBREVIATIONS or w in PLACES or _is_demonym(t) for t, w in zip(tokens, words)):
        return " ".join(tokens)
    return None
