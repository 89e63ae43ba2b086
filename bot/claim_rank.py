"""How `sources` weighs word evidence and semantic evidence for one candidate sentence.

Pure functions over plain numbers, so ``python -m bench.semantic`` can sweep every setting over the
same candidates without re-running searches. The shipped setting (:data:`SHIPPED`) was chosen by
that sweep on ``bench/paraphrases.json``; the README has the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Word rule (unchanged from the words-only engine): enough of the claim's weighted terms, calibrated
# on bench/eval_questions.json; it lives in bot.search as SOURCES_MIN_COVERAGE.

# Semantic rule, measured with bench/paraphrases.json (python -m bench.semantic --sweep):
SEMANTIC_MIN_COSINE = 0.60  # a sentence this close to the claim reports it, even without shared words
SEMANTIC_SUPPORTED_COSINE = 0.50  # ... or this close when it also shares some of the claim's words
SEMANTIC_SUPPORT_COVERAGE = 0.30  # "some": this share of the claim's weighted terms
SEMANTIC_WEIGHT = 0.5  # ranking: weight of the cosine against the word coverage
SEMANTIC_CANDIDATES = 60  # nearest sentences fetched from the vector index per claim


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known about one candidate sentence."""

    coverage: float  # weighted share of the claim's terms in the sentence, 0..1
    words_ok: bool  # the word rule holds (enough terms, coverage over the threshold)
    entities_ok: bool  # every entity the claim names is in the sentence
    cosine: float | None  # similarity to the claim; None: no vector (semantic off, not embedded)


@dataclass(frozen=True, slots=True)
class Ranking:
    """One way to decide and score: ``words`` (the word index alone), ``embeddings`` (cosine
    alone) or ``combined``."""

    mode: Literal["words", "embeddings", "combined"] = "combined"
    min_cosine: float = SEMANTIC_MIN_COSINE
    supported_cosine: float = SEMANTIC_SUPPORTED_COSINE
    support_coverage: float = SEMANTIC_SUPPORT_COVERAGE
    weight: float = SEMANTIC_WEIGHT
    entity_rule: bool = True  # semantic matches must name the claim's entities too

    def score(self, evidence: Evidence) -> float | None:
        """The sentence's score in [0, 1], or None when it does not report the claim."""
        cosine = evidence.cosine
        if self.mode == "words" or cosine is None:
            return evidence.coverage if evidence.words_ok else None
        if self.mode == "embeddings":
            return max(0.0, cosine) if cosine >= self.min_cosine else None
        semantic_ok = cosine >= self.min_cosine or (
            cosine >= self.supported_cosine and evidence.coverage >= self.support_coverage
        )
        if self.entity_rule and not evidence.entities_ok:
            semantic_ok = False
        if not (evidence.words_ok or semantic_ok):
            return None
        return min(1.0, self.weight * max(0.0, cosine) + (1 - self.weight) * evidence.coverage)


SHIPPED = Ranking()
WORDS_ONLY = Ranking(mode="words")
