"""The lexicon of reporting: verbs and phrases that introduce speech, and the small words around them.

Only general English vocabulary lives here; nothing names a person, outlet or article.
"""

from __future__ import annotations

import re

# Verbs of saying/publishing, as lemmas; inflections are generated below. Beliefs (think, believe),
# wishes (want, hope) and characterisations are left out: they are not statements.
_LEMMAS = (
    "add argue assert ask acknowledge admit allege announce answer boast caution charge claim comment"
    " complain concede conclude confirm contend counter declare deny disclose emphasize emphasise"
    " explain exclaim insist joke lament maintain mention note observe pledge post predict promise quip"
    " recall recount reiterate remark repeat reply report respond retort reveal shout state stress"
    " suggest testify tweet urge vow warn write yell whisper clarify threaten continue agree concur estimate"
    " blog wonder question"
).split()
_IRREGULAR = "say says said saying tell tells told telling write writes wrote written writing".split()


def _inflect(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":  # reply -> replies, replied
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("sh", "ch", "ss", "x")):
        forms.add(lemma + "es")
    if lemma in {"quip", "admit", "counter", "blog", "concur"}:  # doubled final consonant (quipped, admitted)
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


VERB_FORMS: frozenset[str] = frozenset(_IRREGULAR).union(*(_inflect(lemma) for lemma in _LEMMAS))
# Forms that are far more often something else ("state" the noun, "post" the newspaper, "note" the
# memo, "report" the document, "charge" the accusation): accepted only with clear context.
AMBIGUOUS = frozenset(
    "state states post posts note notes report reports charge charges claim claims answer answers"
    " counter comment comments promise promises pledge pledges vow vows tweet tweets joke jokes"
    " remark remarks caution question questions estimate estimates".split()
)
# Verbs whose object is the audience ("told reporters", "asked him", "urged voters").
AUDIENCE_VERBS = frozenset("tell tells told telling ask asks asked asking urge urges urged urging warn warns warned warning".split())
# Verbs whose content is a question or a request rather than an assertion; they need a quote or a
# "whether/if/why"-clause to count.
QUESTION_VERBS = frozenset("ask asks asked asking wonder wonders wondered wondering question questions questioned questioning".split())
# Verbs whose content may be an infinitive ("promised to", "urged voters to", "asked him to").
INFINITIVE_VERBS = frozenset(
    "promise promises promised promising vow vows vowed vowing pledge pledges pledged pledging threaten"
    " threatens threatened threatening urge urges urged urging ask asks asked asking tell tells told telling"
    " warn warns warned warning".split()
)

