"""Lazy, once-only loading of the committed data files in bot/lexicon/data/."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def read_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file (UTF-8)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return tuple(
        line.rstrip("\r\n") for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
