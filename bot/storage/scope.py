"""What a caller may see: one guild's articles plus the shared corpus, or everything (the CLI)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    guild_id: int | None = None
    everything: bool = False
    own: bool = False  # only the guild's own articles (what its moderators may change)

    @classmethod
    def all(cls) -> "Scope":
        """The command line's view: every article of every guild."""
        return cls(everything=True)

    @classmethod
    def guild(cls, guild_id: int | None) -> "Scope":
        """A guild sees its own articles and the shared ones (seeds, CLI loads without --guild)."""
        return cls(guild_id=guild_id)

    @classmethod
    def shared(cls) -> "Scope":
        return cls(guild_id=None)

    def own_only(self) -> "Scope":
        return Scope(guild_id=self.guild_id, own=True)

    def sql(self, alias: str = "a") -> tuple[str, tuple[object, ...]]:
        """A WHERE fragment limiting ``alias`` (an articles row) to this scope."""
        if self.everything:
            return "1", ()
        if self.own:
            if self.guild_id is None:
                return "0", ()
            return f"{alias}.guild_id = ?", (self.guild_id,)
        if self.guild_id is None:
            return f"{alias}.guild_id IS NULL", ()
        return f"({alias}.guild_id IS NULL OR {alias}.guild_id = ?)", (self.guild_id,)


@dataclass(frozen=True, slots=True)
class Filters:
    """Filters users put on any question: a date range and an outlet."""

    since: str | None = None
    until: str | None = None
    outlet: str | None = None

    def __post_init__(self) -> None:
        if self.outlet is not None:  # "Reuters " as typed is "Reuters"
            object.__setattr__(self, "outlet", " ".join(self.outlet.split()) or None)

    def sql(self, alias: str = "a") -> tuple[str, tuple[object, ...]]:
        parts: list[str] = []
        params: list[object] = []
        if self.since:
            parts.append(f"{alias}.date >= ?")
            params.append(self.since)
        if self.until:
            parts.append(f"{alias}.date <= ?")
            params.append(self.until)
        if self.outlet:
            parts.append(f"{alias}.outlet LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(self.outlet) + "%")
        return (" AND ".join(parts) or "1"), tuple(params)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
