"""Peak resident memory of this process's children, as each child itself reached it.

``getrusage(RUSAGE_CHILDREN).ru_maxrss`` does not give that. Linux carries a process's high-water
mark across ``exec``, and a child started by ``fork`` or ``vfork`` and then ``exec`` (how
multiprocessing's "spawn" starts a worker) begins with its parent's peak. The bench's 100k load
builds its list of 90,000 files (paths, manifest rows) before it starts its workers, so its parent
is at 234 MB by then: ``RUSAGE_CHILDREN`` reported 234 MB for workers whose own peak was 96 MB.

A child's own high-water mark is ``VmHWM`` in ``/proc/PID/status``. :class:`ChildPeaks` reads it for
every child of every thread of this process, every ``interval`` seconds, while they run. The mark
only rises, so a reading misses only what a child gains in its last moments before it exits.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

_KIB_PER_MB = 1024


def _children(proc: Path) -> set[int]:
    """The live children of every thread of this process (``/proc/PID/task/TID/children``)."""
    pids: set[int] = set()
    for task in proc.glob("task/*"):
        try:
            pids.update(int(pid) for pid in (task / "children").read_text().split())
        except (OSError, ValueError):  # the thread or its file is gone
            continue
    return pids


def _high_water_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):  # it exited meanwhile
        return None
    return None


class ChildPeaks:
    """While in the ``with`` block, the peak resident memory each child process reaches.

    ``supported`` is False where ``/proc`` does not list a process's children (not Linux); then
    ``largest_mb`` is None and the caller must fall back on ``RUSAGE_CHILDREN``, an upper bound.
    """

    def __init__(self, interval: float = 0.25) -> None:
        self.interval = interval
        self._proc = Path(f"/proc/{os.getpid()}")
        self.supported = any(task.joinpath("children").exists() for task in self._proc.glob("task/*"))
        self.peaks_kib: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="bench-child-peaks", daemon=True)

    def sample(self) -> None:
        for pid in _children(self._proc):
            kib = _high_water_kib(pid)
            if kib is not None and kib > self.peaks_kib.get(pid, 0):
                self.peaks_kib[pid] = kib

    @property
    def largest_mb(self) -> float | None:
        """The largest child's peak, MB (0.0 when no child ran; None when not measurable here)."""
        if not self.supported:
            return None
        return max(self.peaks_kib.values(), default=0) / _KIB_PER_MB

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> ChildPeaks:
        if self.supported:
            self.sample()
            self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.supported:
            self._stop.set()
            self._thread.join()
            self.sample()
