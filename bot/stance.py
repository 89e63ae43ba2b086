"""Whether a sentence that carries a claim also reports a denial or a dispute of it.

``sources`` matches claims by their words, so "Moscow denied that it is feeding Tehran data" carries
the same words as the claim it denies. Telling a report from a denial needs the reader; marking the
sentences that hold denial or dispute language tells the reader where to look.
"""

from __future__ import annotations

import re

# "deny" in the sense of withholding ("denied him bail", "denied the request") is not a dispute
_WITHHELD = r"(?:access|entry|bail|visas?|permission|permits?|requests?|applications?|appeals?|service|benefits?|coverage|parole)"
_OBJECT = r"(?:claims?|reports?|allegations?|accounts?|assertions?|suggestions?|accusations?|charges?|rumou?rs?|stories|story)"
_DISPUTE = re.compile(
    rf"""\b(?:
        den(?:y|ies|ied|ying)\b(?!\s+(?:[\w’']+\s+){{0,2}}?{_WITHHELD}\b)
      | denials?\b
      | (?:reject|dismiss|disput|refut|debunk|contest|challeng)\w*\s+(?:(?:the|that|these|those|such|this|an?|his|her|their|its)\s+)?(?:[\w’'-]+\s+){{0,2}}?{_OBJECT}\b
      | (?:dismiss|reject)\w*\s+(?:it|them|this|that)\s+as\b
      | false(?:ly)?\b | baseless\b | unfounded\b | untrue\b | not\s+true\b | no\s+evidence\b
      | hoax\b | fabricat\w+
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def reports_dispute(sentence: str) -> bool:
    """Whether the sentence holds the language of a denial or dispute ("denied", "baseless",
    "dismissed the report", "no evidence"); not whether the claim is false."""
    return _DISPUTE.search(sentence) is not None
