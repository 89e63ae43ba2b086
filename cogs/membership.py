"""A clean exit: when the bot leaves a guild its data is purged after a grace period; /purge does it now.

The grace period (``PURGE_GRACE_DAYS``) lets a guild that removed the bot by mistake come back with
its corpus intact. Guilds removed while the bot was offline are noticed at start-up.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.textout import counted
from cogs.questions import scope_of
from cogs.ui.confirm import Confirm
from cogs.ui.errors import UserFacingError

log = logging.getLogger("quotedesk.membership")


class Membership(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.desk = bot.desk  # type: ignore[attr-defined]
        self.grace_days: int = bot.settings.purge_grace_days  # type: ignore[attr-defined]
        self.purger.start()

    async def cog_unload(self) -> None:
        self.purger.cancel()

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.desk.curation.guild_left(guild.id)
        log.info("left guild %s: its data will be deleted in %d days unless it comes back", guild.id, self.grace_days)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        if await self.desk.curation.guild_returned(guild.id):
            log.info("guild %s came back: its data is kept", guild.id)

    @tasks.loop(hours=6)  # a purge a few hours after the grace period ends is soon enough
    async def purger(self) -> None:
        try:
            for guild_id in await self.desk.curation.purge_due(self.grace_days):
                log.info("purged the data of guild %s (left more than %d days ago)", guild_id, self.grace_days)
        except Exception:  # tasks.loop stops for good on an error: log it and try at the next run
            log.exception("purging departed guilds failed; trying again in six hours")

    @purger.before_loop
    async def _notice_departures(self) -> None:
        await self.bot.wait_until_ready()
        missing = await self.desk.curation.guilds_left_while_away({guild.id for guild in self.bot.guilds})
        if missing:
            log.info("%d guild(s) removed the bot while it was offline: purge scheduled", len(missing))

    @app_commands.command(name="purge", description="Delete this server's articles, settings and history now (server owner)")
    @app_commands.guild_only()
    async def purge(self, interaction: discord.Interaction) -> None:
        guild = interaction.guild
        if guild is None or interaction.user.id != guild.owner_id:
            raise UserFacingError("Only the server owner can purge this server's data.")
        counts = await self.desk.stats(scope_of(interaction).own_only())

        async def purge_now(_: discord.Interaction) -> str:
            done = await self.desk.curation.purge(guild.id)
            return (f"Deleted this server's {counted(done['articles'], 'article')}, its settings and "
                    f"{counted(done['history'], 'history event')}. The shared corpus is untouched.")

        view = Confirm(interaction.user.id, purge_now, confirm_label="Delete everything", kept="Nothing was deleted.")
        await view.ask(interaction, f"Delete all of this server's QuoteDesk data — {counted(counts['articles'], 'article')} "
                                    f"with {counted(counts['quotes'], 'quote')}, the settings and the history? This cannot be undone.")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Membership(bot))
