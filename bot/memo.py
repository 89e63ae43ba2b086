"""A bounded memo for a pure function whose inputs repeat.

News repeats itself word for word: wire copies, boilerplate, the statement every outlet quotes. A
worker that has indexed a sentence or stemmed a word recently looks the result up instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict[K, V]):
    """``memo[key]`` is ``function(key)``, computed once while the memo holds it.

    perf: a hit is one dict lookup, about half the cost of an ``lru_cache`` hit, and nothing is
    tracked per use; when full, the memo empties at once instead of evicting entry by entry.
    """

    def __init__(self, function: Callable[[K], V], max_size: int) -> None:
        super().__init__()
        self._function = function
        self.max_size = max_size

    def __missing__(self, key: K) -> V:
        if len(self) >= self.max_size:
            self.clear()
        value = self[key] = self._function(key)
        return value
