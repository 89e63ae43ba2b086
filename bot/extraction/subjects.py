"""Finding the speaker phrase next to a reporting verb: "X said", "said X", "X, a doctor, said".

Works on the masked text (quotes replaced by digits) token by token, in bounded windows, so the cost
per cue is constant whatever the sentence length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cues import BETWEEN_SUBJECT_AND_VERB, PRONOUNS
from .roles import (
    BODY_NOUNS, DETERMINERS, MODIFIERS, NOT_NAMES, PARTITIVE_PRONOUNS, PERSON_NOUNS, PERSON_OR_TITLE, ROLE_PREPOSITIONS,
    TITLE_FUNCTION_WORDS,
    ROLE_WORD,
    TITLE_WORDS,
    NAME_MONTHS,
    is_capitalised,
    opening_participle,
    opens_a_quantity,
)

_TOKEN = re.compile(r"[^\s,;:()\[\]“”\"—–]+|[,;:()\[\]“”\"—–]")
_WINDOW = 260  # characters looked at on either side of a cue
_CONNECTORS = frozenset({"of", "the", "for", "and", "de", "van", "von", "der", "den", "al", "bin", "ben", "la", "le", "du", "da", "del", "della", "di", "dos", "das", "ter"})
_PLACE_PREPOSITIONS = frozenset({"at", "in", "with", "from"})
_OBJECT_PRONOUNS = frozenset("him her them me us you it reporters".split())
# The word tests below are pure functions of one token, asked again and again for the same words
# (every cue looks at the tokens around it): cached, they cost a dict lookup.
_word_test = lru_cache(maxsize=1 << 16)


@dataclass(slots=True)
class Phrase:
    start: int
    end: int
    text: str
    description: str | None = None  # an appositive: "a doctor", "who spoke on condition of anonymity"
    desc_end: int = -1  # where the appositive ends


# Tokens are separated by whitespace only (the two classes above cover every other character), so
# one findall of (gap, token) pairs gives the offsets from lengths, cheaper than a match object each.
_GAP_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` of every ``_TOKEN`` match in ``text[start:end]``."""
    toks = []
    pos = start
    for gap, tok in _GAP_TOKEN.findall(text, start, end):
        a = pos + len(gap)
        pos = a + len(tok)
        toks.append((tok, a, pos))
    return toks


@_word_test
def _bare(tok: str) -> str:
    return tok.lower().rstrip(".").removesuffix("’s").removesuffix("'s")


@_word_test
def _is_cap(tok: str) -> bool:
    return is_capitalised(tok) and not tok[:1].isdigit()


@_word_test
def _is_head(tok: str) -> bool:
    """Can this token end a speaker phrase?"""
    low = _bare(tok)
    if tok.startswith("0"):
        return False
    if low in PRONOUNS:
        return True
    if _is_cap(tok):
        return low not in NOT_NAMES or low in {"one"}
    return low in PERSON_NOUNS or low in BODY_NOUNS or low in PRONOUNS or low == "who"


_LOWER_TITLE_WORDS = TITLE_WORDS - TITLE_FUNCTION_WORDS


@_word_test
def _may_extend(tok: str) -> bool:
    """Can this token stand left of the head inside the phrase?"""
    low = tok.lower()
    if tok.startswith("0"):
        return False
    if _is_cap(tok):
        return True
    if low.endswith(("’s", "'s")):
        return _is_cap(tok) or low[:-2] in PERSON_NOUNS or low[:-2] in BODY_NOUNS
    return low in _CONNECTORS or low in DETERMINERS or low in MODIFIERS or low in PERSON_NOUNS or low in BODY_NOUNS \
        or low in _LOWER_TITLE_WORDS  # "the majority leader", "the press secretary"