def _trie_pattern(words: frozenset[str]) -> str:
    """A regex alternation factored by common prefixes: "sa(?:id|ys?|ying)" is far faster to scan
    than a flat list of 300 words (Python's re tries each alternative at every position)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


# One regex finds every candidate cue in a (masked) sentence; "according to" and "point out" are phrases.
CUE_RE = re.compile(
    r"\b(?:according\s+to|point(?:s|ed|ing)?\s+out|" + _trie_pattern(VERB_FORMS) + r")\b",
    re.IGNORECASE,
)

_WORD_TOKEN = re.compile(r"\w+")
_GAP_WORD = re.compile(r"(\W*)(\w+)")
_POINT_FORMS = frozenset("point points pointed pointing".split())
_THEN_TO = re.compile(r"\s+to\b", re.IGNORECASE)
_THEN_OUT = re.compile(r"\s+out\b", re.IGNORECASE)
# perf: what cue_spans scans lower-cased text with; "according" and the forms of "point" are
# checked for the word after them there
# (the lookahead names the letters a cue can start with: re then skips other positions quickly)
_CUE_WORDS = VERB_FORMS | _POINT_FORMS | {"according"}
_LOWER_CUE = re.compile(
    "(?=[" + "".join(sorted({word[0] for word in _CUE_WORDS})) + r"])\b(?:" + _trie_pattern(_CUE_WORDS) + r")\b"
)


def cue_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    r"""``(start, end)`` of every ``CUE_RE`` match in ``text[start:end]``.

    Same matches as ``CUE_RE.finditer(text, start, end)``, found more cheaply: the text is
    lower-cased once and scanned by ``_LOWER_CUE``, a case-sensitive regex whose matches are whole
    words (every alternative is letters between ``\b``s); a third less time than going word by word
    over a bench article. Offsets carry over when lower-casing changes no length; when it does
    ("İ"), or the text holds a letter that case-insensitive matching folds onto "i" or "s" ("ı",
    "ſ"), the text goes word by word instead.
    """
    segment = text[start:end]
    lowered = segment.lower()
    if len(lowered) != len(segment) or "ı" in lowered or "ſ" in lowered:
        return _cue_spans_unicode(text, start, end)
    spans: list[tuple[int, int]] = []
    for m in _LOWER_CUE.finditer(lowered):
        a = start + m.start()
        b = start + m.end()
        if a == start and a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
            continue  # starts inside a word: no \b there
        low = m.group()
        if low in VERB_FORMS:
            spans.append((a, b))
        else:  # "according" or a form of "point": a cue only with the word after it
            tail = (_THEN_TO if low == "according" else _THEN_OUT).match(text, b, end)
            if tail:
                spans.append((a, tail.end()))
    return spans


def _last_word_end(text: str, start: int, end: int) -> int:
    r"""Where the last ``\w`` character of ``text[start:end]`` ends. perf: findall tries every
    position of a trailing run of non-word characters in turn, each failing only at the run's end:
    quadratic in its length ("a" then 20,000 dashes took 6 s), so the scans stop before it."""
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return end


def _cue_spans_unicode(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """As ``cue_spans`` for text that lower-casing would not map letter for letter: words are
    lower-cased one by one, offsets still come from the lengths of the original words."""
    spans: list[tuple[int, int]] = []
    pos = start
    for gap, word in _GAP_WORD.findall(text, start, _last_word_end(text, start, end)):
        a = pos + len(gap)
        b = pos = a + len(word)
        if a == start and a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
            continue
        low = word.lower()
        if low in VERB_FORMS:
            spans.append((a, b))
        elif low == "according" or low in _POINT_FORMS:
            tail = (_THEN_TO if low == "according" else _THEN_OUT).match(text, b, end)
            if tail:
                spans.append((a, tail.end()))
        elif not low.isascii() and CUE_RE.fullmatch(text, a, b):
            spans.append((a, b))
    return spans


# Words allowed between a speaker and the verb: auxiliaries and adverbs ("has also said").
BETWEEN_SUBJECT_AND_VERB = frozenset(
    """
    also has have had later then previously publicly repeatedly recently once again earlier first
    reportedly further would will did does do not never only simply flatly privately separately often
    frequently already even just bluntly quickly subsequently likewise similarly herself himself
    themselves itself has since still long is was were are been being who which that
    """.split()
)

# Time expressions that may stand between the verb and its content ("said Friday that").
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight"
TIME_RE = re.compile(
    r"(?:\s*,)?\s+(?:(?:on|late|early|last|this|earlier|later|on\s+the\s+same)\s+)?"
    r"(?:(?:" + DAYS + r")(?:\s+(?:morning|afternoon|evening|night))?"
    r"|(?:this|last|next)\s+(?:week|month|year|weekend)|earlier(?:\s+this\s+(?:week|month|year))?"
    r"|(?:this|yesterday|tomorrow)\s+(?:morning|afternoon|evening)|last\s+night|in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|in\s+\d{4}|(?:on\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?"
    r"|recently|again|repeatedly|previously|privately|publicly|afterward|afterwards|later|then|also)\b",
    re.IGNORECASE,
)

# Leading words of a content clause that add nothing ("said that ...").
THAT_RE = re.compile(r"\s*[,:]?\s*(?:that\b)?\s*", re.IGNORECASE)

# A participle cue after a comma continues the same speaker (", adding that ...").
PARTICIPLE_RE = re.compile(r",\s+(?:and\s+)?(?:also\s+)?(\w+ing)\b")

PRONOUNS = frozenset("he she they i we it you".split())
PLURAL_PRONOUNS = frozenset({"they", "we"})


def is_cue_word(word: str) -> bool:
    return word.lower() in VERB_FORMS
