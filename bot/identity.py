"""Who is who across articles: name keys and the rules for when two mentions are one speaker.

"Pete Hegseth", "Hegseth" and "Defense Secretary Pete Hegseth" are one person; "John Smith" and
"Jane Smith" are two; a surname alone joins the only full name that carries it, never a guess
between several: then it joins the one speaker stored under that surname alone, so a corpus holds
one ambiguous "Smith", not one per article. Unnamed sources and groups are never merged across articles: "one official" in
two stories is two people.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

from bot.models import ExtractedSpeaker

HONORIFICS = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady rev fr sen rep gov pres gen adm col capt lt sgt maj"
    " president secretary senator representative governor minister ambassador spokesman"
    " spokeswoman spokesperson chancellor king queen prince princess pope judge justice".split()
)
NAME_SUFFIXES = frozenset("jr sr ii iii iv".split())  # generations: "Jr.", "III"
_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
# "O'Neill", "D’Amato", "M'Bow": a particle glued on by an apostrophe is part of the surname, not a
# given name (so "O'Neill" is the "James O'Neill" of the article before)
_GLUED_PARTICLE = re.compile(r"\b([A-Za-z]{1,2})['’](?=[A-Z])")

# Kinds whose label names a particular unnamed source in one article only.
ARTICLE_LOCAL_KINDS = frozenset({"anonymous", "group"})
# Words that open a description rather than a name: "the mayor", "one Republican senator".
_DESCRIBING = frozenset({"the", "a", "an", "one", "another"})
# Nouns that end the names of institutions, whose first word may also be a title ("Justice Department").
_INSTITUTIONS = frozenset(
    "department ministry court office committee council administration agency bureau service commission"
    " party government cabinet".split()
)


def is_article_local(speaker: ExtractedSpeaker) -> bool:
    """Whether this speaker means someone in its own article only: an unnamed source or group, or a
    description with no name in it ("the mayor", "the department"), which is a different mayor or
    department in each article that names none."""
    if speaker.kind in ARTICLE_LOCAL_KINDS:
        return True
    words = speaker.name.split()
    if len(words) < 2 or words[0].lower() not in _DESCRIBING:
        return False
    # a person is named by a description only when the article gives no name: "the Vermont
    # senator" or "one Republican senator" may be someone else in the next article
    return speaker.kind == "person" or all(w.islower() for w in words[1:])


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation to spaces: the form names are compared in."""
    if not text.isascii():  # most names are ASCII: skip the per-character Unicode work
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """``"the Kremlin"`` → ``"kremlin"``, ``"Mr. Putin"`` → ``"putin"``, ``"O’Neill"`` → ``"oneill"``."""
    words = fold(_LEADING_ARTICLE.sub("", _GLUED_PARTICLE.sub(r"\1", name.strip()))).split()
    while len(words) > 1 and words[0] in HONORIFICS and words[-1] not in _INSTITUTIONS:
        words = words[1:]  # "Justice Ginsburg" is "ginsburg"; "the Justice Department" stays whole
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class PersonName:
    given: tuple[str, ...]  # folded given names and initials, possibly empty
    surname: str

    @property
    def full(self) -> bool:
        return bool(self.given)


@lru_cache(maxsize=65536)  # perf: storing a quote parses every candidate's stored name
def person_name(name: str) -> PersonName | None:
    words = name_key(name).split()
    if not words:
        return None
    return PersonName(given=tuple(words[:-1]), surname=words[-1])


def names_compatible(a: PersonName, b: PersonName) -> bool:
    """Same surname, and given names that do not disagree ("P." fits "Pete", "Pete" not "John")."""
    if a.surname != b.surname:
        return False
    if not a.full or not b.full:
        return True
    first_a, first_b = a.given[0], b.given[0]
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return first_a == first_b


def titles_compatible(a: str | None, b: str | None) -> bool:
    """Titles disagree only when both are given and share no content word."""
    if not a or not b:
        return True
    words_a = set(fold(a).split()) - _TITLE_NOISE
    words_b = set(fold(b).split()) - _TITLE_NOISE
    return not words_a or not words_b or bool(words_a & words_b)


def office_fits_full_name(surname_title: str | None, full_name_title: str | None) -> bool:
    """Whether a surname said with an office ("President Obama") may be a full name known with
    ``full_name_title``: not when that person is known with no title at all, since a surname
    alone with an office is the one who holds it, and the untitled full name may be a relative
    ("Michelle Obama"). A bare "Mr." or "Mrs." names no office."""
    if full_name_title:
        return True
    return not surname_title or not set(fold(surname_title).split()) - COURTESY_TITLES


# Title words that name no office ("Mr.", "Dr.", "the").
COURTESY_TITLES = frozenset("mr mrs ms miss mister madam dr the".split())
_TITLE_NOISE = frozenset("the a an of for to and in on at former acting deputy u s us".split())


def aliases_of(speaker: ExtractedSpeaker) -> list[str]:
    """Every form under which this speaker may later be looked up."""
    forms = [speaker.name, *speaker.aliases]
    if speaker.kind == "person":
        parsed = person_name(speaker.name)
        if parsed and parsed.full:
            forms.append(parsed.surname.title())
        if speaker.title:
            forms.append(f"{speaker.title} {speaker.name}")
    seen: set[str] = set()
    unique: list[str] = []
    for form in forms:
        key = name_key(form)
        if key and key not in seen:
            seen.add(key)
            unique.append(form.strip())
    return unique
