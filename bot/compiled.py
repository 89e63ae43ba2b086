"""The modules that run compiled (mypyc), and the guard that keeps a stale build from running.

``setup.py`` compiles ``COMPILED_MODULES`` into C extensions and writes ``DIGEST_NAME``: a digest of
their sources and of the modules whose types they rely on. Python imports an extension in
preference to the ``.py`` beside it, so after a source is edited (an editable install, a working
tree) the old extension would silently keep running. ``use_current_sources`` runs on import of
``bot``: when the build is incomplete, unrecorded or no longer matches the sources, or when
``QUOTEDESK_PURE_PYTHON`` is set, every compiled module is loaded from its source instead (all of
them: compiled modules call each other directly, so they cannot be mixed), with one warning that
says how to rebuild. Only the standard library is imported here; ``setup.py`` imports this module.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
import warnings
from pathlib import Path

COMPILED_MODULES = (
    "bot.extraction",
    "bot.extraction.cues",
    "bot.extraction.direct",
    "bot.extraction.mentions",
    "bot.extraction.quotemarks",
    "bot.extraction.reported",
    "bot.extraction.roles",
    "bot.extraction.subjects",
    "bot.extraction.transcript",
    "bot.extraction.venues",
    "bot.sentences",
)
# Not compiled, but their types are compiled into the modules above.
TYPE_DEPENDENCIES = ("bot.models", "bot.lexicon.gazetteer")
GROUP_NAME = "quotedesk_extractor"  # mypyc compiles the modules as one group, into one shared library
GROUP_LIBRARY = GROUP_NAME + "__mypyc"
PURE_PYTHON_ENV = "QUOTEDESK_PURE_PYTHON"

_ROOT = Path(__file__).resolve().parent.parent  # the directory that holds the ``bot`` package
DIGEST_NAME = "bot/compiled.digest"  # under the root


def module_path(name: str, root: Path | None = None) -> str:
    """``bot.extraction`` -> ``bot/extraction/__init__.py``; relative unless ``root`` is given."""
    base = Path(*name.split("."))
    rel = base / "__init__.py" if (_ROOT / base).is_dir() else base.with_suffix(".py")
    return str(root / rel) if root else rel.as_posix()


def sources_digest(root: Path = _ROOT) -> str:
    digest = hashlib.sha256()
    for name in COMPILED_MODULES + TYPE_DEPENDENCIES:
        digest.update(name.encode() + b"\0" + Path(module_path(name, root)).read_bytes() + b"\0")
    return digest.hexdigest()


def write_digest(root: Path = _ROOT) -> None:
    """Record the sources being compiled (``setup.py``, at build time)."""
    (root / DIGEST_NAME).write_text(sources_digest(root) + "\n", encoding="utf-8")


def extension_of(name: str, root: Path = _ROOT) -> Path | None:
    """The compiled extension of module ``name`` (``bot/sentences.cpython-311-….so``), if built."""
    source = Path(module_path(name, root))
    stem = "__init__" if source.name == "__init__.py" else source.stem
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def _group_library_built(root: Path) -> bool:
    return any((root / (GROUP_LIBRARY + suffix)).exists() for suffix in importlib.machinery.EXTENSION_SUFFIXES)


def build_state(root: Path = _ROOT) -> str:
    """``none`` (a pure Python install), ``current`` (extensions built from these sources) or
    why they cannot run: ``incomplete``, ``unrecorded`` or ``stale``."""
    built = [name for name in COMPILED_MODULES if extension_of(name, root) is not None]
    if not built:
        return "none"
    if len(built) < len(COMPILED_MODULES) or not _group_library_built(root):
        return "incomplete"
    try:
        recorded = (root / DIGEST_NAME).read_text(encoding="utf-8").strip()
    except OSError:
        return "unrecorded"
    return "current" if recorded == sources_digest(root) else "stale"


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' ``.py`` sources ahead of their extensions."""

    def find_spec(self, fullname: str, path=None, target=None):  # noqa: ANN001 (importlib's signature)
        if fullname not in COMPILED_MODULES:
            return None
        source = Path(module_path(fullname, _ROOT))
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source, submodule_search_locations=package)


def _sources_forced() -> bool:
    return any(isinstance(finder, _SourceFirst) for finder in sys.meta_path)


def compiled_in_use() -> bool:
    return not _sources_forced() and build_state() == "current"


_WHY = {
    "stale": "its sources changed since it was built",
    "incomplete": "some of its extensions are missing",
    "unrecorded": "its build left no record of its sources",
}


def use_current_sources() -> None:
    """Load the compiled modules from source unless their extensions are current (see the module doc)."""
    if _sources_forced():
        return
    if os.environ.get(PURE_PYTHON_ENV):
        sys.meta_path.insert(0, _SourceFirst())
        return
    state = build_state()
    if state in ("none", "current"):
        return
    sys.meta_path.insert(0, _SourceFirst())
    warnings.warn(
        f"not running the compiled extractor: {_WHY[state]}. Running it as Python (slower); rebuild "
        f"with `pip install -e .`, or set {PURE_PYTHON_ENV}=1 to silence this.",
        RuntimeWarning,
        stacklevel=2,
    )
