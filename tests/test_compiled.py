"""The compiled extractor (mypyc): the same answers as its Python source, and never a stale build."""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot import compiled
from bot.extraction import extract_quotes
from bot.parsing import detect_format, parse_article
from tests.conftest import SEEDS

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _copy_sources(root: Path) -> None:
    for name in compiled.COMPILED_MODULES + compiled.TYPE_DEPENDENCIES:
        target = root / compiled.module_path(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / compiled.module_path(name), target)


def _fake_build(root: Path) -> None:
    """What setup.py leaves behind: an extension beside each source, the group library, the digest."""
    for name in compiled.COMPILED_MODULES:
        source = root / compiled.module_path(name)
        stem = "__init__" if source.name == "__init__.py" else source.stem
        source.with_name(stem + SUFFIX).write_bytes(b"")
    (root / (compiled.GROUP_LIBRARY + SUFFIX)).write_bytes(b"")
    compiled.write_digest(root)


def test_a_build_runs_only_while_it_matches_its_sources(tmp_path: Path) -> None:
    _copy_sources(tmp_path)
    assert compiled.build_state(tmp_path) == "none"  # a pure Python install
    _fake_build(tmp_path)
    assert compiled.build_state(tmp_path) == "current"

    reported = tmp_path / compiled.module_path("bot.extraction.reported")
    reported.write_text(reported.read_text() + "\n# an edit after the build\n")
    assert compiled.build_state(tmp_path) == "stale"

    compiled.write_digest(tmp_path)  # rebuilt
    assert compiled.build_state(tmp_path) == "current"
    models = tmp_path / "bot/models.py"  # not compiled, but its types are compiled in
    models.write_text(models.read_text() + "\n")
    assert compiled.build_state(tmp_path) == "stale"

    (tmp_path / compiled.DIGEST_NAME).unlink()
    assert compiled.build_state(tmp_path) == "unrecorded"
    next(tmp_path.rglob(f"cues{SUFFIX}")).unlink()
    assert compiled.build_state(tmp_path) == "incomplete"


def _extract_in_subprocess(env_extra: dict[str, str], texts: list[str]) -> dict:
    script = (
        "import json, sys\n"
        "from bot import compiled\n"
        "from bot.extraction import extract_quotes\n"
        "import bot.extraction\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps({'file': bot.extraction.__file__, 'in_use': compiled.compiled_in_use(),"
        " 'quotes': [[repr(q) for q in extract_quotes(t)] for t in texts]}))\n"
    )
    env = {**os.environ, **env_extra}
    done = subprocess.run(
        [sys.executable, "-c", script], input=json.dumps(texts), capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    return json.loads(done.stdout)


def _seed_bodies() -> list[str]:
    bodies = []
    for path in sorted(SEEDS.iterdir()):
        if path.suffix in (".txt", ".html", ".md"):
            text = path.read_text(encoding="utf-8")
            bodies.append(parse_article(text, detect_format(path.name, text)).body)
    return bodies


def test_pure_python_is_forced_by_the_environment_and_gives_the_same_quotes() -> None:
    bodies = _seed_bodies()
    assert bodies
    pure = _extract_in_subprocess({compiled.PURE_PYTHON_ENV: "1"}, bodies)
    assert pure["file"].endswith("__init__.py") and pure["in_use"] is False
    # this process runs whatever the install built: compiled when current, else the same source
    assert pure["quotes"] == [[repr(q) for q in extract_quotes(body)] for body in bodies]
    assert sum(map(len, pure["quotes"])) > 20


@pytest.mark.skipif(compiled.build_state() != "current", reason="no current compiled build here (no C compiler, built with QUOTEDESK_PURE_PYTHON, or sources edited since)")
def test_an_install_that_compiled_runs_the_extensions() -> None:
    compiled_run = _extract_in_subprocess({compiled.PURE_PYTHON_ENV: ""}, ["“We will win,” Jane Doe said."])
    assert compiled_run["in_use"] is True and not compiled_run["file"].endswith(".py")
    assert compiled_run["quotes"][0] and "We will win" in compiled_run["quotes"][0][0]
