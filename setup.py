"""Build hook: compiles the quote extractor with mypyc where it can.

Everything else about the package is declared in pyproject.toml. The extractor (``bot/extraction``
and ``bot/sentences.py``) is plain, type-checked Python; mypyc turns those modules into C
extensions that give the same output about a third faster (README, "Speed and size"). The build
records a digest of the sources it compiled (``bot/compiled.py`` reads it), so an extension left
behind by an edited source is never run. Set ``QUOTEDESK_PURE_PYTHON=1`` to build without
compiling; a build that cannot compile (no C compiler) installs the same modules as Python.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).parent))
# bot/__init__ and bot/compiled import only the standard library, so this works before the dependencies
from bot.compiled import COMPILED_MODULES, GROUP_NAME, module_path, write_digest  # noqa: E402


# Only the commands that build need the extensions (metadata queries would type-check for nothing).
_BUILDING = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _extensions() -> list:
    if os.environ.get("QUOTEDESK_PURE_PYTHON") or not _BUILDING.intersection(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify

        extensions = mypycify(
            # only the compiled modules must type-check; what they import is read for its types
            ["--follow-imports=silent", "--ignore-missing-imports"] + [module_path(name) for name in COMPILED_MODULES],
            opt_level="3",
            group_name=GROUP_NAME,
        )
    except (Exception, SystemExit) as exc:  # mypyc missing or a type error: install as Python
        print(f"warning: not compiling the extractor ({exc!r}); it installs as Python", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # no C compiler: build_ext warns and the modules stay Python
    write_digest()
    return extensions


setup(ext_modules=_extensions())