def _trim_left(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop sentence openers and dangling connectors from the left ("But Nicole Grajewski")."""
    while toks:
        low = toks[0][0].lower()
        if len(toks) > 1 and opens_a_quantity(low, toks[1][0]):
            break
        if low in _CONNECTORS and low != "the":
            toks = toks[1:]
        elif _is_cap(toks[0][0]) and low in NOT_NAMES and low not in DETERMINERS and len(toks) > 1:
            toks = toks[1:]
        else:
            break
    return toks


def _phrase(text: str, toks: list[tuple[str, int, int]]) -> Phrase | None:
    toks = _trim_left(toks)
    if not toks:
        return None
    if not _is_head(toks[-1][0]):
        return None
    s, e = toks[0][1], toks[-1][2]
    return Phrase(s, e, text[s:e])


_DETERMINED = frozenset("the a an his her its their this that our my".split())


def phrase_ending_at(text: str, toks: list[tuple[str, int, int]], i: int) -> Phrase | None:
    """The speaker phrase whose last token is ``toks[i]``."""
    if i < 0:
        return None
    if i >= 1 and _bare(toks[i][0]) in NAME_MONTHS and _is_cap(toks[i][0]) and _is_head(toks[i - 1][0]) \
            and _is_cap(toks[i - 1][0]):
        # "Theresa May said": a month that is a surname after a capitalised name
        j = i - 1
        while j > 0 and i - j < 5 and _may_extend(toks[j - 1][0]) and not _ends_sentence(toks[j - 1][0]):
            j -= 1
        return _phrase_any_head(text, toks[j : i + 1])
    if i >= 2 and toks[i][0].lower() in PARTITIVE_PRONOUNS and toks[i - 1][0].lower() == "of" \
            and toks[i - 2][0].lower() in DETERMINERS:
        # "One of them said", "Both of them said": some of the people spoken of before
        return Phrase(toks[i - 2][1], toks[i][2], text[toks[i - 2][1] : toks[i][2]])
    if not _is_head(toks[i][0]):
        # any lower-case noun right after a determiner: "the buyer", "her friend"
        if not (i > 0 and toks[i][0].isalpha() and toks[i][0].islower() and toks[i - 1][0].lower() in _DETERMINED):
            return None
        j = i - 1
        while j > 0 and i - j < 9 and _may_extend(toks[j - 1][0]) and not _ends_sentence(toks[j - 1][0]):
            j -= 1
        return _phrase_any_head(text, toks[j : i + 1])
    if toks[i][0].lower() in PRONOUNS or toks[i][0].lower() == "who":
        return Phrase(toks[i][1], toks[i][2], toks[i][0])
    j = i
    while j > 0 and i - j < 9 and _may_extend(toks[j - 1][0]) and not _ends_sentence(toks[j - 1][0]):
        j -= 1
    j = _title_before_name(toks, j, i)
    if j >= 2 and toks[j - 1][0].lower() in _PLACE_PREPOSITIONS and _bare(toks[j - 2][0]) in PERSON_NOUNS:
        # "an official at the embassy", "officials in Washington": the people, placed
        k = j - 2
        while k > 0 and j - k < 6 and _may_extend(toks[k - 1][0]) and not _ends_sentence(toks[k - 1][0]):
            k -= 1
        j = k
    if j >= 2 and toks[j - 1][0] == "&" and _is_cap(toks[j - 2][0]):  # "Johnson & Johnson", "Procter & Gamble"
        s, e = toks[j - 2][1], toks[i][2]
        return Phrase(s, e, text[s:e])
    # a lower-case phrase must have a determiner or modifier or be plural ("sources", "analysts")
    return _phrase(text, toks[j : i + 1])


def _phrase_any_head(text: str, toks: list[tuple[str, int, int]]) -> Phrase | None:
    toks = _trim_left(toks)
    if not toks:
        return None
    s, e = toks[0][1], toks[-1][2]
    return Phrase(s, e, text[s:e])


def subject_before(text: str, lo: int, cue_start: int) -> Phrase | None:
    """The speaker left of a verb: "Hegseth said", "Hegseth, who ..., said", "One official has said"."""
    toks = _tokens(text, max(lo, cue_start - _WINDOW), cue_start)
    i = len(toks) - 1
    for _ in range(2):
        while i >= 0 and (toks[i][0].lower() in BETWEEN_SUBJECT_AND_VERB or _adverb(toks[i][0])):
            if toks[i][0].lower() in {"who", "which", "that"}:
                break
            i -= 1
        i = _skip_time_left(toks, i)
    if i < 0:
        return None
    met = _met_by_pronoun(toks, i)
    if met >= 0:  # "the experts I interviewed said": who was interviewed said it
        return phrase_ending_at(text, toks, met)
    tok = toks[i][0]
    if tok.lower() == "to":
        return None  # "led her to declare": an infinitive; who speaks is not before it
    if tok.lower() in {"and", "but"}:  # "Sanders, who endorsed her and said ...": the clause's subject
        return first_subject(text, max(lo, cue_start - _WINDOW), cue_start)
    if tok.lower() in {"who", "which", "that"} and i > 0 and toks[i - 1][0] == ",":
        return _before_comma(text, toks, i - 1)
    if tok == "," or tok == "”" and any(t[0].startswith("0") for t in toks[max(0, i - 3) : i]):
        # "Jane Doe, a doctor, said"; "Doe, who calls it a “farce,” said" (the comma inside the quote)
        return _appositive_subject(text, toks, i)
    if tok == ")":  # "Sen. Jane Doe (D-Ohio) said"
        k = i
        while k > 0 and toks[k][0] != "(" and i - k < 8:
            k -= 1
        if toks[k][0] == "(":
            return phrase_ending_at(text, toks, k - 1)
        return None
    if tok in _DASHES:  # "The justice -- who has been in a scuffle with him -- said"
        k = i - 1
        while k > 0 and toks[k][0] != tok and i - k < 30:
            k -= 1
        if k > 0 and toks[k][0] == tok and (
            toks[k + 1][0].lower() in {"who", "whose", "which"} | DETERMINERS
            or toks[k + 1][0][:1].islower() and _is_cap(toks[k - 1][0])  # "Kall -- co-editor of … -- said"
        ):
            found = phrase_ending_at(text, toks, k - 1)
            if found is not None and toks[k + 1][0][:1].islower() and toks[k + 1][0].lower() not in _DETERMINERS_OR_RELATIVE:
                # a bare description follows only a name that opens its clause
                opens = not text[lo : found.start].strip(" “\"") or text[lo : found.start].rstrip().endswith(",")
                return found if opens else None
            return found or loose_subject_before(text, lo, toks[k][1])
        return None
    found = phrase_ending_at(text, toks, i)
    if found is None or found.text.lower() in PRONOUNS:
        return found
    # "Even Republicans who have praised his candidacy warned": the object of the relative clause
    # is not the subject; the noun before "who" is (never across a comma or a quotation)
    first = i
    while first > 0 and toks[first][1] > found.start:
        first -= 1
    who = first - 1
    while who > 0 and first - who < 8 and toks[who][0] not in _CLAUSE_STOPS and not toks[who][0].startswith("0"):
        who -= 1
    if who > 0 and toks[who][0] == "who" and who + 1 < first:
        before = phrase_ending_at(text, toks, who - 1) or loose_subject_before(text, lo, toks[who][1])
        if before is not None:
            return before
    return found


_MET = frozenset("met saw interviewed consulted contacted surveyed polled asked reached know knew".split())
_SPOKE = frozenset("spoke talked spoken talk".split())
_REPORTER_PRONOUNS = frozenset("i we he she they you".split())


def _met_by_pronoun(toks: list[tuple[str, int, int]], i: int) -> int:
    """"the voters I spoke to [said]", "experts we consulted [said]": a relative clause without
    "who(m)" whose subject is a pronoun. The token that ends the noun before it, or -1."""
    verb = i
    if i >= 1 and toks[i][0].lower() in {"to", "with"} and toks[i - 1][0].lower() in _SPOKE:
        verb = i - 1
    elif toks[i][0].lower() not in _MET:
        return -1
    if verb < 2 or toks[verb - 1][0].lower() not in _REPORTER_PRONOUNS:
        return -1
    noun = toks[verb - 2][0]
    return verb - 2 if noun.isalpha() and noun.islower() and _is_head(noun) else -1


def _before_comma(text: str, toks: list[tuple[str, int, int]], comma: int) -> Phrase | None:
    return phrase_ending_at(text, toks, comma - 1)


def _appositive_subject(text: str, toks: list[tuple[str, int, int]], last_comma: int) -> Phrase | None:
    """"Nicole Doe, a scholar at X, said": the name before the appositive, with it as description."""
    seen = 0
    k = last_comma - 1
    placed = None  # "Michael Brown of Washington, D.C., explained": the phrase before a place's state
    while k > 0 and last_comma - k < 40:
        if toks[k][0] in {";", ":"}:
            return None
        if toks[k][0] == "," and k + 2 <= last_comma and _PLACE_ABBREVIATION.match(toks[k + 1][0]) \
                and toks[k + 2][0] == ",":
            # "in Wilmington, N.C.,": the comma inside a place; the phrase that ends at the place is
            # the speaker if no appositive comes before it
            if placed is None and k + 2 == last_comma:
                placed = phrase_ending_at(text, toks, k - 1)
            k -= 1
            continue
        if toks[k][0] == ",":
            seen += 1
            before = k - 1
            if toks[before][0] == ")":  # "Rep. Jane Doe (D-Ohio), a member, said"
                b = before
                while b > 0 and toks[b][0] != "(" and before - b < 8:
                    b -= 1
                before = b - 1 if toks[b][0] == "(" else before
            phrase = phrase_ending_at(text, toks, before)
            nxt = toks[k + 1][0] if k + 1 < last_comma else ""
            if phrase is None and nxt and _is_cap(nxt):
                # "The fire chief, Tom Ellis,", "The secretary of state, Ann Lee,": a role that ends
                # in a word no speaker phrase ends in, then the person's name
                role = _role_opening(text, toks, before)
                named = _name_after_role(text, toks, role, k + 1, last_comma) if role is not None else None
                if named is not None:
                    return named
            if phrase is not None and _bare(toks[before][0]) in PARTITIVE_PRONOUNS and nxt and _is_cap(nxt):
                # "One of them, UnitedHealth Group, has said": the name says which one
                name = toks[k + 1 : last_comma]
                if 1 <= len(name) <= 6 and all(_is_cap(t) for t, _, _ in name):
                    # the phrase spans both, so what precedes it is all the statement has (as in
                    # _name_after_role); no description: "one of them" is no title
                    s, e = name[0][1], name[-1][2]
                    return Phrase(phrase.start, e, text[s:e], description="")
            if phrase is not None and nxt and _starts_appositive(nxt) and phrase.text.lower() not in PRONOUNS \
                    and not _after_place_preposition(toks, phrase.start):
                named = _name_after_role(text, toks, phrase, k + 1, last_comma)
                if named is not None:
                    return named
                phrase.description = text[toks[k + 1][1] : toks[last_comma - 1][2]].rstrip(",")
                return phrase
            if seen >= 3:
                return placed
        k -= 1
    return placed


_MESSAGES = BODY_NOUNS | frozenset("email e-mail message note call tweet text".split())


def _after_place_preposition(toks: list[tuple[str, int, int]], start: int) -> bool:
    """"… facing a challenge in Iowa, a swing state, said": the phrase starting at ``start`` is
    where something happened, not who spoke."""
    k = next((k for k, t in enumerate(toks) if t[1] == start), 0)
    before = toks[k - 1][0].lower() if k > 0 else ""
    # "a pollster with Priorities USA": where the speaker works; "a salesman from Sumter" is a
    # place, but "an email from Neera Tanden" a source
    if before == "from":
        return k > 1 and _bare(toks[k - 2][0]) not in _MESSAGES
    return before in _PLACE_PREPOSITIONS


def _name_after_role(
    text: str, toks: list[tuple[str, int, int]], role: Phrase, first: int, last_comma: int
) -> Phrase | None:
    """"The mayor, Anne Hidalgo, said": a role then the person's name as its appositive. The name
    is the speaker and the role describes it (the other order, "Anne Hidalgo, the mayor, said",
    is the usual appositive)."""
    head = role.text.split()
    start = role.start
    at = next(  # the role's first token
        (k for k in range(first - 1, -1, -1) if toks[k][1] == role.start), -1)
    if not _determines(head[0]) and not any(w.endswith(("’s", "'s")) for w in head[:-1]):  # "Donald Trump's lawyer"
        # "Her deputy", "Japan's finance minister": the phrase left its opener (and modifiers) out
        k = at - 1
        while k >= 0 and first - k < 6 and toks[k][0].isalpha() and toks[k][0].islower() and not _determines(toks[k][0]):
            k -= 1
        if k < 0 or not _determines(toks[k][0]):
            return None  # "Smith, Jones, said": not a role of a person
        start, at = toks[k][1], k
    if at >= 3 and toks[at - 1][0].lower() in ROLE_PREPOSITIONS and _bare(toks[at - 2][0]) in PERSON_OR_TITLE \
            and _determines(toks[at - 3][0]):
        # "The head of the (fire) department, Maria Gonzalez": the phrase stopped at "of"; the role
        # is all of it
        start = toks[at - 3][1]
    head = text[start : role.end].split()
    # "the mayor of Kyiv", "a spokeswoman for the Kremlin": the role is the person before the place
    cut = next((i for i in range(1, len(head)) if head[i] in ROLE_PREPOSITIONS and _bare(head[i - 1]) in PERSON_OR_TITLE), 0)
    last = head[cut - 1] if cut else head[-1]
    if _is_cap(last) and last.lower() not in TITLE_WORDS:
        return None  # "the Kremlin, ...": a body, not a role ("The Prime Minister, Keir Starmer," is one)
    name = toks[first:last_comma]
    of = next((n for n, (t, _, _) in enumerate(name) if t == "of"), -1)
    if of >= 2:
        name = name[:of]  # "A delegate, Jane Doe of Washington, D.C.,": the person, not the place
    if not 2 <= len(name) <= 4 or not all(_is_cap(t) and t.isalpha() for t, _, _ in name):
        return None
    role_text = text[start : role.end]
    opener = role_text.split()[0]
    if opener.lower() in _DETERMINED:  # "The mayor" opening a sentence: "the mayor" (not "kyiv's mayor")
        role_text = opener.lower() + role_text[len(opener) :]
    described = role_text
    # the phrase spans both, so what precedes it (a quotation) is all the statement has
    return Phrase(start, name[-1][2], text[name[0][1] : name[-1][2]], description=described)


def _role_opening(text: str, toks: list[tuple[str, int, int]], i: int) -> Phrase | None:
    """The role phrase ending at ``toks[i]`` that opens its sentence with a determiner and names a
    person's role before any preposition: "The fire chief", "The chief of the fire brigade"."""
    k = i
    while k >= 0 and i - k < 9 and toks[k][0].isalpha() and toks[k][0].islower():
        k -= 1
    if k < 0 or k == i or not _determines(toks[k][0]) or (k > 0 and not _ends_sentence(toks[k - 1][0])):
        return None
    words = [_bare(t) for t, _, _ in toks[k + 1 : i + 1]]
    upto = next((n for n, w in enumerate(words) if w in ROLE_PREPOSITIONS), len(words))
    if not any(w in PERSON_OR_TITLE and w not in TITLE_FUNCTION_WORDS for w in words[:upto]):
        return None
    return Phrase(toks[k][1], toks[i][2], text[toks[k][1] : toks[i][2]])


def _determines(word: str) -> bool:
    """"the", "her", "Kyiv's": a word that opens a role ("the mayor", "Kyiv's mayor")."""
    return word.lower() in _DETERMINED or word.endswith(("’s", "'s")) and len(word) > 2


@_word_test
def _starts_appositive(tok: str) -> bool:
    low = tok.lower()
    if tok[:1] in "“”\"0(":
        return False  # a quotation follows the name, not a description
    return low in {"who", "whose", "a", "an", "the", "one", "which", "himself", "herself", "now", "then"} or (
        not _is_cap(tok) and low not in {"and", "but", "or", "so", "he", "she", "they", "it", "we", "i"}
    ) or _is_cap(tok)


_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today".split())
_DASHES = frozenset({"--", "—", "–"})
# perf: sets made once, not at every test
_PRONOUNS_OR_THAT = frozenset(PRONOUNS | {"that"})
_NOT_NAMES_NOR_DETERMINERS = frozenset(NOT_NAMES - DETERMINERS - {"the"})
_BETWEEN_NOT_RELATIVE = frozenset(BETWEEN_SUBJECT_AND_VERB - {"who", "which", "that"})
_DETERMINERS_OR_RELATIVE = frozenset(DETERMINERS | {"who", "whose", "which"})
_CLAUSE_STOPS = frozenset({"who", ",", ";", ":", "“", "”", "(", ")"})
_TIME_PHRASES = frozenset({"in the past", "at the time", "at that time", "over the weekend", "at one point"})
_TIME_PHRASE_ENDS = frozenset("past time weekend point days weeks months years".split())
_OBJECT_PRONOUNS = frozenset("him her them us me".split())
_PARTS_OF_DAY = frozenset("morning afternoon evening night".split())


@_word_test
def _ends_sentence(tok: str) -> bool:
    """"Benghazi." ends a sentence; "Mr.", "U.S." and initials do not."""
    if not tok.endswith("."):
        return False
    core = tok.rstrip(".")
    return len(core) > 3 and "." not in core and core.lower() not in {"gov", "sen", "rep", "sgt", "capt", "prof", "gen"}


def _skip_time_left(toks: list[tuple[str, int, int]], i: int) -> int:
    """Step over "on Tuesday" / "last week" / "Friday" / "on Thursday evening" between a speaker and
    the verb."""
    if i < 0:
        return i
    low = toks[i][0].lower()
    if i >= 1 and low in _PARTS_OF_DAY and toks[i - 1][0].lower() in _DAYS:
        i -= 1
        low = toks[i][0].lower()
    if low in _DAYS:
        i -= 1
        if i >= 0 and toks[i][0].lower() in {"on", "late", "early", "last"}:
            i -= 1
    elif i >= 1 and low in {"week", "month", "year", "weekend"} and toks[i - 1][0].lower() in {"this", "last"}:
        i -= 2
    elif i >= 2 and low in _TIME_PHRASE_ENDS:
        # "have in the past said", "at the time said", "in recent weeks said", "over the weekend said"
        three = " ".join(t[0].lower() for t in toks[i - 2 : i + 1])
        if three in _TIME_PHRASES or three.startswith("in recent "):
            i -= 3
    return i


@_word_test
def _adverb(tok: str) -> bool:
    return tok.islower() and len(tok) > 4 and tok.endswith("ly") and tok not in {"only", "early", "family", "ally"}


def subject_after(text: str, cue_end: int, hi: int, any_noun: bool = False) -> Phrase | None:
    """The speaker right of a verb in inverted order: "said Mr. Putin", "said one official". With
    ``any_noun`` (after "said", where the object cannot be), also a noun the lexicon does not know:
    "said one driver"."""
    toks = _tokens(text, cue_end, min(hi, cue_end + _WINDOW))
    if not toks:
        return None
    if toks[0][0].lower() in PRONOUNS:
        t = toks[0]
        return Phrase(t[1], t[2], t[0])
    j = 0
    while j < len(toks) and j < 10 and (_may_extend(toks[j][0]) or _is_head(toks[j][0])):
        if toks[j][0].lower() in PRONOUNS or toks[j][0].lower() in _RELATIVE:
            break  # "said a diplomat who requested anonymity": the clause is not the name
        j += 1
    while j > 0 and not _is_head(toks[j - 1][0]):
        j -= 1  # end on a head ("said the spokesman of" -> "the spokesman")
    j = _title_then_name_from(toks, j, at_end=True)  # "said Republican consultant Chris Russell."
    phrase: Phrase | None = None
    if j == 0:
        j = _lower_title_then_name(toks)
        if j == 0:
            j = _determined_noun(toks) if any_noun else 0
            if j == 0:
                return None
            end = toks[j - 1][2] - (1 if toks[j - 1][0].endswith(".") else 0)
            phrase = Phrase(toks[0][1], end, text[toks[0][1] : end])  # "one driver": no lexicon head
    phrase = phrase or _phrase(text, toks[:j])
    if phrase is None:
        return None
    # "said Hugh Hill, a doctor," -> description
    if j + 1 < len(toks) and toks[j][0] == "," and _starts_appositive(toks[j + 1][0]):
        k = j + 1
        while k < len(toks) and toks[k][0] not in {",", ".", ";"} and k - j < 25:
            k += 1
        end_tok = toks[k - 1]
        phrase.description = text[toks[j + 1][1] : end_tok[2]].rstrip(".")
        phrase.desc_end = end_tok[2] - (1 if end_tok[0].endswith(".") else 0)
        named = toks[j + 1 : k]
        words = phrase.text.split()
        if (_determines(words[0]) and not any(_is_cap(w) for w in words[1:]) and 2 <= len(named) <= 4
                and all(_is_cap(t) and t.rstrip(".").isalpha() for t, _, _ in named)):
            # "said a ministry spokeswoman, Olena Petrenko": the name is the speaker, the role describes it
            role = words[0].lower() + phrase.text[len(words[0]) :] if words[0].lower() in _DETERMINED else phrase.text
            return Phrase(named[0][1], phrase.desc_end, text[named[0][1] : phrase.desc_end], description=role,
                          desc_end=phrase.desc_end)
    return phrase


_RELATIVE = frozenset("who whom whose which".split())
_SHOWS = frozenset("programme program show newspaper paper podcast channel station magazine website".split())
_QUANTIFIERS = frozenset("a an one the another".split())
_CLAUSE_END = frozenset({",", ";", ":", "—", "–", ")"})


def _determined_noun(toks: list[tuple[str, int, int]]) -> int:
    """"said one driver, …", "said a local driver who …": a determiner and a lower-case noun (with
    at most one word before it) that the lexicon does not know, where the clause ends. Tokens, or 0."""
    if len(toks) < 2 or toks[0][0].lower() not in _QUANTIFIERS:
        return 0
    for n in (2, 3):
        words = [t[0] for t in toks[1:n]]
        if len(words) < n - 1 or not all(w.rstrip(".").isalpha() and w.islower() for w in words):
            return 0
        if words[-1].endswith(".") or n == len(toks) or toks[n][0] in _CLAUSE_END or toks[n][0].lower() in _RELATIVE:
            return n
        if words[-1].endswith(","):
            return 0
    return 0


_LOWER_TITLE_MAX = 3
# what may follow the name: the end of a clause, or where and when it was said ("at a briefing")
_AFTER_NAME = frozenset({",", ";", ":", "(", "—", "–", "”", "\"", "at", "in", "on", "during", "after", "before", "while", "when", "who", "of"})


def _lower_title_then_name(toks: list[tuple[str, int, int]]) -> int:
    """"said harbour master Olga Brandt", "said fire chief Dan Cole": a lower-case title the lexicon
    does not know, then a full name. How many tokens the phrase takes, or 0.

    Only plain lower-case words (no function words, times or adverbs) may form the title, at least two
    name-like capitalised words must follow it, and the sentence or clause must end there: "said
    goodbye Monday" and "according to tax records Tom Lane filed" stay as they were.
    """
    k = 0
    while k < len(toks) and k < _LOWER_TITLE_MAX and _plain_lower_word(toks[k][0]):
        k += 1
    if k == 0:
        return 0
    n = k
    while n < len(toks) and n - k < 4 and _is_cap(toks[n][0]) and _may_extend(toks[n][0]):
        if _bare(toks[n][0]) in NOT_NAMES:
            return 0
        n += 1
        if _ends_sentence(toks[n - 1][0]):
            break
    if n - k < 2 or not _is_head(toks[n - 1][0]):
        return 0
    if n < len(toks) and not _ends_sentence(toks[n - 1][0]) and toks[n][0].lower() not in _AFTER_NAME:
        return 0  # "according to tax records Tom Lane filed": the name is a clause's subject
    return n


@_word_test
def _plain_lower_word(tok: str) -> bool:
    """A lower-case word of letters (hyphens allowed) that is no function word, time or adverb."""
    return (
        tok.replace("-", "").isalpha() and tok.islower()
        and tok not in _NOT_IN_SUBJECT and tok not in _SUBJECT_END_STOP and tok not in NOT_NAMES and not _adverb(tok)
    )


def audience_after(text: str, pos: int, hi: int) -> int:
    """Skip the listener after "told"/"asked": "told The Washington Post", "told reporters", "told him"."""
    toks = _tokens(text, pos, min(hi, pos + 120))
    if not toks:
        return pos
    first = toks[0][0].lower()
    if first in _OBJECT_PRONOUNS:
        if first == "her" and len(toks) > 2 and toks[1][0].isalpha() and toks[1][0].islower() \
                and not toks[1][0].endswith("ly") and toks[1][0] not in NOT_NAMES and toks[2][0].lower() in _PRONOUNS_OR_THAT:
            return toks[1][2]  # "told her husband she …": "her" is whose, the listener is her husband
        return toks[0][2]
    if first.endswith(".") and first[:-1] in _OBJECT_PRONOUNS:  # "he told me." — the period ends the sentence
        return toks[0][2] - 1
    j = 0
    while j < len(toks) and j < 8 and (_may_extend(toks[j][0]) or _is_head(toks[j][0])):
        if toks[j][0].lower().rstrip(".") in _NOT_NAMES_NOR_DETERMINERS:
            break
        j += 1
    while j > 0 and not _is_head(toks[j - 1][0]):
        j -= 1  # "told a cheering crowd": not a listener we can name
    if j and toks[j - 1][0].endswith(("’s", "'s")):
        # a possessive listener goes on: "told the paper's editors that", "told the BBC's Today programme"
        k = j
        while k < len(toks) and k - j < 5 and toks[k][0].isalpha() and toks[k][0].lower() != "that":
            k += 1
        if k > j and k < len(toks) and toks[k][0].lower() == "that":
            j = k
        else:
            k = j
            while k < len(toks) and k - j < 3 and _is_cap(toks[k][0]):
                k += 1
            if k < len(toks) and toks[k][0].lower().rstrip(".,") in _SHOWS:
                k += 1
            if k > j and not toks[k - 1][0].endswith(("’s", "'s")):
                j = k
    if j and toks[j - 1][0].endswith(".") and len(toks[j - 1][0]) > 3:
        return toks[j - 1][2] - 1  # "told the Post." — the period ends the sentence
    return toks[j - 1][2] if j else pos


# "CHICAGO — ", "DENVER (AP) — ", "KYIV, Ukraine — ": a wire story's dateline opens its first sentence
# ("CAIRO, March 3 (Reuters) - ", "KYIV, Ukraine, Jan. 5 — ": a region and a date may follow the place)
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.’'-]+(?:[ \t]+[A-Z][A-Z.’'-]+)*(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[\w.]+){0,2}){0,2}"
    r"(?:[ \t]*\([^)\n]{1,30}\))?"
    # "Washington (AFP) –": a place in title case, then the agency in brackets
    r"|[A-Z][\w.’'-]+(?:[ \t]+[A-Z][\w.’'-]+){0,2}(?:,[ \t]+[A-Z][\w.]*){0,2}[ \t]*\([A-Z][A-Za-z]{1,10}\))"
    r"[ \t]+[—–-]{1,2}[ \t]+"
)
# "N.C.", "D.C.": the abbreviation of a state or district after its city ("Wilmington, N.C.,")
_PLACE_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}$")


