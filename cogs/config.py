"""Per-server configuration: /config moderator-role (Manage Server only)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.ui.checks import actor_of, manage_server_only
from cogs.ui.embeds import safe


@app_commands.guild_only()  # on the group: a subcommand's own mark does not hide it from DMs
class Config(commands.GroupCog, group_name="config", group_description="Server settings for QuoteDesk"):
    def __init__(self, bot: commands.Bot) -> None:
        self.desk = bot.desk  # type: ignore[attr-defined]
        super().__init__()

    @app_commands.command(name="moderator-role", description="Members with this role may ingest and remove articles")
    @app_commands.describe(role="The moderator role")
    @app_commands.guild_only()
    @manage_server_only()
    async def moderator_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        await self.desk.store.update_guild_settings(interaction.guild_id, actor=actor_of(interaction), moderator_role_id=role.id)
        await interaction.response.send_message(
            f"Members with the role **{safe(role.name)}** can now curate the corpus.",
            ephemeral=True, allowed_mentions=discord.AllowedMentions.none(),
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Config(bot))
