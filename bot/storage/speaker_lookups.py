"""What the batch writer has read about shared speakers, kept from one batch to the next.

perf: storing a quote looks its speaker's name up among the shared speakers (the candidates with
that name or surname, and a moderator's pin on it). A load meets the same few thousand names again
and again: at 100k articles the writer ran 5.4 candidate queries and 6.4 pin queries per article,
for under 3,000 distinct names in 4,500 articles. Each answer is kept here until something the
writer does could change it (a new alias for one of its names, a new name or title for one of its
speakers), and all of them go when anything else writes (see ``SqliteStore``).

No SQL here: the store reads the rows and reports what it writes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

Candidate = tuple[int, str, "str | None"]  # speaker id, name, title
Names = tuple[str, str]  # the alias norms looked up: the whole name's and the surname's


class SpeakerLookups:
    """Candidates by the names looked up, pins by name; forgets exactly what a write may change."""

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self.valid_at: Hashable = None  # the database state the entries are true of
        self._candidates: dict[Names, list[Candidate]] = {}
        self._pins: dict[str, int | None] = {}
        self._by_norm: dict[str, set[Names]] = {}
        self._by_speaker: dict[int, set[Names]] = {}

    def __len__(self) -> int:
        return len(self._candidates) + len(self._pins)

    def candidates(self, names: Names, read: Callable[[Names], list[Candidate]]) -> list[Candidate]:
        found = self._candidates.get(names)
        if found is None:
            self._make_room()
            found = self._candidates[names] = read(names)
            for norm in set(names):
                self._by_norm.setdefault(norm, set()).add(names)
            for speaker_id, _, _ in found:
                self._by_speaker.setdefault(speaker_id, set()).add(names)
        return found

    def pin(self, norm: str, read: Callable[[str], int | None]) -> int | None:
        if norm not in self._pins:
            self._make_room()
            self._pins[norm] = read(norm)
        return self._pins[norm]

    def aliases_added(self, norms: Iterable[str]) -> None:
        """A speaker now answers to these names: lookups of them may find one more candidate."""
        for norm in norms:
            for names in self._by_norm.pop(norm, ()):
                self._candidates.pop(names, None)

    def speaker_changed(self, speaker_id: int) -> None:
        """A speaker's name or title changed: the candidate lists holding it are stale."""
        for names in self._by_speaker.pop(speaker_id, ()):
            self._candidates.pop(names, None)

    def clear(self) -> None:
        self.valid_at = None
        self._candidates.clear()
        self._pins.clear()
        self._by_norm.clear()
        self._by_speaker.clear()

    def _make_room(self) -> None:
        if len(self) >= self.max_entries:
            valid_at = self.valid_at
            self.clear()
            self.valid_at = valid_at
