"""How `sources` weighs word evidence and semantic evidence for one candidate sentence.

Pure functions over plain numbers, so ``python -m bench.semantic --sweep`` can try every setting on
the same candidates without searching again. The shipped setting (:data:`SHIPPED`) is the one that
sweep chose on ``bench/paraphrases.json``; the README has the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# The word rule is unchanged from the words-only engine (bot.search.SOURCES_MIN_COVERAGE, calibrated
# on bench/eval_questions.json). The semantic rule, measured (python -m bench.semantic --sweep):
SEMANTIC_MIN_COSINE = 0.60  # a sentence this close to the claim reports it, even sharing no word;
# 0.575 found 6 points more paraphrases but also a near miss, 0.55 an unrelated claim.
SEMANTIC_WEIGHT = 1.0  # ranking: the cosine alone (0.5 with word coverage ranked 2 points worse)
SEMANTIC_ENTITY_RULE = "window"  # the claim's entities in the sentence or the one before ("it said")
SEMANTIC_CANDIDATES = 60  # nearest sentences fetched from the vector index per claim
SEMANTIC_FLOOR = 0.40  # below this cosine no setting of the sweep accepts: skip further checks

EntityRule = Literal["sentence", "window", "off"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """What is known about one candidate sentence."""

    coverage: float  # weighted share of the claim's terms in the sentence, 0..1
    words_ok: bool  # the word rule holds (enough terms, coverage over the threshold, entities)
    entities_ok: bool  # every entity the claim names is in the sentence
    entities_near: bool  # ... in the sentence or the one before it (pronouns: "it said")
    cosine: float | None  # similarity to the claim; None: no vector (semantic off, not embedded)


@dataclass(frozen=True, slots=True)
class Ranking:
    """One way to decide and score: ``words`` (the word index alone), ``embeddings`` (cosine
    alone) or ``combined`` (either rule accepts; scored by ``weight``)."""

    mode: Literal["words", "embeddings", "combined"] = "combined"
    min_cosine: float = SEMANTIC_MIN_COSINE
    weight: float = SEMANTIC_WEIGHT
    entity_rule: EntityRule = SEMANTIC_ENTITY_RULE  # semantic matches must name the claim's entities too

    def score(self, evidence: Evidence) -> float | None:
        """The sentence's score in [0, 1], or None when it does not report the claim."""
        cosine = evidence.cosine
        if self.mode == "words" or cosine is None:
            return evidence.coverage if evidence.words_ok else None
        if self.mode == "embeddings":
            return max(0.0, cosine) if cosine >= self.min_cosine else None
        entities = {"sentence": evidence.entities_ok, "window": evidence.entities_near, "off": True}[self.entity_rule]
        semantic_ok = cosine >= self.min_cosine and entities
        if not (evidence.words_ok or semantic_ok):
            return None
        return min(1.0, self.weight * max(0.0, cosine) + (1 - self.weight) * evidence.coverage)


SHIPPED = Ranking()
WORDS_ONLY = Ranking(mode="words")
