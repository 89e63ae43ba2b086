"""Speech introduced by a reporting verb, in one (masked) sentence.

Shapes handled, content right of the verb:  "X said (Friday) (in a statement) (that) CLAUSE",
"X told NBC News (this week) that CLAUSE", "According to X, CLAUSE", ", adding that CLAUSE";
content left of it: "CLAUSE, X said.", "CLAUSE, said X.", "CLAUSE, according to X."
The clause may hold quotations (direct or partial); :mod:`.direct` decides which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import AMBIGUOUS, AUDIENCE_VERBS, INFINITIVE_VERBS, QUESTION_VERBS, THAT_RE, TIME_RE, cue_spans, is_cue_word
from .subjects import CLAUSE_OPENERS, Phrase, audience_after, first_subject, loose_subject_before, past_dateline, source_after, subject_after, subject_before
from .venues import audience_venue, venue_at

_PASSIVE = frozenset("is was were be been being are am".split())
_DETERMINER_BEFORE_NOUN = frozenset("a an the his her its their our my your this that these those whose".split())
_ANONYMITY = re.compile(r"\s+(?:not\s+to\s+be\s+(?:named|identified|quoted)|for\s+anonymity|anonymity|that\s+(?:his|her|their)\s+names?\s+not)", re.I)
_PREP_AFTER_THAT = re.compile(r"\s*(?:for|on|in|at|since|during|until|about|over|from|with|before|after)\b", re.I)
_NEGATED = frozenset("not never cannot".split())
_SAID = frozenset("say says said".split())  # "“…,” said one driver": nothing but the speaker can follow
_VERB_BEFORE_NOUN = frozenset("deny denies dismiss dismisses reject rejects confirm confirms repeat repeats rebut rebuts".split())
_PROGRESSIVE = frozenset("is are was were been be keeps kept keep kept started began continued".split())
_CUT = re.compile(
    r";|,\s+(?:according\s+to|(?:and\s+)?(?:also\s+)?(?:adding|noting|saying|arguing|explaining|insisting|warning|claiming|suggesting|stressing|telling|asking|writing)\b"
    # "…, and it warned that …": a new statement by a pronoun subject begins
    r"|(?:and|but)\s+(?:he|she|it|they|we)\s+(?:also\s+)?(?:said|says|added|adds|warned|warns|noted|notes|argued|argues|claimed|claims|insisted|insists|stressed|stresses|told|tells|explained|explains|cautioned|cautions|predicted|predicts|acknowledged|acknowledges|admitted|admits)\b)",
    re.I,
)
_QUESTION_START = re.compile(r"\s*(?:whether|if|why|how|what|when|where|who|which)\b", re.I)
# Verbs that report speech only with "that", a quotation or a colon ("responded to X" is not speech).
_NEEDS_THAT = frozenset(
    "maintain maintains maintained maintaining charged charging respond responds responded responding reply replies replied replying answer answered answering comment comments commented commenting post posted posting continue continues continued continuing counter countered agree agrees agreed agreeing concur concurs concurred estimate estimated estimates"
    " threaten threatens threatened repeat repeats repeated repeating".split()
)
# "according to a poll [released Friday by the institute]": the source goes on past its head noun
_LOOSE_SOURCE_AHEAD = re.compile(r"\s+(?!(?:that|and|but)\b)[a-z(]")
_INFINITIVE = re.compile(r"\s+(?:not\s+)?to\s+(?!(?:the|a|an|his|her|their|its|reporters|me|him|them|us)\b)[a-z]")
_QUOTE_THEN_SPEAKER = re.compile(r"”[\s,]*[^“”.;:,]{1,40}$")  # "“…,” he continued"
_SUBORDINATE_START = re.compile(r"[“\"]?(?:When|After|Before|While|If|Since|Because|Although|Though|Once|Until|Unless|Whenever|As\s+soon\s+as)\b")
_INDEFINITE_START = re.compile(r"(?:a|an)\s")
_APPOSITIVE_START = re.compile(r"(?:a|an|the|who|whose|which|one|now|then|[a-z]+)\b")
_FINITE = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do)\b")
_YES_NO = re.compile(r"(?:yes|no)\b", re.I)
_PARTICIPLE_LINK = frozenset("and while by after before also then".split())
_OBJECT_LINK = frozenset("to of from by for with against on in about over".split())
_POSTMODIFIED = re.compile(r"\b(?:[a-z]{3,}ing|to|of|who|from|with)\b")
_THAT_OR_COLON = re.compile(r"\s*(?:that\b|:)", re.I)
_QUOTE_END_BEFORE = re.compile(r"”[\s,]*$")
_THAT_OR_QUOTE = re.compile(r"\s*(?:that\b|[:,]?\s*“)", re.I)
_CONTENT_WORD = re.compile(r"[A-Za-z0][\w’']*")
_MIN_WORDS = 2
_MAX_CONTENT = 1500
_MAX_CUES_PER_SENTENCE = 24  # characters; longer "sentences" are run-ons, not one statement
# After "X, he said," the sentence goes on with its own verb, not a participle or preposition.
_CLAUSE_GOES_ON = re.compile(
    r"\s*(?![“0])(?!(?:and|but|or|as|while|though|although|because|since|in|on|at|to|for|with|from|by|of|after|before|during|when|according)\b)(?![a-z]+ing\b)\S"
)
# "X, officials said, a claim that Kyiv denies": a noun phrase and its relative clause sum up what
# was said in the writer's words; they do not go on with it
_SUMMING_UP = re.compile(r"\s*(?:a|an)\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*,?\s+(?:that|which)\b")
# "after 55 percent said so in December": "so" stands for words said before, and is none itself
_SAID_SO = re.compile(r"so(?:\s+(?:in|on|at|last|this|again|too|before|earlier|publicly|privately|recently|repeatedly)\b[^,;:“]*)?$", re.I)
_NARRATION = re.compile(r"\s+[a-z]")  # the writer's words go on after a quotation
_OF_AFTER = re.compile(r"\s+(?:of|about)\s")
# what places an unnamed source after its noun: "said one aide in the room", "said a person
# familiar with the matter" (to the end of the sentence or clause)
_SOURCE_PLACED = re.compile(
    r"\s+(?:familiar\s+with|close\s+to|in|at|inside|with|from|for)\s+(?:the|a|an|his|her|their|its)\s+"
    r"[\w’'.&-]+(?:\s+[\w’'.&-]+){0,3}?(?=[.;]?\s*$|,\s|\s+(?:on|last|this|early|late|earlier|later|yesterday|today)\b)"
)
_UNNAMED_OPENERS = frozenset({"a", "an", "one", "another", "two", "three", "several", "some"})
_DASH_SUMMING_UP = re.compile(r"\s+(?:—|--|–|-)\s+(?:a|an)\s(?:(?!--|\s-\s)[^—–])*$")  # "— a …" to the end
_QUOTING_ASIDE = re.compile(r",\s*(?:and\s+)?(?:I\s+)?quote\s*[,:]", re.I)  # "said, and I quote, “…”"
_PLURAL_NOUN_AHEAD = re.compile(r"\s+[a-z]+s\b")  # "300 pledged delegates"
_A_SENTENCE = re.compile(r"[\"'‘“]?[A-Z][^\s]*(?:\s+\S+){2}")  # a capital, then three words or more
_PARTICIPLE_AFTER = re.compile(r"\s+(?:and\s+)?(?:also\s+)?([a-z]+ing)\b")  # ", adding …"
# "told the crowd that", "told a cheering crowd in Ohio that": a listener in lower case, then "that"
# (not "told a woman who suggested that …": a relative clause is no listener)
_LISTENER_THEN_THAT = re.compile(
    r"\s+((?:(?:the|a|an|his|her|their|its|our|some|several)\s+)?[a-z][\w-]*"
    r"(?:\s+(?!(?:that|who|whom|whose|which|where|when|what|how|why|if|whether)\b)[a-z][\w-]*){0,4}"
    r"(?:\s+(?:in|at)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?)\s+that\b"
)
# words that end a listener's phrase: a relative or adverbial clause, or a preposition
_NOT_IN_LISTENER = (
    r"(?:that|who|whom|whose|which|how|why|what|where|when|whether|if|as|while|because|after|before|since"
    r"|though|although|until|of|about|for|to|in|on|at|by|with|from|and|or|but)"
)
# "told the forum he was …", "told his wife she would …": a listener, then a clause whose subject
# is a pronoun (the only subject that cannot be the end of the listener's phrase)
_LISTENER_THEN_PRONOUN = re.compile(
    r"\s+((?:the|a|an|his|her|their|its|our)(?:\s+(?!" + _NOT_IN_LISTENER + r"\b)[a-z][\w-]*){1,4}?)"
    r"\s+(?=(?:he|she|they|we|it|I)\s+[a-z])"
)
# "told the story that …", "told himself that …": not a listener of speech
_NARRATED = frozenset(
    "story stories tale tales joke jokes lie lies truth anecdote myself yourself himself herself itself ourselves"
    " yourselves themselves".split()
)
_AS_SAID = re.compile(r"\s*as\s*$", re.I)
_AS_SAID_VERBS = frozenset("said says noted notes wrote writes reported reports observed explained argued told".split())
_VERB_AFTER_COMMA = re.compile(
    r"\s*,\s*(?:will|would|could|should|can|cannot|may|might|must|is|are|was|were|has|have|had|does|did|do)\b"
)
_GAP_BEFORE = re.compile(r"[,”](?:\s+[a-z][\w-]*){1,4}\s*$")
_PREPOSITION = re.compile(
    r"\s+(?:(?:to|at|in|on|during|after|before|while|with|from|of|as|when|because|for|without|by|through|upon"
    r"|outside|inside|amid|since|following)\b"
    r"|(?:about|over|under|near)\b(?!\s+[\d$]))",  # "said about 20 people …": a number's "about" opens the words
    re.I,
)
_LATER_THAT = re.compile(r"[^,;:.“]*?\bthat\b")
# Characterisations count only when they quote the words: "called it a “stupid question”",
# "described it as a “pretty comprehensive effort”". Verbs that judge (``_JUDGE_AS``) quote only
# when what they judge is named "as" the quoted words ("condemned the attacks as an “unprovoked
# act”"), with the object between them; not "brand": a noun too. One scan finds both kinds.
# (the lookahead names the possible first letters, so the search skips other positions quickly)
_CHARACTERISE = re.compile(
    r"(?=[cdlt])\b(?:describ(?:e|es|ed|ing)|call(?:s|ed|ing)?|dubb(?:ed|ing)|label(?:l?ed|l?ing)|term(?:ed|ing)"
    r"|condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing))\b",
    re.I,
)
_JUDGE_AS = ("condemn", "denounc")
_AS_QUOTE_AHEAD = re.compile(r"(?:[^.;:“”]|\.(?!\s)){1,100}?\bas\s+(?:an?\s+|the\s+)?(“)")  # "U.S." inside
_QUOTE_AHEAD = re.compile(r"(?:\s+(?:it|him|her|them|this|that|the\s+\w+|his\s+\w+|her\s+\w+|their\s+\w+|as|an?|the|itself|himself|herself))*\s*(“)")
# A longer object before the quoted label: "called half of Donald Trump’s supporters “deplorables”"
# (two to six words; never "called on X to …" or "calls for …", nor a clause: "called a vote that …").
_OBJECT_THEN_QUOTE = re.compile(
    r"\s+(?!(?:on|for|off|up|out|back|upon|in)\b)"
    r"(?:(?!(?:to|that|who|which|and|or|but|because|after|before|when|while|if|at|in|on|for|with|by|from|into)\b)"
    r"[\w’'-]+\s+){2,6}(“)",
    re.I,
)


@dataclass(slots=True)
class Found:
    """An attribution before quotes are sorted out: content span(s), cue, speaker phrase, venue."""

    start: int
    end: int
    cue: str | None
    cue_start: int
    speaker: Phrase | None
    venue: str | None
    sentence: tuple[int, int]
    participle_of: "Found | None" = None  # ", adding that ..." continues another attribution's speaker
    pieces: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "indirect"
    lead_in: bool = False  # "X said:" at the end of a paragraph, the words follow
    characterisation: bool = False  # "called it a “…”": the quoted words are a partial quote


def _word_before(masked: str, pos: int) -> str:
    r"""The word ending (before spaces) at ``pos``, lower-case: ``([\w’'.-]+)\s*$`` within the 30
    characters before ``pos``, scanned backwards by hand (a regex search tries every start)."""
    lo = max(0, pos - 30)
    i = pos
    while i > lo and masked[i - 1].isspace():
        i -= 1
    j = i
    while j > lo and (masked[j - 1].isalnum() or masked[j - 1] in "_’'.-"):
        j -= 1
    return masked[j:i].lower()


def _char_before(masked: str, pos: int, lo: int) -> str:
    i = pos - 1
    while i >= lo and masked[i].isspace():
        i -= 1
    return masked[i] if i >= lo else ""


def _skip_time_and_venue(body: str, masked: str, pos: int, end: int) -> tuple[int, str | None]:
    venue = None
    for _ in range(4):
        m = TIME_RE.match(masked, pos, end) or masked.startswith(",", pos) and _QUOTING_ASIDE.match(masked, pos, end)
        if m:
            pos = m.end()
            continue
        v = venue_at(masked, pos, end)
        if v:
            venue = venue or body[v[0] : v[1]]
            pos = v[1]
            continue
        break
    return pos, venue


_WORDS_COUNTED = 5  # every caller of _words compares its count with 4 or less


def _words(masked: str, a: int, b: int) -> int:
    """The words in ``masked[a:b]`` (its first 200 characters), counted up to ``_WORDS_COUNTED``.
    perf: the count stops there, so a long clause is not scanned to its end."""
    n = 0
    for _ in _CONTENT_WORD.finditer(masked, a, min(b, a + 200)):
        n += 1
        if n == _WORDS_COUNTED:
            break
    return n


def _trim(masked: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (masked[a].isspace() or masked[a] in ",:;—–-"):
        a += 1
    while b > a and (masked[b - 1].isspace() or masked[b - 1] in ",.;:—–-"):
        b -= 1
    return a, b


def find_reported(body: str, masked: str, ss: int, se: int, cues: list[tuple[int, int]] | None = None) -> list[Found]:
    """Every attribution whose cue lies in the sentence ``masked[ss:se]``; ``cues`` are its
    ``cue_spans`` when the caller has them already."""
    found: list[Found] = []
    # "WASHINGTON (AP) — The vote is delayed, officials said.": the dateline is no part of the words
    own = past_dateline(masked, ss, se) if ss == 0 or masked[ss - 1] == "\n" else ss
    for n, (cs, ce) in enumerate(cue_spans(masked, ss, se) if cues is None else cues):
        if n >= _MAX_CUES_PER_SENTENCE:
            break  # a "sentence" with this many reporting verbs is not prose; stay linear
        if cs < own:
            continue
        f = _one_cue(body, masked, own, se, cs, ce, masked[cs:ce], found)
        if f is not None:
            f.sentence = (ss, se)
            found.append(f)
    if masked.find("“", ss, se) == -1:
        return found  # characterisations count only with a quotation ahead (_QUOTE_AHEAD)
    for n, m in enumerate(_CHARACTERISE.finditer(masked, ss, se)):
        if n >= _MAX_CUES_PER_SENTENCE:
            break
        ahead = _AS_QUOTE_AHEAD if m.group().lower().startswith(_JUDGE_AS) else _QUOTE_AHEAD
        q = ahead.match(masked, m.end(), se)
        if not q and ahead is _QUOTE_AHEAD:
            q = _OBJECT_THEN_QUOTE.match(masked, m.end(), se)
        if not q or m.group()[:1].isupper():
            continue
        speaker = subject_before(masked, ss, m.start())
        if speaker is None and masked[ss : m.start()].rstrip().endswith(("what", "which")):
            # "what he called a “stupid question”": the speaker follows "what"
            speaker = None
        if speaker is None:
            who = re.search(r"(?:what|which|whom?)\s+([\w’'.-]+(?:\s+[A-Z][\w’'.-]*){0,3})\s*$", masked[max(ss, m.start() - 80) : m.start()])
            if who:
                a = max(ss, m.start() - 80) + who.start(1)
                speaker = Phrase(a, a + len(who.group(1)), masked[a : a + len(who.group(1))])
        if speaker is None:
            continue
        qs = q.start(1)
        qe = masked.find("”", qs + 1, min(se, qs + _MAX_CONTENT))
        if qe == -1:
            continue
        f = Found(qs, qe + 1, m.group(), m.start(), speaker, None, (ss, se))
        f.characterisation = True
        found.append(f)
    return found


def _a_label(left: str) -> bool:
    """One singular word before a noun-or-verb cue: an adjective of a label ("Bold claim:"), not a
    subject that could say it (a plural "Critics claim:", a pronoun "They claim:")."""
    words = left.split()
    return len(words) == 1 and not words[0].lower().endswith("s") and words[0].lower() not in {"i", "we", "you", "they"}


def _one_cue(body: str, masked: str, ss: int, se: int, cs: int, ce: int, word: str, found: list[Found]) -> Found | None:
    low = " ".join(word.lower().split())
    prev = _word_before(masked, cs)
    if word[:1].isupper() and masked[max(ss, cs - 4) : cs].strip(" “\"'‘") and cs - ss > 3:
        return None  # "the Washington Post", "the United States": a capitalised verb form mid-sentence is a name
    if prev.endswith(("’s", "'s")):
        return None  # "Russia's reported information"
    if low.startswith("according"):
        return _according_to(body, masked, ss, se, cs, ce, word)
    if prev in _PASSIVE and not low.endswith("ing"):
        return None  # "was told", "is said to": the subject is not the speaker
    if low in AMBIGUOUS and (prev in _DETERMINER_BEFORE_NOUN or prev.endswith(("’s", "'s"))):
        return None  # "the report", "his statement"
    if prev in _NEGATED or prev.endswith(("n't", "n’t")):
        return None  # "did not say", "never said", "would not say whether": nothing was said
    if prev == "who" and _ANONYMITY.match(masked, ce, se):
        return None  # "one driver, who asked not to be named": a condition of the source, not speech
    if low in AMBIGUOUS and (prev.endswith("ed") or prev in _VERB_BEFORE_NOUN):
        return None  # "denied reports that …", "dismissed claims that …": the noun, object of a verb
    if prev in _DETERMINER_BEFORE_NOUN or prev in {"all", "aforesaid"}:
        return None  # "the said", "all told"
    if prev[:1].isdigit() and _PLURAL_NOUN_AHEAD.match(masked, ce):
        return None  # "1,280 pledged delegates": an adjective, counted
    if low == "wonder" and prev in {"no", "small"}:
        return None  # "No wonder Trump said …": an idiom, and the verb that follows has the speaker
    if low in AMBIGUOUS and not low.endswith("s") and masked[ce:ce + 2].strip().startswith(":") and _a_label(masked[ss:cs]):
        return None  # "Bold claim: “…”", "Final answer: …": a label, not "Critics claim: …"
    before = _char_before(masked, cs, ss)
    if before == "0" and _char_before(body, cs, ss) == "0":
        before = "9"  # "1,280 pledged delegates": a number, not a masked quotation
    participle_of = None
    speaker: Phrase | None = None
    if low.endswith("ing") and not low.startswith("point"):
        if before == ",":
            participle_of = found[-1] if found else None
            speaker = None if participle_of else first_subject(masked, ss, cs)
            if participle_of is None and speaker is None:
                return None
        elif prev in _PROGRESSIVE:
            speaker = subject_before(masked, ss, cs - len(prev) - 1)
            if speaker is None:
                return None
        elif prev in _PARTICIPLE_LINK and masked[ss:cs].count(",") == masked[ss:cs].count(",”"):
            # "… and suggesting that …", "while saying …": the clause's own subject speaks
            participle_of = found[-1] if found else None
            speaker = None if participle_of else first_subject(masked, ss, cs)
            if participle_of is None and speaker is None:
                return None
        else:
            with_subject = subject_before(masked, ss, cs)
            if with_subject is None or _word_before(masked, with_subject.start) not in {"with", "as"}:
                return None
            speaker = with_subject  # "with Senator Jane Doe telling reporters that …"
    # --- the right side: audience, time, venue, "that"
    pos = ce
    venue = None
    told_bare = False
    listener_then_that = False  # that "that" may begin a relative clause ("told a crowd that the campaign put at 3,000")
    aud_start = pos
    if low in AUDIENCE_VERBS:
        aud_end = audience_after(masked, pos, se)
        if aud_end > pos:
            venue = audience_venue(body, pos, aud_end)
            venue = f"{word} {venue}" if venue and low.startswith(("tell", "told")) else None
            pos = aud_end
        elif low.startswith(("tell", "told")):
            listener = _LISTENER_THEN_THAT.match(masked, pos, se) or _LISTENER_THEN_PRONOUN.match(masked, pos, se)
            if listener is not None and listener.group(1).rsplit(None, 1)[-1] not in _NARRATED:
                # "told the crowd that …", "told a news conference that …", "told the forum he was
                # …": a common-noun listener
                venue = f"{word} {' '.join(body[listener.start(1) : listener.end(1)].split())}"
                pos = listener.end(1)
                listener_then_that = True
            else:
                told_bare = True  # "told" without a listener is rarely speech ("all told", "told of")
    listened = aud_start < pos  # a listener follows the verb ("urged voters …")
    pos, v2 = _skip_time_and_venue(body, masked, pos, se)
    venue = venue or v2
    if low in _NEEDS_THAT and not _THAT_OR_QUOTE.match(masked, pos, se) and before not in ",”0“" and not _QUOTE_THEN_SPEAKER.search(masked, max(ss, cs - 45), cs) and not (
        low in INFINITIVE_VERBS and _INFINITIVE.match(masked, pos, se)
    ):
        return None
    # "promised to build a wall", "urged voters to stay home": the infinitive is the content
    infinitive = low in INFINITIVE_VERBS and _INFINITIVE.match(masked, pos, se) is not None
    if infinitive and listened and low not in {"tell", "tells", "told", "telling"}:
        pos = aud_start  # "urged voters to stay home": the listener is part of what was urged
    if low in AMBIGUOUS and not _THAT_OR_QUOTE.match(masked, pos, se) and not infinitive:
        return None  # "the Washington Post report." — a noun, not a verb
    parenthetical = masked[pos:pos + 1] == "," and not masked[pos + 1 : pos + 3].strip().startswith("“")
    prep = None if infinitive else _PREPOSITION.match(masked, pos, se)
    if prep:  # "said to a crowd of 500", "said during the debate that ..."
        that_at = _LATER_THAT.match(masked, prep.end(), min(se, prep.end() + 90))
        if that_at:
            pos = that_at.end()
        else:
            parenthetical = True
    right_end = min(se, pos + _MAX_CONTENT)  # bounded: one cue never scans a whole giant sentence
    if _SUBORDINATE_START.match(masked, ss, cs) and masked.find(",", ss, cs) == -1:
        # "When Trump announced his candidacy in June, he …": the clause ends at its comma
        comma = masked.find(",", pos, right_end)
        if comma != -1:
            right_end = comma
    cut = _CUT.search(masked, pos, right_end)
    if cut and cut.start() > pos:
        right_end = cut.start()
    that = THAT_RE.match(masked, pos, right_end)
    rs = that.end() if that else pos
    if (that and "that" in that.group().lower() and _PREP_AFTER_THAT.match(masked, that.end(), right_end)
            and _words(masked, that.end(), right_end) <= 4 and masked.find("“", that.end(), right_end) == -1):
        return None  # "has been saying that for a year": "that" is what was said, not a clause
    rs, re_ = _trim(masked, rs, right_end)
    if masked.startswith(("so", "So"), rs) and _SAID_SO.match(masked, rs, re_):
        return None  # "said so in December": nothing of its own was said
    right_words = _words(masked, rs, re_)
    right_has_quote = masked.find("“", rs, re_) != -1  # no slice of up to _MAX_CONTENT characters
    colon_lead = se - pos < 8 and masked[pos:se].strip() == ":"
    sentence = (ss, se)
    if speaker is None and participle_of is None:
        if (before in ",”0" or before == "“") and not low.startswith(("tell", "told")):
            # inverted order: "“…,” said Mr. Putin." / "…, said one official." (never with "told":
            # in "“…,” the mayor, Jane Ortiz, told reporters" what follows is the audience)
            # "…,” Ann Lee, a fellow at X, said of RT.": what it was said of, not who said it
            inv = None if _OF_AFTER.match(masked, ce, se) else subject_after(masked, ce, se, any_noun=low in _SAID)
            goes_on = _clause_goes_on_after(masked, inv, se) if inv is not None else -1
            if inv is not None and goes_on >= 0:
                # "The plan, said Rafael Santos, will fail.": the clause goes on after the name (or
                # after his description), and what follows the comma is the rest of what was said
                ls, le = _trim(masked, max(ss, cs - _MAX_CONTENT), cs)
                rs2, re2 = _trim(masked, masked.index(",", goes_on, se) + 1, se)
                if le > ls and re2 > rs2:
                    who = Phrase(inv.start, inv.end, inv.text) if goes_on == inv.end else inv
                    f = Found(ls, le, word, cs, who, venue, sentence)
                    f.pieces = [(ls, le), (rs2, re2)]
                    f.end = re2
                    return f
            if inv is not None and inv.text.lower() not in {"that", "it"}:
                after, v3 = _skip_time_and_venue(body, masked, max(inv.end, inv.desc_end), se)
                placed = (
                    _SOURCE_PLACED.match(masked, inv.end, se)
                    if inv.description is None and inv.text.split(None, 1)[0].lower() in _UNNAMED_OPENERS else None
                )
                if placed is not None:  # "…, said one aide in the room." — where the aide was is who
                    inv = Phrase(inv.start, placed.end(), masked[inv.start : placed.end()])
                    after, v3 = _skip_time_and_venue(body, masked, inv.end, se)
                rest = masked[after : min(se, after + 40)].strip(" .,")
                ls, le = _trim(masked, max(ss, cs - _MAX_CONTENT), cs)
                label = masked.rfind(": “", ls, le)
                if label != -1 and masked.find("”", label, le) >= le - 2:
                    ls = label + 2  # "Her verdict: “…,” said X": the quotation, not its label
                quoted_left = le > ls and masked[ls] == "“" and masked[le - 1] == "”"
                # after "“…,” said X" anything may follow (a relative clause about X)
                # "…, said a person familiar with the talks, who asked not to be named."
                described = rest.startswith("who ") and masked[after : after + 2].startswith(",")
                if not rest or _CUT.match(masked, after) or rest.startswith(("“", "0")) or described or quoted_left:
                    if _words(masked, ls, le) >= _MIN_WORDS or masked.find("“", ls, le) != -1:
                        f = Found(ls, le, word, cs, inv, venue or v3, sentence)
                        if rest.startswith("“"):  # "“A,” said X, “B.”"
                            rs2, re2 = _trim(masked, after, se)
                            f.pieces = [(ls, le), (rs2, re2)]
                            f.end = re2
                        return f
        speaker = subject_before(masked, ss, cs)
        if speaker is not None and speaker.start - ss > 8 and (
            _word_before(masked, speaker.start) in _OBJECT_LINK or _POSTMODIFIED.search(masked, max(ss, speaker.start - 60), speaker.start)
        ):
            # "Activists trying to block the plan say": "the plan" is inside the subject, not it
            loose = loose_subject_before(masked, ss, cs)
            if loose is not None and loose.start < speaker.start and _POSTMODIFIED.search(masked, loose.start, speaker.start):
                speaker = loose
        if speaker is None:
            speaker = loose_subject_before(masked, ss, cs)
            if speaker is None or low.endswith("ing"):
                return None
    if (speaker is not None and masked[ce : ce + 1] == "," and not masked[ce + 1 : ce + 4].lstrip().startswith("“")
            and _word_before(masked, speaker.start) in CLAUSE_OPENERS):
        return None  # "Later, after the interview concluded, the host …": the clause says nothing
    bare = speaker is not None and speaker.start - ss < 3 and right_words == 0  # "Mark Tan asked."
    if low in QUESTION_VERBS and not (right_has_quote or infinitive or _QUESTION_START.match(masked, rs, re_) or before in ",”" or bare):
        return None
    if colon_lead:
        return Found(se, se, word, cs, speaker, venue, sentence, participle_of, lead_in=True)
    # "“…,” Jane Doe told a cheering crowd in Ohio." — the quotation right before the speaker is the
    # content; the words after the verb are the audience or the occasion, not what was said
    prefer_left = (
        speaker is not None
        and participle_of is None
        and not right_has_quote
        and (listener_then_that or not _THAT_OR_COLON.match(masked, pos, se))
        and _QUOTE_END_BEFORE.search(masked, max(ss, speaker.start - 6), speaker.start) is not None
    )
    if told_bare and not prefer_left:
        return None
    if prefer_left and venue is None and low.startswith(("tell", "told")) and re_ > rs:
        venue = f"{word} {' '.join(body[rs : min(re_, rs + 80)].split(',')[0].split())}"
    if right_words == 1 and _YES_NO.match(masked, rs, re_):
        right_words = _MIN_WORDS  # "Everyone but one director said yes."
    if (right_words >= _MIN_WORDS or right_has_quote) and not (parenthetical and participle_of is None) and not prefer_left:
        if right_has_quote and masked[rs] == "“":
            re_ = _quotation_before_narration(body, masked, rs, re_)
        re_ = _before_dash_gloss(masked, rs, re_)
        f = Found(rs, re_, word, cs, speaker, venue, sentence, participle_of)
        if right_has_quote and speaker is not None and masked[rs] == "“":
            # "“A,” Mr. Doe said, “B.”": the quotation before the speaker is the first piece
            ls, le = _trim(masked, max(ss, speaker.start - _MAX_CONTENT), speaker.start)
            if le > ls and masked[ls] == "“" and masked[le - 1] == "”" and "”" not in masked[ls:le].rstrip("”"):
                f.pieces = [(ls, le), (rs, re_)]
                f.start = ls
        return f
    # the left side: "CLAUSE, X said." / "“…,” X said."
    if speaker is None or _word_before(masked, speaker.start) in CLAUSE_OPENERS:
        return None  # "“…,” Warren told Stumpf, after he admitted …": what came before is not what he admitted
    cut_at = speaker.start
    if parenthetical and right_words >= _MIN_WORDS and low in _AS_SAID_VERBS and _AS_SAID.match(masked, ss, cut_at):
        # "As Jane Doe said, the plan failed." — the words follow the comma (but "As Freddy joked
        # with his friend, his brother grew impatient" tells when)
        comma = masked.find(",", pos, right_end)
        rs2, re2 = _trim(masked, comma + 1, right_end) if comma != -1 else (pos, pos)
        return Found(rs2, re2, word, cs, speaker, venue, sentence) if re2 > rs2 else None
    if _char_before(masked, cut_at, ss) not in ",”:" and cut_at > ss:
        # "“…,” former presidential candidate Jane Doe said": unlisted words of a title
        gap = _GAP_BEFORE.search(masked, max(ss, cut_at - 60), cut_at)
        loose = None if gap else loose_subject_before(masked, ss, cs)
        if gap:
            cut_at = gap.start() + 1
        elif loose is not None and loose.start < cut_at and _char_before(masked, loose.start, ss) in ",”":
            speaker, cut_at = loose, loose.start  # "“…,” the Senate minority leader said"
        else:
            return None
    ls, le = _trim(masked, max(ss, cut_at - _MAX_CONTENT), cut_at)
    if ls < le < ls + 40 and TIME_RE.fullmatch(" " + masked[ls:le]):  # a short span: a time is a few words
        return None  # "On Friday, Gingrich told X, that …": when it was said is not what
    two_sided = parenthetical and right_words >= _MIN_WORDS and masked[pos : pos + 1] == ","
    enough = _words(masked, ls, le) >= (1 if two_sided else _MIN_WORDS)
    # after _trim a non-empty span starts with a non-space: "masked[ls:le].strip()" is "le > ls"
    if le > ls and (enough or masked.find("“", ls, le) != -1):
        f = Found(ls, le, word, cs, speaker, venue, sentence)
        if (parenthetical and right_words >= _MIN_WORDS and masked[pos : pos + 1] == ","
                and _CLAUSE_GOES_ON.match(masked, pos + 1, right_end) and not _SUMMING_UP.match(masked, pos + 1, right_end)):
            # "The hashtag, he said, was even more popular": the words on both sides
            rs2, re2 = _trim(masked, pos + 1, right_end)
            f.pieces = [(ls, le), (rs2, re2)]
            f.end = re2
        return f
    if le <= ls:
        # "Hegseth said." alone: the words are in the sentence before (a quotation ending in ?/!)
        return Found(ss, ss, word, cs, speaker, venue, sentence, lead_in=False)
    return None


def _quotation_before_narration(body: str, masked: str, rs: int, re_: int) -> int:
    """Where what was said ends when it opens with a quotation: "said, “We will win,” and left the
    stage" ends at the quotation, the narration after it being the writer's. A quoted phrase
    ("“a major lawsuit,” according to"), a second quotation or a reporting participle after it
    ("…,” adding that …") keep the whole span."""
    close = masked.find("”", rs + 1, re_)
    if close <= rs + 1 or body[close - 1] not in ",.?!" or not _NARRATION.match(masked, close + 1, re_):
        return re_
    if not _A_SENTENCE.match(body, rs + 1, close) or masked.find("“", close, re_) != -1:
        return re_
    then = _PARTICIPLE_AFTER.match(masked, close + 1, re_)
    return re_ if then and is_cue_word(then.group(1)) else close + 1


def _before_dash_gloss(masked: str, rs: int, re_: int) -> int:
    """Where what was said ends before the writer's gloss after a dash: "said he was encouraged by
    the plan — a modest boost for Obama". A pair of dashes ("— a former judge —") is an aside
    inside what was said."""
    if masked.find("—", rs, re_) == -1 and masked.find("-", rs, re_) == -1 and masked.find("–", rs, re_) == -1:
        return re_
    gloss = _DASH_SUMMING_UP.search(masked, rs, re_)
    return gloss.start() if gloss is not None and gloss.start() > rs else re_


def _clause_goes_on_after(masked: str, inv: Phrase, se: int) -> int:
    """Where a verb continues the clause after an inverted speaker with a description: right after
    the name ("said X, will fail": the description was the clause) or after the description ("said
    X, a planner, will fail"); -1 when none does."""
    if inv.description is None:
        return -1
    if _VERB_AFTER_COMMA.match(masked, inv.end, se):
        return inv.end
    if inv.desc_end > inv.end and _VERB_AFTER_COMMA.match(masked, inv.desc_end, se):
        return inv.desc_end
    return -1


def _describes_to_the_end(masked: str, src: Phrase, se: int) -> bool:
    """The source's description ("an economist") is all that follows it in the sentence: with what
    was said before "according to", it describes the source and is not more of what was said."""
    description = src.description or ""
    return (
        src.desc_end != -1 and _INDEFINITE_START.match(description) is not None
        and not _FINITE.search(description) and not masked[src.desc_end : se].strip(" .;:")
    )


def _according_to(body: str, masked: str, ss: int, se: int, cs: int, ce: int, word: str) -> Found | None:
    word = "according to"  # the cue as a phrase, whatever its case at the start of a sentence
    src = subject_after(masked, ce, se)
    if src is None or _LOOSE_SOURCE_AHEAD.match(masked, src.end, se):
        src = source_after(masked, ce, se) or src
    if src is None:
        return None
    after = src.end
    # skip an appositive after the source ("according to Jane Doe, a spokeswoman, ...") only when
    # the sentence goes on after it; otherwise the "appositive" is the content itself
    if src.description and src.desc_end != -1 and masked[src.desc_end : src.desc_end + 1] == "," and _APPOSITIVE_START.match(src.description) and not _FINITE.search(src.description):
        after = src.desc_end
    after, venue = _skip_time_and_venue(body, masked, after, se)
    left = _trim(masked, max(ss, cs - _MAX_CONTENT), cs)
    right = _trim(masked, after, min(se, after + _MAX_CONTENT))
    left_words = _words(masked, *left)
    right_words = _words(masked, *right)
    sentence = (ss, se)
    if left_words >= _MIN_WORDS and right_words >= _MIN_WORDS and masked[left[1] : cs].strip(" ") in {",", ""}:
        if _describes_to_the_end(masked, src, se):  # "Sales fell, according to Jane Doe, an economist."
            return Found(left[0], left[1], word, cs, src, venue, sentence)
        f = Found(left[0], right[1], word, cs, src, venue, sentence)
        f.pieces = [left, right]
        return f
    if (right_words >= _MIN_WORDS or masked[right[0] : right[0] + 1] == "“") and left_words == 0:
        return Found(right[0], right[1], word, cs, src, venue, sentence)
    if left_words >= _MIN_WORDS:
        return Found(left[0], left[1], word, cs, src, venue, sentence)
    return None
