"""Shared fixtures: a real store on a temporary SQLite file, seeded or empty."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Semantic matching (the optional extra) is off unless a test turns it on (tests/test_semantic.py):
# loading a model costs seconds per process. CLI subprocesses inherit this; nothing downloads.
os.environ["SEMANTIC_MODEL"] = ""
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_path": tmp_path / "quotedesk.db",
        "seed_dir": str(SEEDS),
        "discord_token": None,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
async def desk(settings: Settings):
    """The engine over the five seed articles."""
    from bot.engine import QuoteDesk

    engine = await QuoteDesk.open(settings)
    yield engine
    await engine.close()


@pytest.fixture
async def empty_desk(tmp_path: Path):
    from bot.engine import QuoteDesk

    engine = await QuoteDesk.open(make_settings(tmp_path, seed_dir=""))
    yield engine
    await engine.close()

