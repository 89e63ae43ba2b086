"""PolNeAR loading and scoring, exactly as ../shared/polnear/README.md defines it.

Corpus: Newell, Margolin and Ruths, "An Attribution Relations Corpus for Political News", LREC 2018.

Layout: ``<split>/text/<stem>.txt`` (first line the headline) and
``<split>/attributions/<stem>_<annotator>.ann`` (brat standoff; the first annotator in sorted order).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

# --- gold ------------------------------------------------------------------------------------------

# Reporting words of speech ("and the like" in the README): verbs of saying and publishing. Beliefs,
# intentions and characterisations (think, want, called X a Y, described) are not speech.
_REPORTING_LEMMAS = (
    "add ask tweet state declare explain note argue insist claim announce reply respond warn urge"
    " acknowledge admit testify report confirm deny suggest recall predict promise vow pledge reveal"
    " comment remark mention assert contend reiterate repeat complain allege concede boast joke quip"
    " emphasize emphasise stress observe retort shout yell post answer conclude continue counter"
    " charge lament recount exclaim whisper concur agree disclose estimate blog"
).split()
_IRREGULAR = "say says said saying tell tells told telling write writes wrote written writing".split()


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma, lemma + "s", stem + "ed", stem + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":  # reply -> replies, replied
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if lemma.endswith(("sh", "ch", "ss", "x")):
        forms.add(lemma + "es")
    if lemma in {"quip", "admit", "blog", "concur", "vow"}:  # doubled consonant
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


REPORTING_WORDS = frozenset(_IRREGULAR).union(*(_inflections(lemma) for lemma in _REPORTING_LEMMAS))
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")


@dataclass(slots=True)
class Attribution:
    content: str
    content_spans: list[tuple[int, int]]
    cue: str
    source: str | None
    is_speech: bool


@dataclass(slots=True)
class Article:
    stem: str
    text: str
    attributions: list[Attribution] = field(default_factory=list)

    @property
    def speech(self) -> list[Attribution]:
        return [a for a in self.attributions if a.is_speech]


def is_speech_cue(cue: str) -> bool:
    """A cue is speech when it contains a reporting word or is a lone colon."""
    if cue.strip() == ":":
        return True
    low = cue.lower()
    if "according to" in " ".join(low.split()) or re.search(r"\bpoint(?:s|ed|ing)? out\b", low):
        return True
    return any(w in REPORTING_WORDS for w in _WORD.findall(low))


def _parse_spans(raw: str) -> list[tuple[int, int]]:
    spans = []
    for piece in raw.split(";"):
        a, b = piece.split()
        spans.append((int(a), int(b)))
    return spans


def load_article(text_path: Path, ann_path: Path | None) -> Article:
    text = text_path.read_text(encoding="utf-8")
    article = Article(stem=text_path.stem, text=text)
    if ann_path is None:
        return article
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[dict[str, str]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, raw = parts[1].partition(" ")
            try:
                spans[parts[0]] = (label, _parse_spans(raw))
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            roles = {}
            for item in parts[1].split():
                role, _, ref = item.partition(":")
                roles[role] = ref
            events.append(roles)

    def span_text(ref: str | None) -> tuple[str, list[tuple[int, int]]]:
        if not ref or ref not in spans:
            return "", []
        pieces = spans[ref][1]
        return " ".join(text[a:b] for a, b in pieces), pieces

    for roles in events:
        content, content_spans = span_text(roles.get("Content"))
        if not content_spans:
            continue
        cue, _ = span_text(roles.get("Cue"))
        source, source_spans = span_text(roles.get("Source"))
        article.attributions.append(
            Attribution(
                content=content,
                content_spans=content_spans,
                cue=cue,
                source=source if source_spans else None,
                is_speech=is_speech_cue(cue),
            )
        )
    return article


def load_split(split_dir: str | Path) -> list[Article]:
    split = Path(split_dir)
    anns: dict[str, Path] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        anns.setdefault(stem, ann)  # first annotator in sorted order
    return [load_article(p, anns.get(p.stem)) for p in sorted((split / "text").glob("*.txt"))]


# --- matching --------------------------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def overlap(pred: Counter[str], gold: Counter[str]) -> tuple[float, float]:
    """Shares of (gold, prediction) covered by the multiset of common tokens."""
    common = sum((pred & gold).values())
    g = sum(gold.values()) or 1
    p = sum(pred.values()) or 1
    return common / g, common / p


def matches(pred: Counter[str], gold: Counter[str]) -> bool:
    g, p = overlap(pred, gold)
    return g >= 0.5 and p >= 0.3


PRONOUNS = frozenset(
    "i me my we us our you your he him his she her they them their it its one who whom which that this"
    " these those myself himself herself themselves ourselves".split()
)
_TITLE_WORDS = frozenset(
    """
    president presidential vice secretary mr mrs ms miss dr sen senator rep representative gov governor
    former candidate nominee democratic republican gop u s us the a an of and chairman chair ceo chief
    spokesman spokeswoman spokesperson minister prime gen general adviser advisor campaign manager
    director sir lady lord judge justice attorney mayor speaker leader majority minority house white
    state states united press sec rev prof professor official officials jr sr told said says
    """.split()
)


def content_words(text: str) -> set[str]:
    return {w.replace("’", "'").removesuffix("'s") for w in _WORD.findall(text.lower())} - _TITLE_WORDS - PRONOUNS


def is_pronoun_source(source: str | None) -> bool:
    if not source:
        return True
    words = _WORD.findall(source.lower())
    return bool(words) and all(w in PRONOUNS for w in words)


def speaker_correct(gold_source: str, pred_name: str | None) -> bool:
    if not pred_name:
        return False
    g, p = content_words(gold_source), content_words(pred_name)
    if not g or not p:  # "the official", "officials": only title words; compare the words themselves
        g = g or _plain_words(gold_source)
        p = p or _plain_words(pred_name)
    return bool(g & p)


def _plain_words(text: str) -> set[str]:
    return {w.removesuffix("'s").removesuffix("’s") for w in _WORD.findall(text.lower())} - PRONOUNS - {"the", "a", "an", "of"}


# --- scoring ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class Prediction:
    text: str
    speaker: str | None = None
    kind: str = ""
    cue: str | None = None


@dataclass
class Report:
    predictions: int = 0
    correct_predictions: int = 0
    gold: int = 0
    gold_found: int = 0
    speaker_pairs: int = 0
    speaker_correct: int = 0
    nested_partials: int = 0  # partial quotes inside a predicted reported clause of the same speaker
    nested_partials_correct: int = 0
    missed: list[tuple[str, Attribution]] = field(default_factory=list)
    false: list[tuple[str, Prediction]] = field(default_factory=list)
    wrong_speaker: list[tuple[str, Attribution, Prediction]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct_predictions / self.predictions if self.predictions else 0.0

    @property
    def precision_folded(self) -> float:
        """Precision counting a partial quote inside its own predicted clause as part of that clause."""
        n = self.predictions - self.nested_partials
        ok = self.correct_predictions - self.nested_partials_correct
        return ok / n if n else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_pairs if self.speaker_pairs else 0.0


def score_article(article: Article, predictions: Sequence[Prediction], report: Report) -> None:
    pred_tokens = [tokens(p.text) for p in predictions]
    gold_tokens = [tokens(a.content) for a in article.attributions]
    report.predictions += len(predictions)
    for p, pt in zip(predictions, pred_tokens):
        ok = any(matches(pt, gt) for gt in gold_tokens)
        if ok:
            report.correct_predictions += 1
        else:
            report.false.append((article.stem, p))
        if p.kind == "partial" and any(
            q.kind == "indirect" and q.speaker == p.speaker and p.text in q.text for q in predictions
        ):
            report.nested_partials += 1
            report.nested_partials_correct += ok
    for attr, gt in zip(article.attributions, gold_tokens):
        if not attr.is_speech:
            continue
        report.gold += 1
        best: tuple[float, int] | None = None
        for i, pt in enumerate(pred_tokens):
            g, p = overlap(pt, gt)
            if g >= 0.5 and p >= 0.3:
                f = 2 * g * p / (g + p)
                if best is None or f > best[0]:
                    best = (f, i)
        if best is None:
            report.missed.append((article.stem, attr))
            continue
        report.gold_found += 1
        if is_pronoun_source(attr.source):
            continue
        pred = predictions[best[1]]
        report.speaker_pairs += 1
        if speaker_correct(attr.source or "", pred.speaker):
            report.speaker_correct += 1
        else:
            report.wrong_speaker.append((article.stem, attr, pred))


def score(articles: Iterable[Article], predictions: dict[str, Sequence[Prediction]]) -> Report:
    report = Report()
    for article in articles:
        score_article(article, predictions.get(article.stem, []), report)
    return report