def _rest_of_opener(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """What follows an opener's comma, past the opener's own tail: the state of its city ("At a
    rally in Portsmouth, N.H.,") and a time ("on Tuesday,")."""
    for _ in range(2):
        if len(toks) > 1 and _PLACE_ABBREVIATION.match(toks[0][0]) and toks[1][0] == ",":
            toks = toks[2:]
            continue
        comma = next((k for k in range(min(4, len(toks))) if toks[k][0] == ","), -1)
        if comma > 0 and all(t.lower() in NOT_NAMES or t.lower() in _DAYS for t, _, _ in toks[:comma]):
            toks = toks[comma + 1 :]
            continue
        break
    return toks


def past_dateline(text: str, start: int, end: int) -> int:
    """Where the sentence ``text[start:end]`` begins its own words: after a wire dateline."""
    if start >= end or not "A" <= text[start] <= "Z" or all(text.find(dash, start, end) == -1 for dash in "—–-"):
        return start  # perf: a dateline opens with a capital and ends with a dash; most sentences have neither
    dateline = _DATELINE.match(text, start, end)
    return start if dateline is None else dateline.end()


def first_subject(text: str, start: int, end: int) -> Phrase | None:
    """The first speaker-like phrase of a sentence (the subject of its main verb)."""
    start = past_dateline(text, start, end)
    toks = _tokens(text, start, min(end, start + _WINDOW))
    for k in range(min(12, len(toks) - 1)):
        if toks[k][0] == ",":  # "Meanwhile, Russian diplomats", "Last month, FBI Director James Comey"
            opener = toks[0][0].lower() in NOT_NAMES and toks[0][0].lower() not in PRONOUNS or (  # "In an interview with CNN,"
                opening_participle(toks[0][0], toks[1][0]))  # "Making the rounds on Sunday,"
            if (k < 5 or opener) and (opener or all(t[0].lower() in NOT_NAMES or t[0].islower() or t[0].lower() in _DAYS for t in toks[:k])):
                toks = _rest_of_opener(toks[k + 1 :])
            break
    j = 0
    while j < len(toks) and j < 10 and (_may_extend(toks[j][0]) or _is_head(toks[j][0])):
        if toks[j][0].lower() in PRONOUNS:
            return Phrase(toks[j][1], toks[j][2], toks[j][0]) if j == 0 else _phrase(text, toks[:j])
        j += 1
    j = _title_then_name_from(toks, j)
    while j > 0 and not _is_head(toks[j - 1][0]):
        j -= 1
    return _phrase(text, toks[:j]) if j else None




def _title_before_name(toks: list[tuple[str, int, int]], j: int, i: int) -> int:
    """"Harbour master Olga Brandt warned": the name ``toks[j..i]`` (two words or more) has a
    lower-case role word before it and, before that, one to three capitalised words that open the
    sentence; the phrase then starts there. Otherwise ``j`` unchanged."""
    if i - j < 1 or j < 2 or not all(_is_cap(t[0]) for t in toks[j : i + 1]):
        return j
    role = toks[j - 1][0]
    if not (_plain_lower_word(role) and ROLE_WORD.match(role)):
        return j
    m = j - 1
    while m > 0 and j - 1 - m < 3 and _is_cap(toks[m - 1][0]) and _bare(toks[m - 1][0]) not in NOT_NAMES:
        m -= 1
    if m == j - 1:
        return j
    opens = m == 0 or _ends_sentence(toks[m - 1][0]) or toks[m - 1][0] in {"“", "\"", ":", ";", "—", "–"}
    return m if opens else j


def _title_then_name_from(toks: list[tuple[str, int, int]], j: int, at_end: bool = False) -> int:
    """"City engineer Mei Tanaka disagreed": a capitalised start (1–3 words) stopped at a
    lower-case role word the lexicon does not know; when a full name follows it and then a verb or
    a comma, the phrase runs to the name's end. Otherwise ``j`` unchanged.

    The role word must look like one ("-er", "-or", "-ist", "-man" ...), so that a verb between
    two names ("Democrats want Senator Jones to ...") does not join them."""
    if not 0 < j <= 3 or not all(_is_cap(t[0]) and _bare(t[0]) not in NOT_NAMES for t in toks[:j]):
        return j
    k = j
    while k < len(toks) and k - j < 3 and _plain_lower_word(toks[k][0]) and (
            ROLE_WORD.match(toks[k][0]) or toks[k][0] in MODIFIERS):  # "political consultant"
        k += 1
    if k == j or not ROLE_WORD.match(toks[k - 1][0]):
        return j
    n = k
    while n < len(toks) and n - k < 4 and _is_cap(toks[n][0]) and _may_extend(toks[n][0]) and _bare(toks[n][0]) not in NOT_NAMES:
        n += 1
    if n - k < 2 or not _is_head(toks[n - 1][0]):
        return j
    if n >= len(toks):  # the name ends the window: a name after the verb may end the sentence
        return n if at_end else j
    after = toks[n][0]
    if after == "," or (after.isalpha() and after.islower() and after not in _SUBJECT_END_STOP):
        return n
    return j


# Words that show a stretch of text is a clause, not a noun phrase: finite verbs, subordinators.
_NOT_IN_SUBJECT = frozenset(
    """
    is are was were be been am has have had do does did will would can could should may might must
    shall not that which what whether if when because while although though since than who whom whose
    how why where there it i you he she we they me him her us them said says say told tells tell
    asked added wrote according so then here now yet
    """.split()
)
CLAUSE_OPENERS = frozenset("after before until unless".split())
_SUBJECT_END_STOP = frozenset("to of the a an and or in on at for by with from as its his their our my your".split())
_POSTMODIFIER = re.compile(r"\s+(?:[a-z]+ing\b|who\b|which\b|that\b)")
_QUANTITY = re.compile(r"^(?:\d[\d.,]*%?|percent|half|third|thirds|quarter|fifth|fifths|majority|majorities|plurality|respondents)$", re.I)
_LOOSE_MAX = 14


def loose_subject_before(text: str, lo: int, cue_start: int) -> Phrase | None:
    """The whole noun phrase before a verb when the head-noun rules find none: "Two in three said",
    "About 9 percent said", "Republican activists clamoring to block the nominee say", "“…,” the
    Senate minority leader said". The phrase runs back to the sentence start, a comma, a quotation or
    a coordinating "and"/"but"; any finite verb or subordinator inside means it is a clause: no speaker.
    """
    toks = _tokens(text, max(lo, cue_start - _WINDOW), cue_start)
    i = len(toks) - 1
    while i >= 0 and (toks[i][0].lower() in _BETWEEN_NOT_RELATIVE or _adverb(toks[i][0])):
        i -= 1
    i = _skip_time_left(toks, i)
    if i > 0 and toks[i][0] == ",":
        i -= 1  # "One hopeful, Jane Doe, says": the name in the appositive
    end = i
    if end < 0 or toks[end][0].lower() in _SUBJECT_END_STOP or not toks[end][0][:1].isalnum() or toks[end][0].startswith("0"):
        return None
    k = end
    start = None
    fallback = None
    boundary_ok = False
    while k >= 0 and end - k < _LOOSE_MAX:
        tok = toks[k][0]
        low = tok.lower()
        if tok in {",", ";", "“", "”", ":", "—", "–", "(", ")"} or tok.startswith("0"):
            boundary_ok = tok in {",", "”", ";", ":", "—", "–"}
            break
        if low in {"and", "but", "or"}:
            # "One in three said X and one in four said Y": the conjunction starts the subject —
            # unless the phrase before it is a subject too ("Politicians and some experts say")
            fallback = k + 1
            if k > 0 and (low == "but" or not (_is_cap(toks[k - 1][0]) or toks[k - 1][0].endswith("s"))):
                start, boundary_ok = k + 1, True
                break
            k -= 1
            continue
        if low in CLAUSE_OPENERS and k < end:
            # "… on Sunday after the front-runner had said": the clause has a subject of its own, a
            # short one (a longer run has a verb in it: "unless Sanders finishes on a strong run")
            if end - k > 4:
                return None
            start, boundary_ok = k + 1, True
            break
        if k > 0 and (low in _OBJECT_PRONOUNS and k == end and toks[k - 1][0].lower() in {"to", "with", "for"}
                      or low == "her" and k < end and toks[k - 1][0].lower() in {"of", "to", "with", "for"}):
            # "a source close to him", "A majority of her backers", "sources close to her campaign"
            start = k
            k -= 1
            continue
        if low.rstrip(".") in _NOT_IN_SUBJECT or _ends_sentence(tok) and k < end:
            if fallback is not None:
                start, boundary_ok = fallback, True
                break
            return None
        start = k
        k -= 1
    else:
        if k >= 0:
            return None  # too long to be a subject
        boundary_ok = True  # the sentence start
    if k < 0:
        boundary_ok = True
    if start is None or not boundary_ok or start > end:
        return None
    first = toks[start][0]
    last = _bare(toks[end][0])
    plural_head = end > start and (last.endswith("s") or last in PERSON_NOUNS)
    if not (first[:1].isupper() or first[:1].isdigit() or first.lower() in DETERMINERS or first.lower() in MODIFIERS or plural_head):
        return None
    if len(toks[start:end + 1]) == 1 and not (_is_cap(first) or _QUANTITY.match(first)):
        return None
    s, e = toks[start][1], toks[end][2]
    cut = _POSTMODIFIER.search(text, s, e)
    if cut and cut.start() > s and (cut.end() < e or not cut.group().strip().endswith("ing")):
        e = cut.start()  # "activists clamoring to block it" (but "Another ranking" ends in its noun)
    return Phrase(s, e, text[s:e])


_SOURCE_STOP = frozenset({",", ";", ":", "“", "”", "—", "–", "(", ")"})
_DESCRIPTION_MAX = 200  # characters: a description is a few words (and the regex stays linear)
_DESCRIPTION_TO_THE_END = re.compile(r"\s*((?:a|an)\s[^,;:“”—–()]*?)\s*[.;:]?\s*$")


def source_after(text: str, pos: int, hi: int) -> Phrase | None:
    """Whatever noun phrase follows "according to" ("a new nationwide poll", "the results of the
    latest survey released Wednesday"), up to a comma, a quotation or the end of the sentence."""
    toks = _tokens(text, pos, min(hi, pos + _WINDOW))
    j = 0
    while j < len(toks) and j < 18:
        if toks[j][0] == "“" and 0 < j <= 2:
            # "the “Medicare for all” document he released": a quoted title inside the phrase
            close = next((k for k in range(j + 1, min(len(toks), j + 10)) if toks[k][0] == "”"), -1)
            if close != -1:
                j = close + 1  # or a quoted name: "according to the “Daily Ledger.”"
                after = toks[j][0] if j < len(toks) else ""
                if after[:1].islower() and after.lower() not in DETERMINERS:
                    continue
                break
        if toks[j][0] in _SOURCE_STOP or toks[j][0].startswith("0"):
            break
        j += 1
        if _ends_sentence(toks[j - 1][0]):
            break
    if j == 0 or j >= 18 or toks[0][0].lower() in _NOT_IN_SUBJECT:
        return None
    if (j > 2 and toks[j - 2][0].lower() == "on" and toks[j - 1][0].rstrip(".").lower() in _DAYS
            and not toks[j - 3][0].endswith("ed")):
        j -= 2  # "according to a congressional report on Wednesday": when, not who ("released on …" stays)
    s, e = toks[0][1], toks[j - 1][2]
    if text[e - 1 : e] == "." and _ends_sentence(toks[j - 1][0]):
        e -= 1
    phrase = Phrase(s, e, text[s:e])
    if j < len(toks) and toks[j][0] == "," and hi - toks[j][2] <= _DESCRIPTION_MAX:
        # "according to an analysis by Jane Doe, an economist.": her description ends the sentence
        described = _DESCRIPTION_TO_THE_END.match(text, toks[j][2], hi)
        if described is not None:
            phrase.description, phrase.desc_end = described.group(1), described.end(1)
    return phrase
