"""Settings from the environment and ``.env`` (names fixed by docs/CONTRACT.md)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = None
    database_path: Path = Path("./data/quotedesk.db")
    seed_dir: str = "./seeds"  # empty string: no seeding
    log_level: str = "INFO"
    max_article_bytes: int = Field(default=2_000_000, gt=0)
    dev_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str = "wss://gateway.discord.gg"
    allow_private_urls: bool = False
    semantic_model: str = "sentence-transformers/all-MiniLM-L6-v2"
    # Beyond the contract: operational knobs with safe defaults.
    fetch_timeout_seconds: float = Field(default=15.0, gt=0)
    purge_grace_days: int = Field(default=30, ge=0)
    digest_check_seconds: int = Field(default=60, ge=1)  # how often the scheduler looks for due digests

    @field_validator("dev_guild_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", "").split(",") if part]
        if isinstance(value, int):
            return [value]
        return value

    @property
    def seed_path(self) -> Path | None:
        return Path(self.seed_dir) if self.seed_dir.strip() else None


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
