"""The Discord client: a ``commands.Bot`` that opens the engine and loads one cog per feature.

This module and ``bot.runner`` are the only parts of ``bot`` that import discord.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import discord
from discord import app_commands
from discord.ext import commands

from bot.engine import QuoteDesk
from bot.settings import Settings

log = logging.getLogger("quotedesk.bot")

FEATURE_COGS = (
    "cogs.questions", "cogs.browse", "cogs.moderation", "cogs.curation", "cogs.config", "cogs.digest", "cogs.membership",
)


DRAIN_SECONDS = 5.0  # on shutdown, how long answers already being written may take to reach Discord


class _TrackingTree(app_commands.CommandTree):
    """Remembers the commands being answered, so that a shutdown lets them finish."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        task = asyncio.current_task()
        if task is not None:
            in_flight: set[asyncio.Task] = self.client.in_flight  # type: ignore[attr-defined]
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        return True


class QuoteDeskBot(commands.Bot):
    desk: QuoteDesk

    def __init__(self, settings: Settings, db_path: Path | None = None, *, desk: QuoteDesk | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,  # slash commands only; no message content needed
            intents=discord.Intents.default(),
            allowed_mentions=discord.AllowedMentions.none(),  # nothing we post can ping anyone
            help_command=None,
            tree_cls=_TrackingTree,
        )
        self.in_flight: set[asyncio.Task] = set()
        self.settings = settings
        self.db_path = db_path
        self._given_desk = desk
        from cogs.ui.errors import on_tree_error

        self.tree.on_error = on_tree_error  # set here, before login, so test harnesses can wrap it

    async def setup_hook(self) -> None:
        self.desk = self._given_desk or await QuoteDesk.open(self.settings, self.db_path)
        self.desk.clock = discord.utils.utcnow  # Discord's clock (simulated in tests)
        self.desk.warm_up()  # the semantic model loads while commands sync
        for name in FEATURE_COGS:
            await self.load_extension(name)
        await self.sync_commands()

    async def sync_commands(self) -> None:
        guild_ids = self.settings.dev_guild_ids
        if guild_ids:
            for guild_id in guild_ids:  # development: instant, per guild
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                await self.tree.sync(guild=guild)
            log.info("commands synced to %d development guild(s)", len(guild_ids))
        else:
            await self.tree.sync()
            log.info("commands synced globally")

    async def on_ready(self) -> None:
        log.info("ready as %s in %d guild(s)", self.user, len(self.guilds))

    async def close(self) -> None:
        pending = self.in_flight - {asyncio.current_task()}
        if pending:  # a question asked just before shutdown still gets its answer
            log.info("letting %d command(s) finish before closing", len(pending))
            await asyncio.wait(pending, timeout=DRAIN_SECONDS)
        try:
            await super().close()
        finally:
            desk = getattr(self, "desk", None)
            if desk is not None and self._given_desk is None:
                await desk.close()
                log.info("database closed")
