"""A progress bar for long command-line jobs (``reindex``), on stderr so stdout stays the answer.

On a terminal it redraws one line; in a log (CI, a pipe) it prints a line every ten per cent.
"""

from __future__ import annotations

import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, stream: TextIO, width: int = 30) -> None:
        self.label = label
        self.stream = stream
        self.width = width
        self.tty = stream.isatty()
        self._started = time.monotonic()
        self._last_tenth = -1
        self._drawn = False

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._drawn and self.tty:
            self.stream.write("\n")
            self.stream.flush()

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` items (called by the job after every batch)."""
        share = done / total if total else 1.0
        elapsed = time.monotonic() - self._started
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"{self.label} {done:,}/{total:,} ({share:.0%}, {rate:,.0f}/s)"
        if self.tty:
            filled = int(share * self.width)
            self.stream.write(f"\r[{'#' * filled}{' ' * (self.width - filled)}] {line}")
        else:
            tenth = int(share * 10)
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(line + "\n")
        self._drawn = True
        self.stream.flush()
